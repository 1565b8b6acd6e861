package io.surge.env.minatar;

/**
 * MinAtar Seaquest: a two-cell submarine shoots enemy fish and submarines (+1 each), picks up
 * divers (at most 6) and must surface before its oxygen (200 frames) runs out. Surfacing with
 * divers refills the oxygen and drops one diver; surfacing with 6 drops them all and gives
 * {@code oxygen*10/200} reward; surfacing with none ends the episode, as do running out of oxygen
 * and touching a fish, a submarine or an enemy bullet. Each surfacing ramps the difficulty.
 *
 * <p>Channels: 0 sub_front, 1 sub_back, 2 friendly_bullet, 3 trail, 4 enemy_bullet,
 * 5 enemy_fish, 6 enemy_sub, 7 oxygen_guage, 8 diver_guage, 9 diver (the reference's spelling).
 *
 * <p>Randomness: per enemy spawn {@code rand() < 1/2} (from the left), {@code rand() < 1/3}
 * (a submarine), {@code randint(1, 9)} (the row); per diver spawn {@code rand() < 1/2} and
 * {@code randint(1, 9)}.
 *
 * <p>The reference keeps its entities in Python lists, walks them with {@code reversed(...)}
 * while removing from them, and removes with {@code list.remove(x)}, which removes the first
 * element <em>equal</em> to {@code x}; with two identical entities that is not {@code x} itself,
 * and the loop then visits {@code x} again. {@link RecordList} reproduces these semantics, so this
 * port matches the reference also in those cases. Two more reference behaviours kept on purpose:
 * an enemy submarine removed in its update still fires that frame, and surfacing with 6 divers
 * leaves the diver count at -1 (and then lower on later surfacings).
 */
final class Seaquest extends Game
{
    /** Channel indices. */
    static final int SUB_FRONT = 0;
    static final int SUB_BACK = 1;
    static final int FRIENDLY_BULLET = 2;
    static final int TRAIL = 3;
    static final int ENEMY_BULLET = 4;
    static final int ENEMY_FISH = 5;
    static final int ENEMY_SUB = 6;
    static final int OXYGEN_GAUGE = 7;
    static final int DIVER_GAUGE = 8;
    static final int DIVER = 9;

    private static final int MAX_OXYGEN = 200;
    private static final int INIT_SPAWN_SPEED = 20;
    private static final int DIVER_SPAWN_SPEED = 30;
    private static final int INIT_MOVE_INTERVAL = 5;
    private static final int SHOT_COOL_DOWN = 5;
    private static final int ENEMY_SHOT_INTERVAL = 10;
    private static final int DIVER_MOVE_INTERVAL = 5;

    /** Record fields: column, row, direction (1 = moving right), then timers. */
    private static final int X = 0;
    private static final int Y = 1;
    private static final int LR = 2;
    /** Move timer of fish, submarines and divers. */
    private static final int MOVE = 3;
    /** Shot timer of submarines. */
    private static final int SHOT = 4;

    // Capacities well above what the rules allow: at most one enemy spawns per frame and an
    // enemy leaves the screen within 10 * (5 + 1) frames; a submarine fires once every 11 frames
    // and a bullet lives at most 11 frames; divers spawn every 30 frames; the player fires at
    // most once every 6 frames.
    private final RecordList friendlyBullets = new RecordList("seaquest friendly bullets", 16, 3);
    private final RecordList enemyBullets = new RecordList("seaquest enemy bullets", 256, 3);
    private final RecordList fish = new RecordList("seaquest enemy fish", 128, 4);
    private final RecordList subs = new RecordList("seaquest enemy subs", 128, 5);
    private final RecordList divers = new RecordList("seaquest divers", 32, 4);

    private int oxygen;
    private int diverCount;
    private int subX;
    private int subY;
    /** Facing right (the reference's {@code sub_or}). */
    private boolean subOr;
    private int eSpawnSpeed;
    private int eSpawnTimer;
    private int dSpawnTimer;
    private int moveSpeed;
    private int rampIndex;
    private int shotTimer;
    private boolean surface;

