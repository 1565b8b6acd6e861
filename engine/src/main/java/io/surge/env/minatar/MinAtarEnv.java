package io.surge.env.minatar;

import io.surge.env.Env;
import io.surge.env.Space;

import java.util.Arrays;

/**
 * A MinAtar game as an {@link Env}, step for step identical to the reference
 * ({@code minatar.Environment} of kenjyoung/MinAtar at commit {@code 4241f24}): same rules, same
 * random draws in the same order from a replica of NumPy's legacy {@code RandomState}
 * ({@link NumpyRandomState}), same sticky-action rule.
 *
 * <p><b>Observation.</b> {@code C x 10 x 10} float32 values, each 0 or 1, in channel-major order:
 * element {@code [c][y][x]} is at {@code obsOffset + c*100 + y*10 + x}. (The reference's
 * {@code state()} is a {@code 10 x 10 x C} boolean array indexed {@code [y][x][c]}; this is its
 * transpose.) Row 0 is the top of the screen. Channel names and counts are on {@link MinAtarGame}.
 * The same state is kept compactly as bits: see {@link #copyStateBits(long[], int)} and
 * {@link #channel(int, int, int)}.
 *
 * <p><b>Actions.</b> {@code Discrete(6)} for the full set {@code n,l,u,r,d,f}, or
 * {@code Discrete(|minimal set|)} with {@link MinAtarOptions#minimalActionSet()}, action {@code i}
 * then meaning full action {@code game.minimalActions()[i]}. A step first draws {@code rand()} and,
 * if it is below the sticky-action probability, repeats the previous effective action (a full-set
 * index, 0 after a seeded reset) instead; it makes this draw even when the probability is 0. Then
 * the game draws what its rules need, in the reference's order (listed in {@code docs/environments.md}).
 *
 * <p><b>Seeding.</b> {@link #reset(long, float[], int)} does what the reference does for
 * {@code env = Environment(...); env.seed(seed); env.reset()}: one generator is seeded and shared by
 * the sticky-action rule and the game, and the previous action is 0. {@link #reset(float[], int)}
 * is {@code env.reset()} again: the stream continues, and the previous action carries over as it
 * does in the reference. A new environment is seeded with 0 and reset once, as the reference's
 * constructor resets its game.
 *
 * <p><b>Episode end.</b> {@link #terminated()} is the reference's {@code terminal}. MinAtar has no
 * time limit, except that Freeway's own timer ends every Freeway episode after 2500 frames (on
 * the 2501st step); the reference reports this as {@code terminal}, and so does this class: it is
 * a terminal state of the game as MinAtar defines it (the timer is not in the observation).
 * {@link #truncated()} is always false; the registry adds no time limit. A step after the end
 * behaves as the reference's: it still draws the sticky-action {@code rand()}, returns 0 and
 * leaves the state unchanged.
 *
 * <p>Threading: one thread at a time. A step allocates nothing.
 */
public final class MinAtarEnv implements Env
{
    /** Seed of a new environment before any {@link #reset(long, float[], int)}. */
    public static final long DEFAULT_SEED = 0;
    /** Cells per channel. */
    public static final int CELLS = 100;

    private final MinAtarGame gameId;
    private final MinAtarOptions options;
    private final NumpyRandomState random = new NumpyRandomState(DEFAULT_SEED);
    private final Game game;
    private final int channels;
    private final int[] actionSet;
    private final double stickyActionProb;
    private final Space observationSpace;
    private final Space actionSpace;
    private final long[] bits;
    private int lastAction;
    private boolean terminated;

    /**
     * A game with the reference's default options.
     *
     * @param game the game.
     */
    public MinAtarEnv(final MinAtarGame game)
    {
        this(game, MinAtarOptions.DEFAULTS);
    }

    /**
     * A game with the given options.
     *
     * @param game    the game.
     * @param options the options.
     */
    public MinAtarEnv(final MinAtarGame game, final MinAtarOptions options)
    {
        this.gameId = game;
        this.options = options;
        this.game = game.newGame(random, options.difficultyRamping());
        this.channels = game.channels();
        this.actionSet = options.minimalActionSet() ? game.minimalActions() : new int[] {0, 1, 2, 3, 4, 5};
        this.stickyActionProb = options.stickyActionProb();
        this.observationSpace = Space.Box.uniform(0.0f, 1.0f, channels, 10, 10);
        this.actionSpace = new Space.Discrete(actionSet.length);
        this.bits = new long[2 * channels];
        this.game.reset();
        render();
    }

    /**
     * The game.
     *
     * @return the game.
     */
    public MinAtarGame game()
    {
        return gameId;
    }

    /**
     * The options.
     *
     * @return the options this environment was made with.
     */
    public MinAtarOptions options()
    {
        return options;
    }

    @Override
    public Space observationSpace()
    {
        return observationSpace;
    }

    @Override
    public Space actionSpace()
    {
        return actionSpace;
    }

    @Override
    public void reset(final long seed, final float[] obs, final int obsOffset)
    {
        random.seed(seed);
        lastAction = 0;
        startEpisode(obs, obsOffset);
    }

