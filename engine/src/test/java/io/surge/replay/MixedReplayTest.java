package io.surge.replay;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MixedReplayTest
{
    @Test
    void shouldDrawRoundRatioTimesBFromTheSecondReplayAndRouteUpdatesBack()
    {
        final ReplayConfig config = ReplayConfig.of(3, 0, 4096).withNStep(2).withGamma(0.9);
        final PrioritizedReplay agent = new PrioritizedReplay(config);
        final PrioritizedReplay demos = new PrioritizedReplay(config.withSeed(7));
        final MixedReplay mixed = new MixedReplay(agent, demos, 0.25);
        final Feeder agentFeeder = new Feeder(3, 4, 0, 2, 0.9, 20, 1);
        final Feeder demoFeeder = new Feeder(3, 2, 1000, 2, 0.9, 20, 2);
        agentFeeder.feed(mixed, 200);
        demoFeeder.feed(demos, 200);
        assertEquals(8, mixed.secondShare(32));
        assertEquals(3, mixed.secondShare(10), "round(2.5) is 3");
        final SampleBatch batch = SampleBatch.forConfig(32, config);
        for (int round = 0; round < 50; round++)
        {
            assertTrue(mixed.sample(batch, 32));
            for (int row = 0; row < 32; row++)
            {
                final boolean demo = row >= 24;
                final float stream = batch.observations[row * 3];
                assertEquals(demo, stream >= 1000, "row " + row);
                assertEquals(demo, (batch.ids[row] & MixedReplay.SECOND_REPLAY_BIT) != 0);
                (demo ? demoFeeder : agentFeeder).checkRow(batch, row);
            }
        }
        final float[] td = new float[32];
        java.util.Arrays.fill(td, 50f);
        assertEquals(32, mixed.updatePriorities(batch.ids, td, 32));
        final long demoId = batch.ids[31] & ~MixedReplay.SECOND_REPLAY_BIT;
        assertEquals(demos.priority(50), demos.priorityOfSlot((int)(demoId % demos.capacity())));
        assertEquals(agent.priority(50), agent.priorityOfSlot((int)(batch.ids[0] % agent.capacity())));
        assertEquals(0, agent.stats().staleUpdates() + demos.stats().staleUpdates());
    }

    @Test
    void shouldAnswerNotNowWhenEitherReplayCannotGiveItsShare()
    {
        final ReplayConfig config = ReplayConfig.of(3, 0, 256).withNStep(2);
        final UniformReplay agent = new UniformReplay(config);
        final UniformReplay demos = new UniformReplay(config);
        final MixedReplay mixed = new MixedReplay(agent, demos, 0.5);
        new Feeder(3, 2, 0, 2, 0.9, 20, 3).feed(agent, 50);
        final SampleBatch batch = SampleBatch.forConfig(16, config);
        assertFalse(mixed.sample(batch, 16));
        final MixedReplay agentOnly = new MixedReplay(agent, demos, 0.0);
        assertTrue(agentOnly.sample(batch, 16));
        assertThrows(IllegalArgumentException.class, () -> new MixedReplay(agent, demos, 1.5));
        assertThrows(IllegalArgumentException.class, () -> new MixedReplay(agent, agent, 0.5));
    }
}