    Seaquest(final NumpyRandomState random, final boolean ramping)
    {
        super(random, ramping);
    }

    @Override
    void reset()
    {
        oxygen = MAX_OXYGEN;
        diverCount = 0;
        subX = 5;
        subY = 0;
        subOr = false;
        friendlyBullets.clear();
        enemyBullets.clear();
        fish.clear();
        subs.clear();
        divers.clear();
        eSpawnSpeed = INIT_SPAWN_SPEED;
        eSpawnTimer = eSpawnSpeed;
        dSpawnTimer = DIVER_SPAWN_SPEED;
        moveSpeed = INIT_MOVE_INTERVAL;
        rampIndex = 0;
        shotTimer = 0;
        surface = true;
        terminal = false;
    }

    private boolean atSub(final RecordList list, final int slot)
    {
        return list.get(slot, X) == subX && list.get(slot, Y) == subY;
    }

    private static boolean samePlace(final RecordList a, final int slotA, final RecordList b, final int slotB)
    {
        return a.get(slotA, X) == b.get(slotB, X) && a.get(slotA, Y) == b.get(slotB, Y);
    }

    /** Moves a record one column in its direction and returns the new column. */
    private static int advance(final RecordList list, final int slot)
    {
        final int x = list.get(slot, X) + (list.get(slot, LR) != 0 ? 1 : -1);
        list.set(slot, X, x);
        return x;
    }

    @Override
    int act(final int action)
    {
        int r = 0;
        if (terminal)
        {
            return r;
        }

        if (eSpawnTimer == 0)
        {
            spawnEnemy();
            eSpawnTimer = eSpawnSpeed;
        }
        if (dSpawnTimer == 0)
        {
            spawnDiver();
            dSpawnTimer = DIVER_SPAWN_SPEED;
        }

        if (action == FIRE && shotTimer == 0)
        {
            final int b = friendlyBullets.append();
            friendlyBullets.set(b, X, subX);
            friendlyBullets.set(b, Y, subY);
            friendlyBullets.set(b, LR, subOr ? 1 : 0);
            shotTimer = SHOT_COOL_DOWN;
        }
        else if (action == LEFT)
        {
            subX = Math.max(0, subX - 1);
            subOr = false;
        }
        else if (action == RIGHT)
        {
            subX = Math.min(9, subX + 1);
            subOr = true;
        }
        else if (action == UP)
        {
            subY = Math.max(0, subY - 1);
        }
        else if (action == DOWN)
        {
            subY = Math.min(8, subY + 1);
        }

        r += updateFriendlyBullets();
        updateDivers();
        r += updateEnemySubs();
        updateEnemyBullets();
        r += updateFish();

        if (eSpawnTimer > 0)
        {
            eSpawnTimer--;
        }
        if (dSpawnTimer > 0)
        {
            dSpawnTimer--;
        }
        if (shotTimer > 0)
        {
            shotTimer--;
        }
        if (oxygen <= 0)
        {
            terminal = true;
        }
        if (subY > 0)
        {
            oxygen--;
            surface = false;
        }
        else if (!surface)
        {
            if (diverCount == 0)
            {
                terminal = true;
            }
            else
            {
                r += surface();
            }
        }
        return r;
    }

    private int updateFriendlyBullets()
    {
        int r = 0;
        final RecordList bullets = friendlyBullets;
        int it = bullets.size() - 1;
        while (it >= 0 && it < bullets.size())
        {
            final int b = bullets.slotAt(it--);
            final int x = advance(bullets, b);
            if (x < 0 || x > 9)
            {
                bullets.removeValue(b);
                continue;
            }
            boolean removed = false;
            for (int i = 0; i < fish.size(); i++)
            {
                final int f = fish.slotAt(i);
                if (samePlace(bullets, b, fish, f))
                {
                    fish.removeValue(f);
                    bullets.removeValue(b);
                    r++;
                    removed = true;
                    break;
                }
            }
            if (!removed)
            {
                for (int i = 0; i < subs.size(); i++)
                {
                    final int s = subs.slotAt(i);
                    if (samePlace(bullets, b, subs, s))
                    {
                        subs.removeValue(s);
                        bullets.removeValue(b);
                        r++;
                        break;
                    }
                }
            }
        }
        return r;
    }

