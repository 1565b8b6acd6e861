package io.surge.metrics;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The progress line on the terminal: frames, frames/s, episodes, mean return of the last 100
 * episodes, elapsed time (and updates when a learner runs). On a terminal it is rewritten in
 * place; when stdout is a file or a pipe it prints one plain line per update; quiet prints nothing.
 *
 * <p>Threading: the run's control thread only.
 */
public final class ProgressLine
{
    private final PrintStream out;
    private final boolean inPlace;
    private final boolean quiet;
    private int lastLength;

    /**
     * Makes a progress line.
     *
     * @param out     where to print.
     * @param inPlace true to rewrite one line with carriage returns (a terminal).
     * @param quiet   true to print nothing.
     */
    public ProgressLine(final PrintStream out, final boolean inPlace, final boolean quiet)
    {
        this.out = out;
        this.inPlace = inPlace;
        this.quiet = quiet;
    }

    /**
     * A progress line on standard output, in place when it is a terminal.
     *
     * @param quiet true to print nothing.
     * @return the line.
     */
    public static ProgressLine forStdout(final boolean quiet)
    {
        final java.io.Console console = System.console();
        return new ProgressLine(System.out, console != null && console.isTerminal(), quiet);
    }

    /**
     * Shows the current state.
     *
     * @param elapsedS    seconds since start.
     * @param frames      environment steps.
     * @param fps         frames per second over the last report interval.
     * @param episodes    finished episodes.
     * @param returnMean  mean return of the last 100 episodes, NaN if none.
     * @param updates     learner updates, or -1 when there is no learner.
     * @param evalMean    last evaluation mean return, NaN if none.
     */
    public void update(
        final double elapsedS,
        final long frames,
        final double fps,
        final long episodes,
        final double returnMean,
        final long updates,
        final double evalMean)
    {
        if (quiet)
        {
            return;
        }
        final StringBuilder sb = new StringBuilder(120);
        sb.append(String.format(Locale.ROOT, "[%7.1fs] frames %,d (%,.0f/s)  episodes %,d  return(100) %s",
            elapsedS, frames, fps, episodes, Double.isNaN(returnMean) ? "-" : String.format(Locale.ROOT, "%.2f", returnMean)));
        if (updates >= 0)
        {
            sb.append(String.format(Locale.ROOT, "  updates %,d", updates));
        }
        if (!Double.isNaN(evalMean))
        {
            sb.append(String.format(Locale.ROOT, "  eval %.2f", evalMean));
        }
        if (inPlace)
        {
            final int length = sb.length();
            while (sb.length() < lastLength)
            {
                sb.append(' ');
            }
            lastLength = length;
            out.print('\r');
            out.print(sb);
            out.flush();
        }
        else
        {
            out.println(sb);
        }
    }

    /** Ends the in-place line so that what follows starts on a new line. */
    public void finish()
    {
        if (!quiet && inPlace && lastLength > 0)
        {
            out.println();
            lastLength = 0;
        }
    }
}
