package io.surge.env.minatar;

/**
 * MinAtar Asterix: the player moves in the four directions within rows 1-8; every
 * {@code spawnSpeed} frames an enemy or a piece of gold enters a free row (one per row slot) from
 * the left or right edge and crosses the screen one cell every {@code moveSpeed} frames. Gold gives
 * +1 when touched; touching an enemy ends the episode.
 *
 * <p>Channels: 0 player, 1 enemy, 2 trail (the cell behind an entity), 3 gold. Difficulty ramp:
 * every 100 frames the spawn interval drops by one (down to 1) and, every other ramp, the move
 * interval too.
 *
 * <p>Randomness per spawn: {@code rand() < 1/2} (enters from the left, moving right),
 * {@code rand() < 1/3} (gold), then {@code randint(#free slots)} unless no slot is free.
 */
final class Asterix extends Game
{
    /** Channel indices. */
    static final int PLAYER = 0;
    static final int ENEMY = 1;
    static final int TRAIL = 2;
    static final int GOLD = 3;

    private static final int RAMP_INTERVAL = 100;
    private static final int INIT_SPAWN_SPEED = 10;
    private static final int INIT_MOVE_INTERVAL = 5;
    private static final int SLOTS = 8;

    /** Per slot (row {@code slot + 1}): present, column, moving right, gold. */
    private final boolean[] present = new boolean[SLOTS];
    private final int[] entityX = new int[SLOTS];
    private final boolean[] movingRight = new boolean[SLOTS];
    private final boolean[] gold = new boolean[SLOTS];
    private final int[] freeSlots = new int[SLOTS];

    private int playerX;
    private int playerY;
    private int spawnSpeed;
    private int spawnTimer;
    private int moveSpeed;
    private int moveTimer;
    private int rampTimer;
    private int rampIndex;

    Asterix(final NumpyRandomState random, final boolean ramping)
    {
        super(random, ramping);
    }

    @Override
    void reset()
    {
        playerX = 5;
        playerY = 5;
        java.util.Arrays.fill(present, false);
        spawnSpeed = INIT_SPAWN_SPEED;
        spawnTimer = spawnSpeed;
        moveSpeed = INIT_MOVE_INTERVAL;
        moveTimer = moveSpeed;
        rampTimer = RAMP_INTERVAL;
        rampIndex = 0;
        terminal = false;
    }

    @Override
    int act(final int action)
    {
        int r = 0;
        if (terminal)
        {
            return r;
        }

        if (spawnTimer == 0)
        {
            spawnEntity();
            spawnTimer = spawnSpeed;
        }

        switch (action)
        {
            case LEFT -> playerX = Math.max(0, playerX - 1);
            case RIGHT -> playerX = Math.min(9, playerX + 1);
            case UP -> playerY = Math.max(1, playerY - 1);
            case DOWN -> playerY = Math.min(8, playerY + 1);
            default ->
            {
            }
        }

        for (int i = 0; i < SLOTS; i++)
        {
            if (present[i] && entityX[i] == playerX && i + 1 == playerY)
            {
                if (gold[i])
                {
                    present[i] = false;
                    r++;
                }
                else
                {
                    terminal = true;
                }
            }
        }
        if (moveTimer == 0)
        {
            moveTimer = moveSpeed;
            for (int i = 0; i < SLOTS; i++)
            {
                if (present[i])
                {
                    final int x = entityX[i] + (movingRight[i] ? 1 : -1);
                    entityX[i] = x;
                    if (x < 0 || x > 9)
                    {
                        present[i] = false;
                    }
                    else if (x == playerX && i + 1 == playerY)
                    {
                        if (gold[i])
                        {
                            present[i] = false;
                            r++;
                        }
                        else
                        {
                            terminal = true;
                        }
                    }
                }
            }
        }

        spawnTimer--;
        moveTimer--;

        if (ramping && (spawnSpeed > 1 || moveSpeed > 1))
        {
            if (rampTimer >= 0)
            {
                rampTimer--;
            }
            else
            {
                if (moveSpeed > 1 && (rampIndex & 1) == 1)
                {
                    moveSpeed--;
                }
                if (spawnSpeed > 1)
                {
                    spawnSpeed--;
                }
                rampIndex++;
                rampTimer = RAMP_INTERVAL;
            }
        }
        return r;
    }

    private void spawnEntity()
    {
        final boolean lr = random.rand() < 0.5;
        final boolean isGold = random.rand() < 1.0 / 3.0;
        int free = 0;
        for (int i = 0; i < SLOTS; i++)
        {
            if (!present[i])
            {
                freeSlots[free++] = i;
            }
        }
        if (free == 0)
        {
            return;
        }
        final int slot = freeSlots[random.randint(free)];
        present[slot] = true;
        entityX[slot] = lr ? 0 : 9;
        movingRight[slot] = lr;
        gold[slot] = isGold;
    }

    @Override
    int difficultyRamp()
    {
        return rampIndex;
    }

    @Override
    void render(final long[] bits)
    {
        set(bits, PLAYER, playerY, playerX);
        for (int i = 0; i < SLOTS; i++)
        {
            if (present[i])
            {
                final int x = entityX[i];
                final int y = i + 1;
                set(bits, gold[i] ? GOLD : ENEMY, y, x);
                final int backX = movingRight[i] ? x - 1 : x + 1;
                if (backX >= 0 && backX <= 9)
                {
                    set(bits, TRAIL, y, backX);
                }
            }
        }
    }
}
