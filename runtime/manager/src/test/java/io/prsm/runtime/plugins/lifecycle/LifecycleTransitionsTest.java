package io.prsm.runtime.plugins.lifecycle;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameters;

/**
 * Every pair of states, against the transition table: an allowed transition happens and puts the
 * queue in the mode of the state it reaches; any other throws, naming plugin, from and to, and
 * changes nothing.
 */
@RunWith(Parameterized.class)
public class LifecycleTransitionsTest {

    @Parameters(name = "{0} -> {1}")
    public static Collection<Object[]> pairs() {
        List<Object[]> pairs = new ArrayList<>();
        for (LifecycleState from : LifecycleState.values()) {
            for (LifecycleState to : LifecycleState.values()) {
                if (from != to) {
                    pairs.add(new Object[] { from, to });
                }
            }
        }
        return pairs;
    }

    private final LifecycleState from;
    private final LifecycleState to;
    private final RecordingGate gate = new RecordingGate();
    private final NamedPlugin plugin = new NamedPlugin("instance");
    private final PluginLifecycle lifecycle = new PluginLifecycle("walker", gate);

    public LifecycleTransitionsTest(LifecycleState from, LifecycleState to) {
        this.from = from;
        this.to = to;
    }

    @Test
    public void onlyTheTableAllowsATransition() {
        reach(from);
        assertEquals(from, lifecycle.state());
        assertEquals("the queue's mode in " + from, from.queueMode(), gate.mode);
        if (from.next().contains(to)) {
            lifecycle.moveTo(to, null);
            assertEquals(to, lifecycle.state());
            assertEquals("the queue's mode in " + to, to.queueMode(), gate.mode);
            if (to == LifecycleState.ACTIVE) {
                assertSame("an active plugin's queue runs tasks on its instance", plugin, gate.openOn);
            }
        } else {
            int calls = gate.calls.size();
            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> lifecycle.moveTo(to, null));
            assertTrue(refused.getMessage(), refused.getMessage().contains("'walker'"));
            assertTrue(refused.getMessage(), refused.getMessage().contains("from " + from + " to " + to));
            assertEquals("a refused transition changes nothing", from, lifecycle.state());
            assertEquals("a refused transition leaves the queue alone", calls, gate.calls.size());
        }
    }

    /**
     * Walks the table itself (breadth first, from the STARTING an attached instance gives) to
     * {@code target}: every state must be reachable through allowed transitions alone.
     */
    private void reach(LifecycleState target) {
        assertTrue(lifecycle.attach(plugin));
        List<LifecycleState> path = shortestPath(lifecycle.state(), target);
        for (LifecycleState step : path) {
            lifecycle.moveTo(step, null);
        }
    }

    private static List<LifecycleState> shortestPath(LifecycleState start, LifecycleState target) {
        Map<LifecycleState, LifecycleState> cameFrom = new EnumMap<>(LifecycleState.class);
        ArrayDeque<LifecycleState> frontier = new ArrayDeque<>(List.of(start));
        cameFrom.put(start, start);
        while (!frontier.isEmpty()) {
            LifecycleState state = frontier.poll();
            for (LifecycleState next : state.next()) {
                if (cameFrom.putIfAbsent(next, state) == null) {
                    frontier.add(next);
                }
            }
        }
        if (!cameFrom.containsKey(target)) {
            throw new AssertionError(target + " cannot be reached from " + start + " through the table");
        }
        List<LifecycleState> path = new ArrayList<>();
        for (LifecycleState state = target; state != start; state = cameFrom.get(state)) {
            path.add(0, state);
        }
        return path;
    }
}
