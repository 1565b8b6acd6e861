package io.surge.nn;

import java.util.Arrays;

/**
 * One named tensor of a network's flat parameter vector: a view {@code [offset, offset + size)}
 * with a row-major shape. Names follow PyTorch's {@code state_dict} style
 * ({@code "0.weight"}, {@code "3.bias"}, {@code "2.weight_ih_l0"}), so an export loads by name.
 *
 * @param name   the tensor's name, unique within its network.
 * @param shape  the dimensions, outermost first (a Dense weight is {@code [out, in]}).
 * @param offset index of its first element in the flat vector.
 */
public record ParameterTensor(String name, int[] shape, int offset)
{
    /**
     * Validates and copies the shape.
     *
     * @param name   the name.
     * @param shape  the dimensions.
     * @param offset the offset.
     */
    public ParameterTensor
    {
        shape = shape.clone();
        for (final int d : shape)
        {
            if (d <= 0)
            {
                throw new IllegalArgumentException("tensor " + name + ": dimensions must be positive, got "
                    + Arrays.toString(shape));
            }
        }
    }

    /**
     * The shape (a copy).
     *
     * @return the dimensions.
     */
    @Override
    public int[] shape()
    {
        return shape.clone();
    }

    /**
     * The number of elements, the product of the shape.
     *
     * @return the element count.
     */
    public int size()
    {
        int n = 1;
        for (final int d : shape)
        {
            n *= d;
        }
        return n;
    }

    @Override
    public boolean equals(final Object o)
    {
        return o instanceof ParameterTensor t && t.name.equals(name) && t.offset == offset
            && Arrays.equals(t.shape, shape);
    }

    @Override
    public int hashCode()
    {
        return name.hashCode() * 31 + Arrays.hashCode(shape) * 17 + offset;
    }

    @Override
    public String toString()
    {
        return name + Arrays.toString(shape) + "@" + offset;
    }
}
