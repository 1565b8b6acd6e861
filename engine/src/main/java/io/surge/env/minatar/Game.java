package io.surge.env.minatar;

/**
 * One MinAtar game's rules, as in the reference's {@code minatar/environments/<game>.py}
 * {@code Env} class: {@link #reset()}, {@link #act(int)} and a compact rendering of its
 * {@code state()}. The sticky-action rule lives in {@link MinAtarEnv}, which shares its
 * {@link NumpyRandomState} with the game, as the reference's {@code Environment} does.
 *
 * <p>Compact state: {@link #render(long[])} sets bits in two {@code long} words per channel;
 * cell {@code (y, x)} of channel {@code c} is bit {@code (y*10+x) & 63} of word
 * {@code 2*c + (y*10+x)/64}. Its layout is described on {@link MinAtarEnv#copyStateBits(long[], int)}.
 *
 * <p>Threading: owned by one environment, not thread-safe; nothing allocates after construction.
 */
abstract class Game
{
    /** No-op: index 0 of the reference's {@code action_map = ['n','l','u','r','d','f']}. */
    static final int NOOP = 0;
    /** Left. */
    static final int LEFT = 1;
    /** Up. */
    static final int UP = 2;
    /** Right. */
    static final int RIGHT = 3;
    /** Down. */
    static final int DOWN = 4;
    /** Fire. */
    static final int FIRE = 5;

    /** The generator shared with the sticky-action rule. */
    final NumpyRandomState random;
    /** Whether the game's difficulty ramps up (the reference's {@code ramping}). */
    final boolean ramping;
    /** Set when the episode is over; {@link #act(int)} then does nothing. */
    boolean terminal;

    Game(final NumpyRandomState random, final boolean ramping)
    {
        this.random = random;
        this.ramping = ramping;
    }

    /** Starts a new episode (the reference's {@code reset()}), drawing from {@link #random} as it does. */
    abstract void reset();

    /**
     * One frame (the reference's {@code act(a)}).
     *
     * @param action the effective action, an index into the full action set {@code n,l,u,r,d,f}.
     * @return the reward.
     */
    abstract int act(int action);

    /**
     * Writes the state into zeroed compact words, two per channel.
     *
     * @param bits the words, {@code 2 * channels} of them, all zero on entry.
     */
    abstract void render(long[] bits);

    /**
     * The reference's {@code difficulty_ramp()}: the ramp level, or -1 for games without a ramp
     * (where the reference returns {@code None}).
     *
     * @return the level.
     */
    int difficultyRamp()
    {
        return -1;
    }

    /**
     * Sets cell {@code (y, x)} of channel {@code c}.
     *
     * @param bits the compact words.
     * @param c    the channel.
     * @param y    the row, 0..9.
     * @param x    the column, 0..9.
     */
    static void set(final long[] bits, final int c, final int y, final int x)
    {
        final int cell = y * 10 + x;
        bits[(c << 1) + (cell >>> 6)] |= 1L << cell;
    }

    /**
     * Sets the cells of row {@code y} of channel {@code c} whose bits are set in {@code rowMask}
     * (bit {@code x} for column {@code x}).
     *
     * @param bits    the compact words.
     * @param c       the channel.
     * @param y       the row, 0..9.
     * @param rowMask the columns, 10 bits.
     */
    static void orRow(final long[] bits, final int c, final int y, final int rowMask)
    {
        final int first = y * 10;
        final long mask = rowMask & 0x3FFL;
        if (first + 9 < 64)
        {
            bits[c << 1] |= mask << first;
        }
        else if (first >= 64)
        {
            bits[(c << 1) + 1] |= mask << (first - 64);
        }
        else
        {
            bits[c << 1] |= mask << first;
            bits[(c << 1) + 1] |= mask >>> (64 - first);
        }
    }
}
