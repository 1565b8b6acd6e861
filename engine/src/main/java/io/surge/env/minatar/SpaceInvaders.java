package io.surge.env.minatar;

/**
 * MinAtar Space Invaders: a cannon on the bottom row shoots upward at a 4x6 block of aliens
 * that moves sideways and steps down (and turns) when it reaches an edge; +1 per alien hit. The
 * alien nearest the cannon fires every 11 frames. The episode ends when an enemy bullet or an alien
 * reaches the cannon, or the aliens step down from the bottom row. A cleared wave is replaced by a
 * new one, which (with ramping) moves faster, down to one step every 6 frames.
 *
 * <p>Channels: 0 cannon, 1 alien, 2 alien_left, 3 alien_right (copies of the alien map in the
 * channel of the current direction), 4 friendly_bullet, 5 enemy_bullet. No randomness.
 *
 * <p>Maps are kept as ten 10-bit rows (bit {@code x} = column {@code x}). The reference moves
 * them with {@code np.roll}, which wraps around; the bullet maps then clear the row that wrapped
 * in, and the alien map's downward roll carries a bottom row back to the top (this only happens
 * on the frame that ends the episode, and shows in its final state).
 */
final class SpaceInvaders extends Game
{
    /** Channel indices. */
    static final int CANNON = 0;
    static final int ALIEN = 1;
    static final int ALIEN_LEFT = 2;
    static final int ALIEN_RIGHT = 3;
    static final int FRIENDLY_BULLET = 4;
    static final int ENEMY_BULLET = 5;

    private static final int SHOT_COOL_DOWN = 5;
    private static final int ENEMY_MOVE_INTERVAL = 12;
    private static final int ENEMY_SHOT_INTERVAL = 10;
    private static final int MIN_MOVE_INTERVAL = 6;
    /** Columns 2..7 of rows 0..3 hold a new wave. */
    private static final int WAVE_ROW = 0b0011111100;
    private static final int COLUMN_0 = 1;
    private static final int COLUMN_9 = 1 << 9;
    private static final int ALL_COLUMNS = 0x3FF;

    private final int[] alien = new int[10];
    private final int[] friendly = new int[10];
    private final int[] enemy = new int[10];
    private int pos;
    private int alienDir;
    private int enemyMoveInterval;
    private int alienMoveTimer;
    private int alienShotTimer;
    private int rampIndex;
    private int shotTimer;

    SpaceInvaders(final NumpyRandomState random, final boolean ramping)
    {
        super(random, ramping);
    }

    @Override
    void reset()
    {
        pos = 5;
        java.util.Arrays.fill(friendly, 0);
        java.util.Arrays.fill(enemy, 0);
        java.util.Arrays.fill(alien, 0);
        newWave();
        alienDir = -1;
        enemyMoveInterval = ENEMY_MOVE_INTERVAL;
        alienMoveTimer = enemyMoveInterval;
        alienShotTimer = ENEMY_SHOT_INTERVAL;
        rampIndex = 0;
        shotTimer = 0;
        terminal = false;
    }

    private void newWave()
    {
        for (int y = 0; y < 4; y++)
        {
            alien[y] |= WAVE_ROW;
        }
    }

    private boolean alienAt(final int y, final int x)
    {
        return (alien[y] & (1 << x)) != 0;
    }

    private int alienCount()
    {
        int n = 0;
        for (int y = 0; y < 10; y++)
        {
            n += Integer.bitCount(alien[y]);
        }
        return n;
    }

    private boolean anyAlienIn(final int columnMask)
    {
        int any = 0;
        for (int y = 0; y < 10; y++)
        {
            any |= alien[y];
        }
        return (any & columnMask) != 0;
    }