    private void updateDivers()
    {
        int it = divers.size() - 1;
        while (it >= 0 && it < divers.size())
        {
            final int d = divers.slotAt(it--);
            if (atSub(divers, d) && diverCount < 6)
            {
                divers.removeValue(d);
                diverCount++;
            }
            else if (divers.get(d, MOVE) == 0)
            {
                divers.set(d, MOVE, DIVER_MOVE_INTERVAL);
                final int x = advance(divers, d);
                if (x < 0 || x > 9)
                {
                    divers.removeValue(d);
                }
                else if (atSub(divers, d) && diverCount < 6)
                {
                    divers.removeValue(d);
                    diverCount++;
                }
            }
            else
            {
                divers.set(d, MOVE, divers.get(d, MOVE) - 1);
            }
        }
    }

    private int updateEnemySubs()
    {
        int r = 0;
        int it = subs.size() - 1;
        while (it >= 0 && it < subs.size())
        {
            final int s = subs.slotAt(it--);
            if (atSub(subs, s))
            {
                terminal = true;
            }
            if (subs.get(s, MOVE) == 0)
            {
                subs.set(s, MOVE, moveSpeed);
                final int x = advance(subs, s);
                if (x < 0 || x > 9)
                {
                    subs.removeValue(s);
                }
                else if (atSub(subs, s))
                {
                    terminal = true;
                }
                else
                {
                    for (int i = 0; i < friendlyBullets.size(); i++)
                    {
                        final int b = friendlyBullets.slotAt(i);
                        if (samePlace(subs, s, friendlyBullets, b))
                        {
                            subs.removeValue(s);
                            friendlyBullets.removeValue(b);
                            r++;
                            break;
                        }
                    }
                }
            }
            else
            {
                subs.set(s, MOVE, subs.get(s, MOVE) - 1);
            }
            // As in the reference, this runs also for a submarine just removed above.
            if (subs.get(s, SHOT) == 0)
            {
                subs.set(s, SHOT, ENEMY_SHOT_INTERVAL);
                final int b = enemyBullets.append();
                enemyBullets.set(b, X, subs.get(s, X));
                enemyBullets.set(b, Y, subs.get(s, Y));
                enemyBullets.set(b, LR, subs.get(s, LR));
            }
            else
            {
                subs.set(s, SHOT, subs.get(s, SHOT) - 1);
            }
        }
        return r;
    }

    private void updateEnemyBullets()
    {
        int it = enemyBullets.size() - 1;
        while (it >= 0 && it < enemyBullets.size())
        {
            final int b = enemyBullets.slotAt(it--);
            if (atSub(enemyBullets, b))
            {
                terminal = true;
            }
            final int x = advance(enemyBullets, b);
            if (x < 0 || x > 9)
            {
                enemyBullets.removeValue(b);
            }
            else if (atSub(enemyBullets, b))
            {
                terminal = true;
            }
        }
    }

    private int updateFish()
    {
        int r = 0;
        int it = fish.size() - 1;
        while (it >= 0 && it < fish.size())
        {
            final int f = fish.slotAt(it--);
            if (atSub(fish, f))
            {
                terminal = true;
            }
            if (fish.get(f, MOVE) == 0)
            {
                fish.set(f, MOVE, moveSpeed);
                final int x = advance(fish, f);
                if (x < 0 || x > 9)
                {
                    fish.removeValue(f);
                }
                else if (atSub(fish, f))
                {
                    terminal = true;
                }
                else
                {
                    for (int i = 0; i < friendlyBullets.size(); i++)
                    {
                        final int b = friendlyBullets.slotAt(i);
                        if (samePlace(fish, f, friendlyBullets, b))
                        {
                            fish.removeValue(f);
                            friendlyBullets.removeValue(b);
                            r++;
                            break;
                        }
                    }
                }
            }
            else
            {
                fish.set(f, MOVE, fish.get(f, MOVE) - 1);
            }
        }
        return r;
    }

