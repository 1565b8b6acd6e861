package io.surge.nn.backend;

/**
 * One GEMM implementation (vector, scalar, or a parallel split over others); same contract as
 * {@link Backend#gemm}. Not thread-safe: an instance may own packing buffers.
 */
interface Gemm
{
    /**
     * See {@link Backend#gemm}.
     *
     * @param transA whether A is stored transposed.
     * @param transB whether B is stored transposed.
     * @param m      rows of C.
     * @param n      columns of C.
     * @param k      shared dimension.
     * @param a      A.
     * @param aOff   A's offset.
     * @param lda    A's leading dimension.
     * @param b      B.
     * @param bOff   B's offset.
     * @param ldb    B's leading dimension.
     * @param beta   scale of the existing C.
     * @param c      C.
     * @param cOff   C's offset.
     * @param ldc    C's leading dimension.
     */
    void gemm(boolean transA, boolean transB, int m, int n, int k,
              float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
              float beta, float[] c, int cOff, int ldc);

    /**
     * A short description for logs.
     *
     * @return the description.
     */
    String describe();
}
