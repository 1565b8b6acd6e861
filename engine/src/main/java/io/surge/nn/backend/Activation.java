package io.surge.nn.backend;

/**
 * Elementwise activation functions. Every derivative is computed from the activation's
 * <em>output</em> y (not its input), so backward passes need only the stored outputs:
 * <ul>
 *   <li>{@link #IDENTITY}: y = x, dy/dx = 1;</li>
 *   <li>{@link #RELU}: y = max(0, x), dy/dx = [y &gt; 0];</li>
 *   <li>{@link #TANH}: y = tanh(x), dy/dx = 1 - y²;</li>
 *   <li>{@link #SIGMOID}: y = 1 / (1 + e^-x), dy/dx = y (1 - y);</li>
 *   <li>{@link #ELU}: y = x for x &gt; 0, else e^x - 1 (α = 1, Clevert et al. 2016); dy/dx = 1 for y &gt; 0, else y + 1.</li>
 * </ul>
 */
public enum Activation
{
    /** y = x. */
    IDENTITY,
    /** y = max(0, x). */
    RELU,
    /** y = tanh(x). */
    TANH,
    /** y = 1 / (1 + exp(-x)). */
    SIGMOID,
    /** y = x if x &gt; 0 else exp(x) - 1 (α = 1). */
    ELU;

    /**
     * Applies the function to one value, in float64 (the reference used by tests and scalar code).
     *
     * @param x the input.
     * @return f(x).
     */
    public double apply(final double x)
    {
        return switch (this)
        {
            case IDENTITY -> x;
            case RELU -> x > 0 ? x : 0;
            case TANH -> Math.tanh(x);
            case SIGMOID -> 1.0 / (1.0 + Math.exp(-x));
            case ELU -> x > 0 ? x : Math.expm1(x);
        };
    }

    /**
     * The derivative at the point whose output is {@code y}.
     *
     * @param y the activation's output.
     * @return f'(x) where f(x) = y.
     */
    public double derivativeFromOutput(final double y)
    {
        return switch (this)
        {
            case IDENTITY -> 1;
            case RELU -> y > 0 ? 1 : 0;
            case TANH -> 1 - y * y;
            case SIGMOID -> y * (1 - y);
            case ELU -> y > 0 ? 1 : y + 1;
        };
    }
}