    /** The reference's {@code _surface()}. */
    private int surface()
    {
        surface = true;
        final int r;
        if (diverCount == 6)
        {
            diverCount = 0;
            r = Math.floorDiv(oxygen * 10, MAX_OXYGEN);
        }
        else
        {
            r = 0;
        }
        oxygen = MAX_OXYGEN;
        diverCount--;
        if (ramping && (eSpawnSpeed > 1 || moveSpeed > 2))
        {
            if (moveSpeed > 2 && (rampIndex & 1) == 1)
            {
                moveSpeed--;
            }
            if (eSpawnSpeed > 1)
            {
                eSpawnSpeed--;
            }
            rampIndex++;
        }
        return r;
    }

    private void spawnEnemy()
    {
        final boolean lr = random.rand() < 0.5;
        final boolean isSub = random.rand() < 1.0 / 3.0;
        final int x = lr ? 0 : 9;
        final int y = (int)random.randint(1, 9);
        final int dir = lr ? 1 : 0;
        // Do not spawn into a row where an entity moves the other way.
        for (int i = 0; i < subs.size(); i++)
        {
            final int s = subs.slotAt(i);
            if (subs.get(s, Y) == y && subs.get(s, LR) != dir)
            {
                return;
            }
        }
        for (int i = 0; i < fish.size(); i++)
        {
            final int f = fish.slotAt(i);
            if (fish.get(f, Y) == y && fish.get(f, LR) != dir)
            {
                return;
            }
        }
        if (isSub)
        {
            final int s = subs.append();
            subs.set(s, X, x);
            subs.set(s, Y, y);
            subs.set(s, LR, dir);
            subs.set(s, MOVE, moveSpeed);
            subs.set(s, SHOT, ENEMY_SHOT_INTERVAL);
        }
        else
        {
            final int f = fish.append();
            fish.set(f, X, x);
            fish.set(f, Y, y);
            fish.set(f, LR, dir);
            fish.set(f, MOVE, moveSpeed);
        }
    }

    private void spawnDiver()
    {
        final boolean lr = random.rand() < 0.5;
        final int y = (int)random.randint(1, 9);
        final int d = divers.append();
        divers.set(d, X, lr ? 0 : 9);
        divers.set(d, Y, y);
        divers.set(d, LR, lr ? 1 : 0);
        divers.set(d, MOVE, DIVER_MOVE_INTERVAL);
    }

    @Override
    int difficultyRamp()
    {
        return rampIndex;
    }

    @Override
    void render(final long[] bits)
    {
        set(bits, SUB_FRONT, subY, subX);
        int backX = subOr ? subX - 1 : subX + 1;
        if (backX < 0)
        {
            backX += 10;                            // NumPy's negative index; unreachable by the rules
        }
        if (backX <= 9)
        {
            set(bits, SUB_BACK, subY, backX);
        }
        final int oxygenCells = Math.max(0, oxygen) * 10 / MAX_OXYGEN;
        orRow(bits, OXYGEN_GAUGE, 9, (1 << oxygenCells) - 1);
        // Slice [9 - diverCount, 9): empty for diverCount <= 0.
        if (diverCount > 0)
        {
            orRow(bits, DIVER_GAUGE, 9, ((1 << diverCount) - 1) << (9 - diverCount));
        }
        renderPoints(bits, friendlyBullets, FRIENDLY_BULLET, false);
        renderPoints(bits, enemyBullets, ENEMY_BULLET, false);
        renderPoints(bits, fish, ENEMY_FISH, true);
        renderPoints(bits, subs, ENEMY_SUB, true);
        renderPoints(bits, divers, DIVER, true);
    }

    private static void renderPoints(final long[] bits, final RecordList list, final int channel, final boolean trail)
    {
        for (int i = 0; i < list.size(); i++)
        {
            final int slot = list.slotAt(i);
            final int x = list.get(slot, X);
            final int y = list.get(slot, Y);
            set(bits, channel, y, x);
            if (trail)
            {
                final int backX = list.get(slot, LR) != 0 ? x - 1 : x + 1;
                if (backX >= 0 && backX <= 9)
                {
                    set(bits, TRAIL, y, backX);
                }
            }
        }
    }
}
