package io.surge.nn;

import io.surge.nn.backend.Backend;

import java.util.List;

/**
 * An optimizer over flat vectors: it owns its state (moment vectors, each as long as the
 * parameter vector, and a step count) and updates a parameter vector in place from a gradient
 * vector. State vectors are named so that checkpoints save and restore them
 * ({@code io.surge.nn.io.Checkpoints}).
 *
 * <p>Threading: not thread-safe; owned by the learner's thread. {@link #step} allocates nothing.
 */
public abstract class Optimizer
{
    final Backend backend;
    final int size;
    float learningRate;
    long steps;

    Optimizer(final Backend backend, final int size, final float learningRate)
    {
        if (size <= 0)
        {
            throw new IllegalArgumentException("optimizer size must be positive, got " + size);
        }
        if (!(learningRate >= 0f))
        {
            throw new IllegalArgumentException("learning rate must be >= 0, got " + learningRate);
        }
        this.backend = backend;
        this.size = size;
        this.learningRate = learningRate;
    }

    /**
     * Applies one update: {@code params} moves against {@code grads}.
     *
     * @param params the parameters, updated in place.
     * @param grads  the gradients (not modified).
     */
    public final void step(final float[] params, final float[] grads)
    {
        if (params.length != size || grads.length != size)
        {
            throw new IllegalArgumentException("optimizer of " + size + " parameters got vectors of "
                + params.length + " and " + grads.length);
        }
        steps++;
        update(params, grads);
    }

    abstract void update(float[] params, float[] grads);

    /**
     * A short name of the algorithm, written into checkpoints ({@code adam}, {@code rmsprop},
     * {@code rmsprop-centered}, {@code sgd}).
     *
     * @return the kind.
     */
    public abstract String kind();

    /**
     * Names of the state vectors, in the order of {@link #stateVectors()}.
     *
     * @return the names.
     */
    public abstract List<String> stateNames();

    /**
     * The state vectors themselves (live: writing into them changes the optimizer).
     *
     * @return the vectors.
     */
    public abstract List<float[]> stateVectors();

    /**
     * Number of steps taken (Adam's t).
     *
     * @return the step count.
     */
    public long steps()
    {
        return steps;
    }

    /**
     * Restores the step count (checkpoint loading).
     *
     * @param steps the step count.
     */
    public void setSteps(final long steps)
    {
        if (steps < 0)
        {
            throw new IllegalArgumentException("steps must be >= 0");
        }
        this.steps = steps;
    }

    /**
     * The current learning rate.
     *
     * @return the learning rate.
     */
    public float learningRate()
    {
        return learningRate;
    }

    /**
     * Sets the learning rate (schedules such as IMPALA's linear decay).
     *
     * @param learningRate the new learning rate, &gt;= 0.
     */
    public void setLearningRate(final float learningRate)
    {
        if (!(learningRate >= 0f))
        {
            throw new IllegalArgumentException("learning rate must be >= 0, got " + learningRate);
        }
        this.learningRate = learningRate;
    }

    /**
     * Number of parameters this optimizer updates.
     *
     * @return the size.
     */
    public int size()
    {
        return size;
    }
}
