package io.surge.experience;

import org.agrona.MutableDirectBuffer;

/**
 * Flyweight over one record laid out as {@link TransitionDescriptor} says: wrap a buffer at an
 * offset, then read or write the fields. Holds no data of its own; reuse one per thread.
 *
 * <p>Threading: not thread-safe. Memory: allocates nothing after construction.
 */
public final class TransitionRecord
{
    private final TransitionDescriptor descriptor;
    private final int observationOffset;
    private MutableDirectBuffer buffer;
    private int offset;

    /**
     * A flyweight for one layout.
     *
     * @param descriptor the layout.
     */
    public TransitionRecord(final TransitionDescriptor descriptor)
    {
        this.descriptor = descriptor;
        this.observationOffset = descriptor.observationOffset();
    }

    /**
     * Points the flyweight at a record.
     *
     * @param buffer the buffer.
     * @param offset the record's first byte.
     * @return this.
     */
    public TransitionRecord wrap(final MutableDirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    /**
     * The layout.
     *
     * @return the descriptor.
     */
    public TransitionDescriptor descriptor()
    {
        return descriptor;
    }

    /**
     * Zeroes the whole record (including padding).
     *
     * @return this.
     */
    public TransitionRecord clear()
    {
        buffer.setMemory(offset, descriptor.recordLength(), (byte)0);
        return this;
    }

    /**
     * Sets the stream id.
     *
     * @param value the id, {@code >= 0}.
     * @return this.
     */
    public TransitionRecord streamId(final int value)
    {
        buffer.putInt(offset + TransitionDescriptor.STREAM_ID_OFFSET, value);
        return this;
    }

    /**
     * The stream id.
     *
     * @return the id.
     */
    public int streamId()
    {
        return buffer.getInt(offset + TransitionDescriptor.STREAM_ID_OFFSET);
    }

    /**
     * Sets the flags.
     *
     * @param value a combination of {@code TransitionDescriptor.FLAG_*}.
     * @return this.
     */
    public TransitionRecord flags(final int value)
    {
        buffer.putShort(offset + TransitionDescriptor.FLAGS_OFFSET, (short)value);
        return this;
    }

    /**
     * The flags.
     *
     * @return the flags.
     */
    public int flags()
    {
        return buffer.getShort(offset + TransitionDescriptor.FLAGS_OFFSET);
    }

    /**
     * Sets the number of steps k to the bootstrap state.
     *
     * @param value k, 0 for none.
     * @return this.
     */
    public TransitionRecord bootstrapSteps(final int value)
    {
        buffer.putShort(offset + TransitionDescriptor.BOOTSTRAP_STEPS_OFFSET, (short)value);
        return this;
    }

    /**
     * The number of steps k to the bootstrap state.
     *
     * @return k.
     */
    public int bootstrapSteps()
    {
        return buffer.getShort(offset + TransitionDescriptor.BOOTSTRAP_STEPS_OFFSET);
    }

    /**
     * Sets the one-step reward.
     *
     * @param value r_t.
     * @return this.
     */
    public TransitionRecord reward(final float value)
    {
        buffer.putFloat(offset + TransitionDescriptor.REWARD_OFFSET, value);
        return this;
    }

    /**
     * The one-step reward.
     *
     * @return r_t.
     */
    public float reward()
    {
        return buffer.getFloat(offset + TransitionDescriptor.REWARD_OFFSET);
    }

    /**
     * Sets the one-step discount.
     *
     * @param value d_t.
     * @return this.
     */
    public TransitionRecord discount(final float value)
    {
        buffer.putFloat(offset + TransitionDescriptor.DISCOUNT_OFFSET, value);
        return this;
    }

    /**
     * The one-step discount.
     *
     * @return d_t.
     */
    public float discount()
    {
        return buffer.getFloat(offset + TransitionDescriptor.DISCOUNT_OFFSET);
    }

    /**
     * Sets the n-step return.
     *
     * @param value G_t.
     * @return this.
     */
    public TransitionRecord nStepReturn(final float value)
    {
        buffer.putFloat(offset + TransitionDescriptor.RETURN_OFFSET, value);
        return this;
    }

    /**
     * The n-step return.
     *
     * @return G_t.
     */
    public float nStepReturn()
    {
        return buffer.getFloat(offset + TransitionDescriptor.RETURN_OFFSET);
    }

    /**
     * Sets the bootstrap discount.
     *
     * @param value γ^k, or 0 after a termination.
     * @return this.
     */
    public TransitionRecord bootstrapDiscount(final float value)
    {
        buffer.putFloat(offset + TransitionDescriptor.BOOTSTRAP_DISCOUNT_OFFSET, value);
        return this;
    }

    /**
     * The bootstrap discount.
     *
     * @return γ^k or 0.
     */
    public float bootstrapDiscount()
    {
        return buffer.getFloat(offset + TransitionDescriptor.BOOTSTRAP_DISCOUNT_OFFSET);
    }

    /**
     * Sets the initial |TD error|.
     *
     * @param value |δ|, or a negative value for "use the replay's max priority".
     * @return this.
     */
    public TransitionRecord priority(final float value)
    {
        buffer.putFloat(offset + TransitionDescriptor.PRIORITY_OFFSET, value);
        return this;
    }

    /**
     * The initial |TD error|.
     *
     * @return |δ| or a negative value.
     */
    public float priority()
    {
        return buffer.getFloat(offset + TransitionDescriptor.PRIORITY_OFFSET);
    }

    /**
     * Sets a discrete action.
     *
     * @param value the action index.
     * @return this.
     */
    public TransitionRecord action(final int value)
    {
        buffer.putInt(offset + TransitionDescriptor.ACTION_OFFSET, value);
        return this;
    }

    /**
     * The discrete action.
     *
     * @return the action index.
     */
    public int action()
    {
        return buffer.getInt(offset + TransitionDescriptor.ACTION_OFFSET);
    }

    /**
     * Sets a continuous action.
     *
     * @param src       the action's floats.
     * @param srcOffset index of the first.
     * @return this.
     */
    public TransitionRecord action(final float[] src, final int srcOffset)
    {
        final int base = offset + TransitionDescriptor.ACTION_OFFSET;
        for (int i = 0; i < descriptor.actionSize(); i++)
        {
            buffer.putFloat(base + i * Float.BYTES, src[srcOffset + i]);
        }
        return this;
    }

    /**
     * One element of a continuous action.
     *
     * @param index the element.
     * @return its value.
     */
    public float actionAt(final int index)
    {
        return buffer.getFloat(offset + TransitionDescriptor.ACTION_OFFSET + index * Float.BYTES);
    }

    /**
     * Sets the observation.
     *
     * @param src       the observation's floats.
     * @param srcOffset index of the first.
     * @return this.
     */
    public TransitionRecord observation(final float[] src, final int srcOffset)
    {
        final int base = offset + observationOffset;
        final int size = descriptor.observationSize();
        for (int i = 0; i < size; i++)
        {
            buffer.putFloat(base + i * Float.BYTES, src[srcOffset + i]);
        }
        return this;
    }

    /**
     * One element of the observation.
     *
     * @param index the element.
     * @return its value.
     */
    public float observationAt(final int index)
    {
        return buffer.getFloat(offset + observationOffset + index * Float.BYTES);
    }
}
