package io.surge.env.minatar;

/**
 * MinAtar Breakout: a paddle on the bottom row bounces a ball that moves one cell diagonally per
 * frame into three rows of bricks (rows 1-3); +1 per brick, the rows are refilled once all are
 * cleared, and the episode ends when the ball reaches the bottom row past the paddle.
 *
 * <p>Channels: 0 paddle, 1 ball, 2 trail (the ball's previous cell), 3 brick. Ball directions:
 * 0 up-left, 1 up-right, 2 down-right, 3 down-left. No difficulty ramp. The reset draws
 * {@code randint(2)} to start the ball at {@code (x=0, dir=2)} or {@code (x=9, dir=3)} in row 3.
 */
final class Breakout extends Game
{
    /** Channel indices. */
    static final int PADDLE = 0;
    static final int BALL = 1;
    static final int TRAIL = 2;
    static final int BRICK = 3;

    /** Bricks in rows 1-3: cells 10..39, all in the low word. */
    private static final long FULL_BRICKS = ((1L << 30) - 1) << 10;

    private int ballX;
    private int ballY;
    private int ballDir;
    private int pos;
    private int lastX;
    private int lastY;
    private boolean strike;
    /** Brick map: bit {@code y*10+x}; bricks only ever occupy rows 1-3, which fit in one word. */
    private long bricks;

    Breakout(final NumpyRandomState random, final boolean ramping)
    {
        super(random, ramping);
    }

    @Override
    void reset()
    {
        ballY = 3;
        if (random.randint(2) == 0)
        {
            ballX = 0;
            ballDir = 2;
        }
        else
        {
            ballX = 9;
            ballDir = 3;
        }
        pos = 4;
        bricks = FULL_BRICKS;
        strike = false;
        lastX = ballX;
        lastY = ballY;
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
        if (action == LEFT)
        {
            pos = Math.max(0, pos - 1);
        }
        else if (action == RIGHT)
        {
            pos = Math.min(9, pos + 1);
        }

        lastX = ballX;
        lastY = ballY;
        int newX = (ballDir == 1 || ballDir == 2) ? ballX + 1 : ballX - 1;
        int newY = ballDir <= 1 ? ballY - 1 : ballY + 1;

        boolean strikeToggle = false;
        if (newX < 0 || newX > 9)
        {
            newX = newX < 0 ? 0 : 9;
            ballDir = ballDir ^ 1;                  // [1,0,3,2][dir]: mirror horizontally
        }
        if (newY < 0)
        {
            newY = 0;
            ballDir = 3 - ballDir;                  // [3,2,1,0][dir]: mirror vertically
        }
        else if (brickAt(newY, newX))
        {
            strikeToggle = true;
            if (!strike)
            {
                r++;
                strike = true;
                bricks &= ~(1L << (newY * 10 + newX));
                newY = lastY;
                ballDir = 3 - ballDir;
            }
        }
        else if (newY == 9)
        {
            if (bricks == 0)
            {
                bricks = FULL_BRICKS;
            }
            if (ballX == pos)
            {
                ballDir = 3 - ballDir;
                newY = lastY;
            }
            else if (newX == pos)
            {
                ballDir = ballDir ^ 2;              // [2,3,0,1][dir]
                newY = lastY;
            }
            else
            {
                terminal = true;
            }
        }
        if (!strikeToggle)
        {
            strike = false;
        }
        ballX = newX;
        ballY = newY;
        return r;
    }

    private boolean brickAt(final int y, final int x)
    {
        final int cell = y * 10 + x;
        return cell < 64 && (bricks & (1L << cell)) != 0;
    }

    @Override
    void render(final long[] bits)
    {
        set(bits, BALL, ballY, ballX);
        set(bits, PADDLE, 9, pos);
        set(bits, TRAIL, lastY, lastX);
        bits[BRICK << 1] = bricks;
    }
}
