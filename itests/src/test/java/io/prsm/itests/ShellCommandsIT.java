package io.prsm.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.apache.felix.service.command.CommandSession;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/** The prsm Gogo commands as an operator types them, through the real Gogo command processor. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ShellCommandsIT extends PrsmTestSupport {

    private CommandSession session;
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    @Configuration
    public Option[] config() {
        return RuntimeOptions.forTest("shell");
    }

    @Before
    public void openSession() {
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        session = processor.createSession(new ByteArrayInputStream(new byte[0]), out, out);
    }

    @After
    public void closeSession() {
        session.close();
    }

    private String run(String command) throws Exception {
        Object result = session.execute(command);
        return result == null ? "" : session.format(result, 0).toString();
    }

    @Test
    public void installExecListInfoStopStartUninstall() throws Exception {
        assertEquals("analytics-dashboard", run("prsm:install '" + analyticsJar() + "'"));
        String metrics = run("prsm:exec analytics-dashboard '{\"type\":\"get_metrics\"}'");
        assertTrue(metrics, metrics.contains("\"success\" : true"));
        assertTrue(metrics, metrics.contains("\"heap_used_bytes\""));

        String list = run("prsm:list");
        assertTrue(list, list.startsWith("BUNDLE"));
        assertTrue(list, list.contains("analytics-dashboard  1.0.0    analytics  sandbox  active"));

        String info = run("prsm:info analytics-dashboard");
        assertTrue(info, info.contains("read_analytics_data, write_dashboard_config, access_user_metrics (optional)"));
        assertTrue(info, info.contains("Tasks:"));

        assertEquals("analytics-dashboard stopped", run("prsm:stop analytics-dashboard"));
        assertEquals("analytics-dashboard active", run("prsm:start analytics-dashboard"));
        assertTrue(run("prsm:metrics").contains("analytics-dashboard"));
        assertEquals("analytics-dashboard uninstalled", run("prsm:uninstall analytics-dashboard"));
        assertTrue(run("prsm:list").startsWith("No plugins installed"));
    }

    @Test
    public void malformedTaskJsonFailsWithAClearMessage() throws Exception {
        run("prsm:install '" + analyticsJar() + "'");
        Exception e = assertThrows(Exception.class, () -> run("prsm:exec analytics-dashboard 'not json'"));
        assertTrue(e.getMessage(), e.getMessage().startsWith("The task is not valid JSON"));
    }

    @Test
    public void failedTaskMakesTheCommandFailWithTheResponse() throws Exception {
        run("prsm:install '" + analyticsJar() + "'");
        Exception e = assertThrows(Exception.class,
                () -> run("prsm:exec analytics-dashboard '{\"type\":\"nope\"}'"));
        assertTrue(e.getMessage(), e.getMessage().contains("\"error_code\" : \"INVALID_TASK\""));
        // issue 18: the runtime answers a task type the plugin does not declare, naming those it does
        assertTrue(e.getMessage(), e.getMessage().contains("Unknown task type 'nope'; plugin 'analytics-dashboard' "
                + "accepts get_metrics, create_dashboard, get_dashboard, list_dashboards, delete_dashboard, "
                + "generate_report, export_data."));
        assertTrue(run("prsm:info analytics-dashboard").contains("Task types:     get_metrics, create_dashboard,"));
        assertTrue(run("prsm:info --json analytics-dashboard").contains("\"task_types\":[\"get_metrics\","));
    }

    @Test
    public void unknownPluginFailsNamingWhatToDo() {
        Exception e = assertThrows(Exception.class, () -> run("prsm:stop ghost"));
        assertEquals("No plugin 'ghost'. Run prsm:list to see installed plugins.", e.getMessage());
    }

    @Test
    public void validateFailsForAnInvalidJarAndNamesTheField() throws Exception {
        Exception e = assertThrows(Exception.class,
                () -> run("prsm:validate '" + property("prsm.sample.invalidVersion") + "'"));
        assertTrue(e.getMessage(), e.getMessage().contains("invalid, 1 problem"));
        String valid = run("prsm:validate '" + analyticsJar() + "'");
        assertTrue(valid, valid.contains(": valid\n  task types: get_metrics, create_dashboard"));
        assertTrue(valid, valid.contains("Entitlements declared: none"));
    }

    /** Issue 18: the commands scripts read print JSON in the runtime's one style with --json. */
    @Test
    public void jsonOutputForScripts() throws Exception {
        run("prsm:install '" + analyticsJar() + "'");
        assertTrue(run("prsm:list --json").startsWith("[{\"bundle_id\":"));
        String info = run("prsm:info --json analytics-dashboard");
        assertTrue(info, info.startsWith("{\"bundle_id\":") && info.contains("\"plugin_id\":\"analytics-dashboard\"")
                && info.contains("\"state\":\"active\"") && info.contains("\"security_level\":\"sandbox\""));
        assertTrue(run("prsm:metrics --json").contains("\"taken_at\":"));
        assertTrue(run("prsm:metrics --json analytics-dashboard").startsWith("{\"submitted\":"));
        assertTrue(run("prsm:validate --json '" + analyticsJar() + "'").contains("\"plugin_id\":\"analytics-dashboard\""));
        assertTrue(run("prsm:audit --json 1").matches("\\[\\{\"time\":.*\"decision\":\"(grant|deny)\".*\\}\\]"));
        assertTrue(run("prsm:policy --json").startsWith("{\"revision\":"));
    }

    @Test
    public void everyCommandHasHelp() throws Exception {
        for (String command : new String[] { "list", "info", "install", "start", "stop", "uninstall", "exec",
                "validate", "metrics" }) {
            String help = run("help prsm:" + command);
            assertNotNull(help);
            String shown = help + printed.toString(StandardCharsets.UTF_8);
            assertTrue(command + ": " + shown, shown.contains(command + " - "));
        }
    }
}
