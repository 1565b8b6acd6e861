package io.surge.channel.aeron;

import io.aeron.ExclusivePublication;
import io.surge.config.RunConfig;
import org.agrona.CloseHelper;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Arrays;
import java.util.List;

/**
 * A process that sends malformed messages ({@link MalformedTraffic}) to a learner's experience and
 * control channels, then exits. Arguments: how many, records per experience message, then
 * {@code key=value} configuration lines (the channels and the driver of the process it imitates).
 * Prints {@code sent <n>}.
 */
public final class MalformedSenderMain
{
    private MalformedSenderMain()
    {
    }

    /**
     * Sends.
     *
     * @param args see the class comment.
     */
    public static void main(final String[] args)
    {
        final int total = Integer.parseInt(args[0]);
        final int records = Integer.parseInt(args[1]);
        final RunConfig config = RunConfig.fromText(String.join("\n", Arrays.asList(args).subList(2, args.length)) + "\n",
            "aeron-test", List.of());
        final TransportSettings s = TransportSettings.from(config);
        try (AeronTransport transport = AeronTransport.launch(s, Throwable::printStackTrace))
        {
            final ExclusivePublication experience = transport.aeron()
                .addExclusivePublication(s.publicationChannel(s.experienceChannel()), s.experienceStream());
            final ExclusivePublication control = transport.aeron()
                .addExclusivePublication(s.publicationChannel(s.controlChannel()), s.controlStream());
            try
            {
                final MalformedTraffic bad = new MalformedTraffic(s.runId(),
                    ExperienceFormat.transitions(SyntheticRecords.RECORD_LENGTH, records), 99);
                final long deadline = System.nanoTime() + 60_000_000_000L;
                for (int i = 0; i < total; i++)
                {
                    final UnsafeBuffer message = bad.next();
                    final ExclusivePublication target = (i & 3) == 0 ? control : experience;
                    while (target.offer(message, 0, message.capacity()) < 0)
                    {
                        if (System.nanoTime() > deadline)
                        {
                            System.out.println("gave up after " + i);
                            System.exit(1);
                        }
                        Thread.onSpinWait();
                    }
                }
                System.out.println("sent " + total);
            }
            finally
            {
                CloseHelper.closeAll(experience, control);
            }
        }
    }
}