    @Override
    int act(final int action)
    {
        int r = 0;
        if (terminal)
        {
            return r;
        }

        if (action == FIRE && shotTimer == 0)
        {
            friendly[9] |= 1 << pos;
            shotTimer = SHOT_COOL_DOWN;
        }
        else if (action == LEFT)
        {
            pos = Math.max(0, pos - 1);
        }
        else if (action == RIGHT)
        {
            pos = Math.min(9, pos + 1);
        }

        // np.roll(f, -1, axis=0) then f[9, :] = 0: everything moves up a row, row 0 leaves.
        System.arraycopy(friendly, 1, friendly, 0, 9);
        friendly[9] = 0;

        // np.roll(e, 1, axis=0) then e[0, :] = 0: everything moves down a row, row 9 leaves.
        System.arraycopy(enemy, 0, enemy, 1, 9);
        enemy[0] = 0;
        if ((enemy[9] & (1 << pos)) != 0)
        {
            terminal = true;
        }

        if (alienAt(9, pos))
        {
            terminal = true;
        }
        if (alienMoveTimer == 0)
        {
            alienMoveTimer = Math.min(alienCount(), enemyMoveInterval);
            if ((anyAlienIn(COLUMN_0) && alienDir < 0) || (anyAlienIn(COLUMN_9) && alienDir > 0))
            {
                alienDir = -alienDir;
                if (alien[9] != 0)
                {
                    terminal = true;
                }
                // np.roll(alien, 1, axis=0): down a row, the bottom row wraps to the top.
                final int bottom = alien[9];
                System.arraycopy(alien, 0, alien, 1, 9);
                alien[0] = bottom;
            }
            else
            {
                // np.roll(alien, dir, axis=1): sideways with wrap-around.
                for (int y = 0; y < 10; y++)
                {
                    final int row = alien[y];
                    alien[y] = alienDir > 0
                        ? ((row << 1) | (row >>> 9)) & ALL_COLUMNS
                        : ((row >>> 1) | (row << 9)) & ALL_COLUMNS;
                }
            }
            if (alienAt(9, pos))
            {
                terminal = true;
            }
        }
        if (alienShotTimer == 0)
        {
            alienShotTimer = ENEMY_SHOT_INTERVAL;
            fireFromNearestAlien();
        }

        // kill = alien & (alien == friendly): for 0/1 maps, cells holding both.
        for (int y = 0; y < 10; y++)
        {
            final int kill = alien[y] & friendly[y];
            if (kill != 0)
            {
                r += Integer.bitCount(kill);
                alien[y] &= ~kill;
                friendly[y] &= ~kill;
            }
        }

        if (shotTimer > 0)
        {
            shotTimer--;
        }
        alienMoveTimer--;
        alienShotTimer--;
        if (alienCount() == 0)
        {
            if (enemyMoveInterval > MIN_MOVE_INTERVAL && ramping)
            {
                enemyMoveInterval--;
                rampIndex++;
            }
            newWave();
        }
        return r;
    }

    /**
     * The reference's {@code _nearest_alien}: columns in order of distance from the cannon (ties:
     * the left one first, as Python's stable sort of {@code range(10)} gives), and in the first
     * column holding an alien, its lowest alien fires into the enemy bullet map.
     */
    private void fireFromNearestAlien()
    {
        for (int d = 0; d < 10; d++)
        {
            if (fireFromColumn(pos - d) || (d > 0 && fireFromColumn(pos + d)))
            {
                return;
            }
        }
        // Unreachable: a wave is refilled at the end of the frame in which it is cleared.
    }

    private boolean fireFromColumn(final int x)
    {
        if (x < 0 || x > 9)
        {
            return false;
        }
        for (int y = 9; y >= 0; y--)
        {
            if (alienAt(y, x))
            {
                enemy[y] |= 1 << x;
                return true;
            }
        }
        return false;
    }

    @Override
    int difficultyRamp()
    {
        return rampIndex;
    }

    @Override
    void render(final long[] bits)
    {
        set(bits, CANNON, 9, pos);
        final int direction = alienDir < 0 ? ALIEN_LEFT : ALIEN_RIGHT;
        for (int y = 0; y < 10; y++)
        {
            final int a = alien[y];
            if (a != 0)
            {
                orRow(bits, ALIEN, y, a);
                orRow(bits, direction, y, a);
            }
            if (friendly[y] != 0)
            {
                orRow(bits, FRIENDLY_BULLET, y, friendly[y]);
            }
            if (enemy[y] != 0)
            {
                orRow(bits, ENEMY_BULLET, y, enemy[y]);
            }
        }
    }
}
