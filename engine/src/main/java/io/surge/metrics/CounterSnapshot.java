package io.surge.metrics;

import org.agrona.concurrent.status.CountersReader;

import java.util.ArrayList;
import java.util.List;

/**
 * The values of every allocated counter at one moment, as read from a {@link CountersFile} by
 * another process.
 *
 * @param timeNs when it was taken ({@link System#nanoTime()}).
 * @param ids    counter ids.
 * @param labels their labels.
 * @param values their values.
 */
public record CounterSnapshot(long timeNs, int[] ids, String[] labels, long[] values)
{
    /**
     * Reads every allocated counter.
     *
     * @param file the mapped counters file.
     * @return the snapshot.
     */
    public static CounterSnapshot take(final CountersFile file)
    {
        final CountersReader reader = new CountersReader(file.metadataBuffer(), file.valuesBuffer());
        final List<Integer> ids = new ArrayList<>();
        final List<String> labels = new ArrayList<>();
        reader.forEach((id, label) ->
        {
            ids.add(id);
            labels.add(label);
        });
        final int n = ids.size();
        final int[] idArray = new int[n];
        final long[] valueArray = new long[n];
        for (int i = 0; i < n; i++)
        {
            idArray[i] = ids.get(i);
            valueArray[i] = reader.getCounterValue(idArray[i]);
        }
        return new CounterSnapshot(System.nanoTime(), idArray, labels.toArray(new String[0]), valueArray);
    }

    /**
     * The value of a counter by label, or -1 when absent.
     *
     * @param label the label.
     * @return the value.
     */
    public long value(final String label)
    {
        for (int i = 0; i < labels.length; i++)
        {
            if (labels[i].equals(label))
            {
                return values[i];
            }
        }
        return -1;
    }
}