    @Override
    public void reset(final float[] obs, final int obsOffset)
    {
        startEpisode(obs, obsOffset);
    }

    private void startEpisode(final float[] obs, final int obsOffset)
    {
        checkObs(obs, obsOffset);
        game.reset();
        terminated = false;
        render();
        fillObservation(obs, obsOffset);
    }

    @Override
    public double step(final int action, final float[] obs, final int obsOffset)
    {
        checkObs(obs, obsOffset);
        final int reward = act(action);
        fillObservation(obs, obsOffset);
        return reward;
    }

    /**
     * A step that updates the compact state without writing an observation (for replay,
     * conformance checks and callers that read {@link #copyStateBits(long[], int)}).
     *
     * @param action the action, in {@code [0, n)} of the action space.
     * @return the reward, a whole number.
     * @throws IllegalArgumentException if the action is outside the action space.
     */
    public int act(final int action)
    {
        if (action < 0 || action >= actionSet.length)
        {
            throw new IllegalArgumentException(
                "action " + action + " outside the action space [0, " + actionSet.length + ") of " + gameId);
        }
        int a = actionSet[action];
        if (random.rand() < stickyActionProb)
        {
            a = lastAction;
        }
        lastAction = a;
        final int reward = game.act(a);
        terminated = game.terminal;
        render();
        return reward;
    }

    @Override
    public boolean terminated()
    {
        return terminated;
    }

    @Override
    public boolean truncated()
    {
        return false;
    }

    /**
     * The action the last step applied after the sticky-action rule, as an index into the full
     * action set {@code n,l,u,r,d,f} (the reference's {@code last_action}).
     *
     * @return the effective action, 0 after a seeded reset.
     */
    public int lastEffectiveAction()
    {
        return lastAction;
    }

    /**
     * The game's difficulty level (the reference's {@code difficulty_ramp()}), or -1 for Breakout
     * and Freeway, which have none.
     *
     * @return the level.
     */
    public int difficultyRamp()
    {
        return game.difficultyRamp();
    }

    /**
     * Number of {@code long} words of the compact state: two per channel.
     *
     * @return {@code 2 * channels}.
     */
    public int stateWords()
    {
        return bits.length;
    }

    /**
     * Copies the compact state: two words per channel. Cell {@code (y, x)} of channel {@code c}
     * (flat index {@code i = y*10 + x}, as in the reference data's set-bit lists) is bit
     * {@code i} of word {@code 2c} for {@code i < 64}, bit {@code i - 64} of word {@code 2c+1} for
     * {@code i >= 64}; bits 36..63 of the second word are always 0.
     *
     * @param dst    destination, with room for {@link #stateWords()} words.
     * @param offset index in {@code dst} of the first word.
     */
    public void copyStateBits(final long[] dst, final int offset)
    {
        System.arraycopy(bits, 0, dst, offset, bits.length);
    }

    /**
     * One cell of the state.
     *
     * @param c the channel.
     * @param y the row, 0 at the top.
     * @param x the column.
     * @return whether the cell is set.
     */
    public boolean channel(final int c, final int y, final int x)
    {
        if (c < 0 || c >= channels || y < 0 || y > 9 || x < 0 || x > 9)
        {
            throw new IndexOutOfBoundsException("cell (" + c + ", " + y + ", " + x + ") outside " + channels + "x10x10");
        }
        final int cell = y * 10 + x;
        return (bits[(c << 1) + (cell >>> 6)] & (1L << cell)) != 0;
    }

    /**
     * Watches the generator's draws (sticky-action test and game), for tests and replay tools.
     *
     * @param listener the listener, or {@code null} for none.
     */
    public void drawListener(final NumpyRandomState.DrawListener listener)
    {
        random.drawListener(listener);
    }

    /**
     * Writes the current state as an observation ({@code C x 10 x 10} float32 0/1, channel-major).
     *
     * @param obs       the buffer.
     * @param obsOffset index of the first element written.
     */
    public void writeObservation(final float[] obs, final int obsOffset)
    {
        checkObs(obs, obsOffset);
        fillObservation(obs, obsOffset);
    }

    private void fillObservation(final float[] obs, final int obsOffset)
    {
        // Clear (a vectorised fill), then set the few cells that are on, one per set bit.
        Arrays.fill(obs, obsOffset, obsOffset + channels * CELLS, 0.0f);
        final long[] b = bits;
        for (int w = 0; w < b.length; w++)
        {
            long word = b[w];
            final int base = obsOffset + (w >>> 1) * CELLS + (w & 1) * 64;
            while (word != 0)
            {
                obs[base + Long.numberOfTrailingZeros(word)] = 1.0f;
                word &= word - 1;
            }
        }
    }

    private void checkObs(final float[] obs, final int obsOffset)
    {
        if (obsOffset < 0 || obsOffset > obs.length - channels * CELLS)
        {
            throw new IndexOutOfBoundsException("observation needs " + channels * CELLS + " floats at offset " + obsOffset +
                " of a buffer of " + obs.length);
        }
    }

    private void render()
    {
        Arrays.fill(bits, 0L);
        game.render(bits);
    }
}
