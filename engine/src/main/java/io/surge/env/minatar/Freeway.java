package io.surge.env.minatar;

/**
 * MinAtar Freeway: a chicken in column 4 crosses eight lanes of cars (rows 1-8) from row 9 to
 * row 0; +1 per crossing, after which the chicken restarts at row 9 and the cars get new speeds
 * and directions. A car hitting the chicken sends it back to row 9. The chicken moves at most
 * once every 3 frames. The episode ends after 2500 frames (on the 2501st {@code act}).
 *
 * <p>Channels: 0 chicken, 1 car, 2..6 speed1..speed5: a car's trail cell (behind it, wrapping
 * around the row) in the channel of its speed (it moves once every {@code speed} frames; speed 1 is
 * the fastest). No difficulty ramp.
 *
 * <p>Randomness: at reset and on every crossing, {@code randint(1, 6, 8)} (the eight speeds) then
 * {@code rand(8)} (directions {@code sign(u - 0.5)}).
 */
final class Freeway extends Game
{
    /** Channel indices. */
    static final int CHICKEN = 0;
    static final int CAR = 1;
    static final int SPEED1 = 2;

    private static final int PLAYER_SPEED = 3;
    private static final int TIME_LIMIT = 2500;
    private static final int CARS = 8;

    /** Per car: column, row, frames until it moves, signed speed (sign = direction). */
    private final int[] carX = new int[CARS];
    private final int[] carY = new int[CARS];
    private final int[] carTimer = new int[CARS];
    private final int[] carSpeed = new int[CARS];
    private int pos;
    private int moveTimer;
    private int terminateTimer;

    Freeway(final NumpyRandomState random, final boolean ramping)
    {
        super(random, ramping);
    }

    @Override
    void reset()
    {
        randomizeCars(true);
        pos = 9;
        moveTimer = PLAYER_SPEED;
        terminateTimer = TIME_LIMIT;
        terminal = false;
    }

    /**
     * New speeds and directions: eight {@code randint(1, 6)} then eight {@code rand()}, the
     * direction being {@code sign(u - 0.5)}. ({@code u == 0.5} exactly, which has probability
     * 2^-53 per draw, gives the reference's speed 0: a car that moves left every frame. The
     * reference's {@code state()} has no trail channel for it, and neither does ours.)
     */
    private void randomizeCars(final boolean initialize)
    {
        for (int i = 0; i < CARS; i++)
        {
            carSpeed[i] = (int)random.randint(1, 6);
        }
        for (int i = 0; i < CARS; i++)
        {
            final double u = random.rand();
            final int direction = u > 0.5 ? 1 : (u < 0.5 ? -1 : 0);
            carSpeed[i] *= direction;
            carTimer[i] = Math.abs(carSpeed[i]);
            if (initialize)
            {
                carX[i] = 0;
                carY[i] = i + 1;
            }
        }
    }

    @Override
    int act(final int action)
    {
        int r = 0;
        if (terminal)
        {
            return r;
        }
        if (action == UP && moveTimer == 0)
        {
            moveTimer = PLAYER_SPEED;
            pos = Math.max(0, pos - 1);
        }
        else if (action == DOWN && moveTimer == 0)
        {
            moveTimer = PLAYER_SPEED;
            pos = Math.min(9, pos + 1);
        }

        if (pos == 0)
        {
            r++;
            randomizeCars(false);
            pos = 9;
        }

        for (int i = 0; i < CARS; i++)
        {
            if (carX[i] == 4 && carY[i] == pos)
            {
                pos = 9;
            }
            if (carTimer[i] == 0)
            {
                carTimer[i] = Math.abs(carSpeed[i]);
                int x = carX[i] + (carSpeed[i] > 0 ? 1 : -1);
                if (x < 0)
                {
                    x = 9;
                }
                else if (x > 9)
                {
                    x = 0;
                }
                carX[i] = x;
                if (x == 4 && carY[i] == pos)
                {
                    pos = 9;
                }
            }
            else
            {
                carTimer[i]--;
            }
        }

        if (moveTimer > 0)
        {
            moveTimer--;
        }
        terminateTimer--;
        if (terminateTimer < 0)
        {
            terminal = true;
        }
        return r;
    }

    @Override
    void render(final long[] bits)
    {
        set(bits, CHICKEN, pos, 4);
        for (int i = 0; i < CARS; i++)
        {
            final int x = carX[i];
            set(bits, CAR, carY[i], x);
            final int speed = carSpeed[i];
            if (speed != 0)
            {
                int backX = speed > 0 ? x - 1 : x + 1;
                if (backX < 0)
                {
                    backX = 9;
                }
                else if (backX > 9)
                {
                    backX = 0;
                }
                set(bits, SPEED1 - 1 + Math.abs(speed), carY[i], backX);
            }
        }
    }
}
