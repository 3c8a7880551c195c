package io.prsm.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.Map;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import io.prsm.api.PluginResponse;

/**
 * Issue 18: every command a message advises works when followed. Each failure below is provoked as
 * an operator would meet it; the prsm command its message names is run as written, and must succeed.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MessageAdviceIT extends PrsmTestSupport {

    /** Words that end the command a message advises: the sentence goes on in plain words after them. */
    private static final java.util.Set<String> PROSE = java.util.Set.of("instead", "and", "to", "or", "then");

    @Configuration
    public Option[] config() {
        return RuntimeOptions.forTest("advice");
    }

    /** Follows the advice in {@code message}: runs the prsm command it names and returns its answer. */
    private String follow(String message) throws Exception {
        int at = message.indexOf("prsm:");
        assertTrue("no prsm command advised in: " + message, at >= 0);
        StringBuilder command = new StringBuilder();
        for (String word : message.substring(at).split("\\s+")) {
            if (PROSE.contains(word.replaceAll("[.,;)]+$", ""))) {
                break;
            }
            // the sentence's punctuation (a full stop, a closing parenthesis) is not part of the command
            boolean last = word.matches(".*[.,;)]$");
            command.append(command.length() == 0 ? "" : " ").append(last ? word.replaceAll("[.,;)]+$", "") : word);
            if (last) {
                break;
            }
        }
        return shell(command.toString());
    }

    @Test
    public void taskForAStoppedPluginAdvisesAStartThatWorks() throws Exception {
        plugins.install(analyticsJar());
        shell("prsm:stop analytics-dashboard");
        PluginResponse refused = execute("analytics-dashboard", "get_metrics", Map.of());
        assertEquals("analytics-dashboard active", follow(refused.error()));
        assertTrue(execute("analytics-dashboard", "get_metrics", Map.of()).success());
    }

    @Test
    public void secondInstallAdvisesAnUninstallThatWorks() throws Exception {
        plugins.install(analyticsJar());
        Exception refused = assertThrows(Exception.class, () -> shell("prsm:install '" + analyticsJar() + "'"));
        assertEquals("analytics-dashboard uninstalled", follow(refused.getMessage()));
        assertEquals("analytics-dashboard", shell("prsm:install '" + analyticsJar() + "'"));
    }

    @Test
    public void unknownPluginAdvisesAListThatWorks() throws Exception {
        Exception refused = assertThrows(Exception.class, () -> shell("prsm:info ghost"));
        assertTrue(follow(refused.getMessage()).startsWith("No plugins installed"));
    }

    @Test
    public void purgeOfAnInstalledPluginAdvisesAnUninstallWithPurgeThatWorks() throws Exception {
        plugins.install(analyticsJar());
        Exception refused = assertThrows(Exception.class, () -> shell("prsm:data purge analytics-dashboard"));
        assertTrue(follow(refused.getMessage()).startsWith("analytics-dashboard uninstalled; purged analytics-dashboard"));
    }

    @Test
    public void swapToAnotherPluginAdvisesAnInstallThatWorks() throws Exception {
        plugins.install(property("prsm.sample.wordStats1"));
        Exception refused = assertThrows(Exception.class,
                () -> shell("prsm:swap word-stats '" + analyticsJar() + "'"));
        assertEquals("analytics-dashboard", follow(refused.getMessage()));
    }
}
