package io.prsm.sandbox.audit;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class FileAuditLogTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    /** A clock the test moves by hand, so folding is tested without waiting. */
    private static final class ManualClock extends Clock {
        private Instant now = Instant.parse("2026-11-22T10:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final ManualClock clock = new ManualClock();

    private FileAuditLog log(long maxBytes) throws Exception {
        return new FileAuditLog(folder.getRoot().toPath(), maxBytes, 2, Duration.ofSeconds(60), clock);
    }

    private static AuditEvent denial(String request) {
        return AuditEvent.denied("hostile-reader", 42, "bytecode", request, "file system access is not allowed");
    }

    private List<String> lines(String file) throws Exception {
        return Files.readAllLines(folder.getRoot().toPath().resolve(file), StandardCharsets.UTF_8);
    }

    @Test
    public void eachDecisionIsOneJsonLineWithEveryField() throws Exception {
        try (FileAuditLog log = log(1 << 20)) {
            log.record(denial("java.io.File.<init>"));
            log.record(AuditEvent.granted("analytics-dashboard", 7, "resolve", "permission read_analytics_data",
                    "sandbox plugins may be granted read_analytics_data"));
        }
        List<String> lines = lines("audit.log");
        assertEquals(2, lines.size());
        assertEquals("{\"time\":\"2026-11-22T10:00:00Z\",\"plugin\":\"hostile-reader\",\"bundle\":42,"
                + "\"layer\":\"bytecode\",\"request\":\"java.io.File.<init>\",\"decision\":\"deny\","
                + "\"reason\":\"file system access is not allowed\"}", lines.get(0));
        assertTrue(lines.get(1), lines.get(1).contains("\"decision\":\"grant\""));
    }

    @Test
    public void aPluginsMegabyteLongRequestOrReasonTakesOneShortLineNotTheRotation() throws Exception {
        // a key of an answer, a path, an exception's words: the plugin chooses their length
        String key = "k".repeat(3_000_000);
        try (FileAuditLog log = log(1 << 20)) {
            log.record(denial("java.io.File.<init>"));
            for (int i = 0; i < 30; i++) {
                log.record(AuditEvent.denied("floods", 9, "tasks", "answer data." + i + key, "answered " + i + key));
            }
        }
        List<String> lines = lines("audit.log");
        assertEquals("nothing rotated away", 31, lines.size());
        assertTrue(lines.get(0), lines.get(0).contains("java.io.File.<init>"));
        String flood = lines.get(30);
        assertTrue(flood.length() + " characters", flood.length() < AuditEvent.REQUEST_KEPT + AuditEvent.REASON_KEPT + 300);
        assertTrue(flood, flood.contains("answer data.29kkk") && flood.contains("... (3000014 characters)"));
    }

    @Test
    public void repeatedDenialsAreCountedNotWrittenAgain() throws Exception {
        try (FileAuditLog log = log(1 << 20)) {
            for (int i = 0; i < 1000; i++) {
                log.record(denial("java.net.Socket.<init>"));
                clock.advance(Duration.ofMillis(10));
            }
            assertEquals("only the first of a burst is written at once", 1, lines("audit.log").size());
            clock.advance(Duration.ofMinutes(2));
            log.record(denial("java.net.Socket.<init>"));
            List<AuditEvent> tail = log.tail(10);
            assertEquals("the first, the 999 repeats when the window ended, the next one", 3, tail.size());
            assertEquals(999, tail.get(1).repeated());
            assertEquals(1, tail.get(2).repeated());
        }
    }

    @Test
    public void aFoldsCountIsWrittenWhenItsWindowEndsInTimeOrder() throws Exception {
        List<Runnable> scheduled = new ArrayList<>();
        List<Duration> delays = new ArrayList<>();
        try (FileAuditLog log = new FileAuditLog(folder.getRoot().toPath(), 1 << 20, 2, Duration.ofSeconds(60), clock,
                (task, delay) -> {
                    scheduled.add(task);
                    delays.add(delay);
                }, java.util.concurrent.Executors.newSingleThreadScheduledExecutor())) {
            log.record(denial("java.lang.System.exit"));
            clock.advance(Duration.ofSeconds(10));
            log.record(denial("java.lang.System.exit"));
            log.record(denial("java.lang.System.exit"));
            assertEquals("one flush, at the end of the window", List.of(Duration.ofSeconds(50)), delays);
            clock.advance(Duration.ofSeconds(5));
            log.record(AuditEvent.granted("csv-processor", 7, "admin", "POST stop", "caller ops over HTTP"));
            clock.advance(Duration.ofSeconds(45));
            scheduled.get(0).run();
            List<AuditEvent> tail = log.tail(10);
            assertEquals(3, tail.size());
            assertEquals(2, tail.get(2).repeated());
            for (int i = 1; i < tail.size(); i++) {
                assertFalse(tail.get(i).time().isBefore(tail.get(i - 1).time()));
            }
        }
    }

    @Test
    public void aFoldOfOneRepeatSaysSoAndDoesNotReadAsANewDecision() throws Exception {
        try (FileAuditLog log = log(1 << 20)) {
            log.record(denial("java.lang.System.exit"));
            log.record(denial("java.lang.System.exit"));
        }
        List<String> lines = lines("audit.log");
        assertEquals(2, lines.size());
        assertFalse(lines.get(0), lines.get(0).contains("repeated"));
        assertTrue(lines.get(1), lines.get(1).endsWith("\"repeated\":1}"));
    }

    @Test
    public void countsStillFoldedAreWrittenOnClose() throws Exception {
        try (FileAuditLog log = log(1 << 20)) {
            log.record(denial("java.lang.System.exit"));
            log.record(denial("java.lang.System.exit"));
            log.record(denial("java.lang.System.exit"));
        }
        List<String> lines = lines("audit.log");
        assertEquals(2, lines.size());
        assertTrue(lines.get(1), lines.get(1).endsWith("\"repeated\":2}"));
    }

    @Test
    public void logRotatesAtItsSizeAndTailReadsAcrossFiles() throws Exception {
        try (FileAuditLog log = log(600)) {
            for (int i = 0; i < 12; i++) {
                log.record(denial("request-" + i));
            }
            List<AuditEvent> tail = log.tail(5);
            assertEquals(List.of("request-7", "request-8", "request-9", "request-10", "request-11"),
                    tail.stream().map(AuditEvent::request).toList());
        }
        Path root = folder.getRoot().toPath();
        assertTrue(Files.exists(root.resolve("audit.log.1")));
        assertTrue(Files.size(root.resolve("audit.log")) <= 600);
        assertFalse("only two rotations are kept", Files.exists(root.resolve("audit.log.3")));
    }

    @Test
    public void logIsAppendedAcrossRestartsAndATornLastLineIsSkipped() throws Exception {
        try (FileAuditLog log = log(1 << 20)) {
            log.record(denial("first"));
        }
        Files.writeString(folder.getRoot().toPath().resolve("audit.log"), "{\"time\":\"2026-11",
                java.nio.file.StandardOpenOption.APPEND);
        try (FileAuditLog log = log(1 << 20)) {
            assertEquals(List.of("first"), log.tail(10).stream().map(AuditEvent::request).toList());
            log.record(denial("after the crash"));
            assertEquals(List.of("first", "after the crash"), log.tail(10).stream().map(AuditEvent::request).toList());
        }
    }
}
