package io.prsm.sandbox.policy;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.prsm.limits.BoundedJson;
import io.prsm.limits.JsonLimits;

/** The policy files: each blocked the reload, ran out of memory or echoed a file it should not read. */
public class PolicyFileTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private final PolicyHolder holder = new PolicyHolder(PolicyParser.defaults());

    private PolicyFile inStorage(Path file) {
        return new PolicyFile(file, folder.getRoot().toPath(), PolicyFile.DEFAULT_MAX_BYTES);
    }

    @Test
    public void aNamedPipeIsRefusedAtOnceAndThePolicyInForceStays() throws Exception {
        Path fifo = folder.getRoot().toPath().resolve("policy.json");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        PolicyHolder.Reload reload = holder.load(inStorage(fifo));
        assertFalse(reload.applied());
        assertEquals(List.of(fifo + " is not a regular file (a named pipe, socket or device); give a file"),
                reload.problems());
        assertEquals(0, holder.current().revision());
    }

    @Test
    public void aDeviceThatNeverEndsIsRefused() {
        PolicyHolder.Reload reload = holder.load(PolicyFile.named(Path.of("/dev/zero")));
        assertFalse(reload.applied());
        assertTrue(reload.problems().get(0), reload.problems().get(0).contains("not a regular file"));
    }

    @Test
    public void aFileOverTheSizeLimitIsRefusedNamingTheProperty() throws Exception {
        Path file = folder.getRoot().toPath().resolve("policy.json");
        Files.writeString(file, "{\"permissions\": [" + "\"p\",".repeat(300_000) + "\"p\"]}");
        PolicyHolder.Reload reload = holder.load(inStorage(file));
        assertFalse(reload.applied());
        assertTrue(reload.problems().get(0), reload.problems().get(0).contains("larger than 1 MiB (prsm.policy.maxBytes)"));
    }

    @Test
    public void aLinkOutOfTheStorageFolderIsRefusedAndItsTargetNeverQuoted() throws Exception {
        Path secret = folder.newFolder("etc").toPath().resolve("shadow");
        Files.writeString(secret, "root:$6$secret-hash:19000:0:99999:7:::\n");
        Path storage = folder.newFolder("storage").toPath();
        Path link = Files.createSymbolicLink(storage.resolve("policy.json"), secret);
        PolicyHolder.Reload outside = holder.load(new PolicyFile(link, storage, PolicyFile.DEFAULT_MAX_BYTES));
        assertFalse(outside.applied());
        assertTrue(outside.problems().get(0), outside.problems().get(0).contains("outside " + storage.toRealPath()));
        // named by the operator, the link is followed, and the parse error still says nothing of the content
        PolicyHolder.Reload named = holder.load(PolicyFile.named(link));
        assertFalse(named.applied());
        assertEquals(List.of("policy.json is not valid JSON: Unrecognized token (line 1, column 6)."), named.problems());
    }

    @Test(timeout = 60_000)
    public void manyTokensAreCheckedInLinearTime() {
        // 100,000 tokens: comparing each with every other, as the reload once did, takes minutes
        StringBuilder policy = new StringBuilder("{\"tokens\": {");
        for (int i = 0; i < 100_000; i++) {
            policy.append(i == 0 ? "" : ",").append("\"t").append(i).append("\": {\"sha256\": \"")
                    .append(String.format("%064x", i)).append("\", \"permissions\": []}");
        }
        policy.append("}}");
        PolicyParser large = new PolicyParser(BoundedJson.of(JsonLimits.DEFAULTS));
        PolicyParser.Result result = large.parse(policy.toString());
        assertTrue(result.problems().toString(), result.valid());
        assertEquals(100_000, result.policy().tokens().size());
    }

    @Test
    public void thousandsOfProblemsAreAnsweredInAFewLines() {
        PolicyParser.Result result = new PolicyParser().parse("{\"permissions\": [" + "\"Bad Name\",".repeat(5000)
                + "\"ok\"]}");
        assertEquals(PolicyParser.NAMED_PROBLEMS + 1, result.problems().size());
        assertEquals("and 4980 more problems of these kinds", result.problems().get(PolicyParser.NAMED_PROBLEMS));
    }

    @Test
    public void jsonOverTheLimitsIsOneProblemNotACrash() {
        for (String hostile : List.of("[".repeat(2000), "{\"permissions\": [" + "9".repeat(5000) + "]}")) {
            PolicyParser.Result result = new PolicyParser().parse(hostile);
            assertFalse(result.valid());
            assertEquals(1, result.problems().size());
            assertTrue(result.problems().get(0), result.problems().get(0).startsWith("policy.json is refused: it "));
        }
    }
}
