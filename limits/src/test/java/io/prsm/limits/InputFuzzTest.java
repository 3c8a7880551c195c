package io.prsm.limits;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.List;
import java.util.zip.ZipException;

import org.junit.Test;

import io.prsm.limits.fuzz.Fuzz;
import io.prsm.limits.fuzz.Mutations;

/**
 * Malformed jars and JSON made from good ones, read the way the platform reads them: every case
 * is read, or refused by one line of message; nothing else escapes (no other exception, no
 * multi-line message, no echo of a file's content). The seed is printed, and in every failure.
 */
public class InputFuzzTest {

    static final List<String> TASKS = List.of(
            "{\"type\":\"get_metrics\",\"config\":{\"types\":[\"plugins\",\"system\"]}}",
            "{\"type\":\"create_dashboard\",\"config\":{\"name\":\"Ops\",\"widgets\":[{\"type\":\"gauge\","
                    + "\"data_source\":\"system.heap_used_ratio\"},{\"type\":\"counter\",\"data_source\":\"tasks.submitted\"}]}}",
            "{\"type\":\"convert\",\"config\":{\"value\":100,\"from\":\"C\",\"to\":\"F\"}}",
            "{\"type\":\"transform\",\"config\":{\"csv\":\"id,amount\\n1,9.99\\n2,abc\",\"schema\":{\"id\":\"integer\"}}}");
    static final List<String> POLICIES = List.of(
            "{\"tokens\": {\"reader\": {\"token\": \"reader-token-0123456789\", \"permissions\": [\"analytics_read\"]}}}",
            "{\"permissions\": [\"read_analytics_data\", \"admin_access\"], \"levels\": {\"sandbox\": {\"grantable\": "
                    + "[\"read_analytics_data\"], \"packages\": [\"io.prsm.api.*\", \"org.slf4j.*\"]}}, \"trusted\": "
                    + "{\"webhook-integration\": \"\"}, \"plugins\": {\"analytics-dashboard\": {\"grant\": [\"admin_access\"]}}}");
    private static final String SECRET = "ZQXSECRET";

    @Test(timeout = 120_000)
    public void jarsMutatedFromTheSampleAreReadOrRefusedInOneLine() throws Exception {
        Fuzz fuzz = Fuzz.of("InputFuzzTest.jars");
        JarInspector inspector = new JarInspector(JarLimits.DEFAULTS);
        byte[] sample = TestJars.sample();
        byte[] current = sample;
        for (int i = 0, cases = fuzz.cases(100); i < cases; i++) {
            // mostly one step from the sample, sometimes a mutant of the last mutant
            current = Mutations.jar(fuzz.random().nextInt(3) == 0 ? current : sample, fuzz);
            try {
                JarInspection inspection = inspector.inspect(current);
                for (String problem : inspection.problems()) {
                    assertOneLine(fuzz, problem);
                }
            } catch (OverLimitException | ZipException refused) {
                assertOneLine(fuzz, refused.getMessage());
            } catch (Exception | Error unexpected) {
                throw new AssertionError(fuzz.says("case " + i + " escaped as " + unexpected), unexpected);
            }
            if (current.length > 4 << 20) {
                current = sample;
            }
        }
    }

    @Test(timeout = 120_000)
    public void jsonMutatedFromTasksAndPoliciesIsReadOrRefusedInOneLine() {
        Fuzz fuzz = Fuzz.of("InputFuzzTest.json");
        BoundedJson tasks = BoundedJson.of(JsonLimits.DEFAULTS);
        BoundedJson files = tasks.withoutEcho();
        for (int i = 0, cases = fuzz.cases(1500); i < cases; i++) {
            boolean policy = fuzz.random().nextBoolean();
            String sample = fuzz.pick((policy ? POLICIES : TASKS).toArray(new String[0]));
            String mutant = Mutations.json(sample.replace("Ops", SECRET).replace("reader-token", SECRET), fuzz);
            try {
                (policy ? files : tasks).read(mutant, policy ? "policy.json" : "The task");
            } catch (JsonInputException refused) {
                assertOneLine(fuzz, refused.getMessage());
                if (policy) {
                    assertFalse(fuzz.says("a file's content in: " + refused.getMessage()),
                            refused.getMessage().contains(SECRET));
                }
            } catch (RuntimeException | Error unexpected) {
                throw new AssertionError(fuzz.says("case " + i + " escaped as " + unexpected), unexpected);
            }
        }
    }

    @Test(timeout = 60_000)
    public void manifestsMutatedFromTheSampleAreReadOrRefusedInOneLine() throws Exception {
        Fuzz fuzz = Fuzz.of("InputFuzzTest.manifests");
        String sample = TestJars.MANIFEST + "Name: x/A.class\r\nSHA-256-Digest: abc\r\n";
        for (int i = 0, cases = fuzz.cases(1000); i < cases; i++) {
            String mutant = Mutations.manifest(sample, fuzz);
            try {
                JarManifest manifest = JarManifest.read(Mutations.bytes(mutant.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        fuzz), JarLimits.DEFAULTS);
                manifest.problems().forEach(problem -> assertOneLine(fuzz, problem));
            } catch (OverLimitException refused) {
                assertOneLine(fuzz, refused.getMessage());
            } catch (RuntimeException | Error unexpected) {
                fail(fuzz.says("case " + i + " escaped as " + unexpected));
            }
        }
    }

    private static void assertOneLine(Fuzz fuzz, String message) {
        assertTrue(fuzz.says("no message"), message != null && !message.isBlank());
        assertFalse(fuzz.says("more than a line: " + message), message.contains("\n") || message.contains("\r"));
        assertTrue(fuzz.says("longer than a line should be: " + message.length()), message.length() <= 700);
    }
}
