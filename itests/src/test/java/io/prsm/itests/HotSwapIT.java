package io.prsm.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import io.prsm.api.PluginResponse;
import io.prsm.api.Task;
import io.prsm.api.runtime.PluginOperationException;
import io.prsm.api.runtime.SwapReport;

/**
 * Hot-swap as a transaction in a real Felix: under a stream of tasks from several threads, no
 * task fails or is lost, each answer comes from exactly one version, the state carries over, and
 * a broken version rolls back to the one that was serving.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HotSwapIT extends PrsmTestSupport {

    private static final int CLIENTS = 4;

    @Configuration
    public Option[] config() {
        return RuntimeOptions.forTest("swap");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> data(PluginResponse response) {
        assertTrue(response.error(), response.success());
        return (Map<String, Object>) response.data();
    }

    @Test
    public void swapUnderLoadLosesNothingAndCarriesTheStateThenABrokenVersionRollsBack() throws Exception {
        plugins.install(property("prsm.sample.wordStats1"));
        List<PluginResponse> answers;
        SwapReport report;
        try (TaskLoad load = new TaskLoad(plugins, "word-stats", new Task("count", Map.of("text", "alpha beta")),
                CLIENTS)) {
            load.awaitWarmUp();
            report = plugins.swap("word-stats", property("prsm.sample.wordStats2"));
            load.awaitWarmUp();
            PluginOperationException rolledBack = assertThrows(PluginOperationException.class,
                    () -> plugins.swap("word-stats", property("prsm.sample.wordStats3")));
            assertTrue(rolledBack.getMessage(), rolledBack.getMessage().contains("broken on purpose"));
            assertTrue(rolledBack.getMessage(), rolledBack.getMessage().contains("Rolled back to 2.0.0"));
            // the old version serves again, so no advice to start it
            assertFalse(rolledBack.getMessage(), rolledBack.getMessage().contains("prsm:start"));
            answers = load.stop();
        }
        assertEquals("1.0.0", report.oldVersion());
        assertEquals("2.0.0", report.newVersion());
        assertTrue(report.stateCarried());

        long counted = 0;
        boolean sawOld = false;
        boolean sawNew = false;
        for (PluginResponse answer : answers) {
            Map<String, Object> data = data(answer);
            String version = (String) data.get("version");
            assertTrue(version, version.equals("1.0.0") || version.equals("2.0.0"));
            sawOld |= version.equals("1.0.0");
            sawNew |= version.equals("2.0.0");
            counted += ((Number) data.get("counted")).longValue();
        }
        assertTrue(sawOld && sawNew);

        Map<String, Object> stats = data(execute("word-stats", "stats", Map.of()));
        assertEquals("v2 still serves after the failed swap to v3", "2.0.0", stats.get("version"));
        assertEquals("every word counted by either version is in the state", counted,
                ((Number) stats.get("total_words")).longValue());
        assertEquals("2.0.0", plugins.info("word-stats").version());
        assertEquals(0, plugins.info("word-stats").metrics().failed());
        // issue 18: the failed swap is where operators look, though the rollback restarted the plugin
        String lastError = plugins.info("word-stats").lastError();
        assertTrue(lastError, lastError != null && lastError.startsWith("Swap failed (")
                && lastError.contains("Rolled back to 2.0.0") && lastError.endsWith("Running: 2.0.0, the content "
                        + "installed before the swap.") && !lastError.contains("prsm:start"));
        assertTrue(auditLog(), auditLog().lines().anyMatch(line -> line.contains("\"plugin\":\"word-stats\"")
                && line.contains("swap to ") && line.contains("broken on purpose")));
    }

    @Test
    public void stoppedPluginIsSwappedButStaysStopped() throws Exception {
        plugins.install(property("prsm.sample.wordStats1"));
        plugins.stop("word-stats");
        SwapReport report = plugins.swap("word-stats", property("prsm.sample.wordStats2"));
        assertEquals("2.0.0", report.newVersion());
        assertFalse(report.stateCarried());
        assertEquals(io.prsm.api.runtime.PluginState.STOPPED, plugins.info("word-stats").state());
        assertEquals("PLUGIN_UNAVAILABLE", execute("word-stats", "stats", Map.of()).errorCode());
        plugins.start("word-stats");
        assertEquals("2.0.0", data(execute("word-stats", "stats", Map.of())).get("version"));
    }

    @Test
    public void swapToAnotherPluginOrAnInvalidJarIsRefusedChangesNothingAndIsRecorded() throws Exception {
        plugins.install(property("prsm.sample.wordStats1"));
        PluginOperationException other = assertThrows(PluginOperationException.class,
                () -> plugins.swap("word-stats", analyticsJar()));
        assertTrue(other.getMessage(), other.getMessage().contains("is plugin 'analytics-dashboard', not 'word-stats'"));
        PluginOperationException invalid = assertThrows(PluginOperationException.class,
                () -> plugins.swap("word-stats", property("prsm.sample.invalidVersion")));
        assertTrue(invalid.getMessage(), invalid.getMessage().contains("plugin 'word-stats' is untouched"));
        assertEquals("1.0.0", data(execute("word-stats", "stats", Map.of())).get("version"));
        // issue 18: a refused swap (a hot deploy of a broken jar, say) shows in prsm:info and the audit log
        String lastError = plugins.info("word-stats").lastError();
        assertTrue(lastError, lastError.contains("plugin 'word-stats' is untouched")
                && lastError.endsWith("Running: 1.0.0, the content installed before the swap."));
        assertEquals(io.prsm.api.runtime.PluginState.ACTIVE, plugins.info("word-stats").state());
        assertTrue(auditLog(), auditLog().lines().anyMatch(line -> line.contains("\"plugin\":\"word-stats\"")
                && line.contains("is plugin 'analytics-dashboard', not 'word-stats'")));
    }
}
