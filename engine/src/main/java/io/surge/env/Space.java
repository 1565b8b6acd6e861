package io.surge.env;

/**
 * An observation or action space in Gymnasium's sense: either {@link Discrete} (actions
 * {@code 0..n-1}) or {@link Box} (a float32 array with per-element bounds).
 *
 * <p>Spaces are immutable values made once at start-up; nothing on a hot path creates one.
 */
public sealed interface Space permits Space.Discrete, Space.Box
{
    /**
     * Number of floats one element of this space occupies in a flat buffer: 1 for a discrete
     * space (the action index), the product of the shape for a box.
     *
     * @return the flat size in floats.
     */
    int flatSize();

    /**
     * A discrete space {@code {0, 1, ..., n-1}}.
     *
     * @param n number of elements, at least 1.
     */
    record Discrete(int n) implements Space
    {
        /**
         * Checks the size.
         *
         * @param n number of elements, at least 1.
         */
        public Discrete
        {
            if (n < 1)
            {
                throw new IllegalArgumentException("Discrete space needs n >= 1, got " + n);
            }
        }

        @Override
        public int flatSize()
        {
            return 1;
        }
    }

    /**
     * A box of float32 values with a shape and element-wise bounds (row-major, as NumPy).
     * Bounds may be infinite.
     *
     * @param shape dimensions, each at least 1.
     * @param low   lower bounds, one per element (flattened).
     * @param high  upper bounds, one per element (flattened).
     */
    record Box(int[] shape, float[] low, float[] high) implements Space
    {
        /**
         * Checks that the bounds match the shape.
         *
         * @param shape dimensions.
         * @param low   lower bounds.
         * @param high  upper bounds.
         */
        public Box
        {
            int size = 1;
            for (final int d : shape)
            {
                if (d < 1)
                {
                    throw new IllegalArgumentException("Box dimension must be >= 1, got " + d);
                }
                size *= d;
            }
            if (low.length != size || high.length != size)
            {
                throw new IllegalArgumentException(
                    "Box bounds must have " + size + " elements, got low=" + low.length + " high=" + high.length);
            }
        }

        /**
         * A box whose every element has the same bounds.
         *
         * @param low   the lower bound of every element.
         * @param high  the upper bound of every element.
         * @param shape the dimensions.
         * @return the box.
         */
        public static Box uniform(final float low, final float high, final int... shape)
        {
            int size = 1;
            for (final int d : shape)
            {
                size *= d;
            }
            final float[] lo = new float[size];
            final float[] hi = new float[size];
            java.util.Arrays.fill(lo, low);
            java.util.Arrays.fill(hi, high);
            return new Box(shape.clone(), lo, hi);
        }

        @Override
        public int flatSize()
        {
            return low.length;
        }
    }
}
