package io.prsm.sandbox.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.prsm.platform.PlatformActs;
import io.prsm.limits.PlatformJson;

/**
 * The audit log: one JSON object per line in {@code audit.log}, appended and flushed per line,
 * rotated to {@code audit.log.1} … {@code audit.log.N} when it passes its size limit, and echoed to
 * SLF4J (denials as warnings). A decision repeated within the fold window after its first line is
 * counted instead of written again: when the window ends (a scheduled flush, or the next decision
 * written after it, or the log closing, whichever comes first) one more line, stamped with that
 * moment, says how many repeats it stands for ({@code repeated}); so a plugin hammering a denied
 * API cannot flood the disk, every decision is counted, and the file stays in time order.
 *
 * <p>Concurrent semantics: thread-safe; writes are serialized on the instance; the flush runs on a
 * daemon thread of the log's own, stopped at {@link #close()}.
 */
public final class FileAuditLog implements AuditSink, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("io.prsm.audit");
    /** The layer of the operator's own lifecycle commands refused (install, swap). */
    private static final String OPERATOR_LAYER = "lifecycle";
    private static final String FILE = "audit.log";
    /** Distinct decisions remembered for folding; past this the counts are written out and forgotten. */
    private static final int MAX_FOLDED = 10_000;

    private final Path directory;
    private final long maxBytes;
    private final int keepFiles;
    private final Duration foldWindow;
    private final Clock clock;
    /** Per decision: when its line was written and how many identical ones came since, within the window. */
    private final Map<Object, Folded> folded = new HashMap<>();
    /** Runs a task after a delay: the flush of a fold when its window ends. */
    private final BiConsumer<Runnable, Duration> later;
    private final ScheduledExecutorService flusher;
    private Writer writer;
    private long size;

    private static final class Folded {
        final AuditEvent event;
        Instant written;
        long since;

        Folded(AuditEvent event, Instant written) {
            this.event = event;
            this.written = written;
        }
    }

    /**
     * @param directory where {@code audit.log} and its rotations live
     * @param maxBytes size at which the log is rotated
     * @param keepFiles how many rotated files are kept
     * @param foldWindow how long identical decisions are counted instead of written
     */
    public FileAuditLog(Path directory, long maxBytes, int keepFiles, Duration foldWindow, Clock clock)
            throws IOException {
        this(directory, maxBytes, keepFiles, foldWindow, clock, Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "prsm-audit-fold");
            thread.setDaemon(true);
            return thread;
        }));
    }

    private FileAuditLog(Path directory, long maxBytes, int keepFiles, Duration foldWindow, Clock clock,
            ScheduledExecutorService flusher) throws IOException {
        this(directory, maxBytes, keepFiles, foldWindow, clock,
                (task, delay) -> flusher.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS), flusher);
    }

    /** With {@code later} running the flushes (a test runs them when its clock says so). */
    FileAuditLog(Path directory, long maxBytes, int keepFiles, Duration foldWindow, Clock clock,
            BiConsumer<Runnable, Duration> later, ScheduledExecutorService flusher) throws IOException {
        this.later = later;
        this.flusher = flusher;
        this.directory = directory;
        this.maxBytes = maxBytes;
        this.keepFiles = keepFiles;
        this.foldWindow = foldWindow;
        this.clock = clock;
        Files.createDirectories(directory);
        open();
    }

    @Override
    public synchronized void record(AuditEvent event) {
        Instant now = clock.instant();
        flushEnded(now);
        Folded previous = folded.get(event.identity());
        if (previous != null) {
            if (previous.since++ == 0) {
                // the first repeat: its count is written when the window ends, even if nothing else happens
                later.accept(this::flushEnded, Duration.between(now, previous.written.plus(foldWindow)));
            }
            return;
        }
        if (folded.size() >= MAX_FOLDED) {
            flushFolded();
        }
        folded.put(event.identity(), new Folded(event, now));
        write(event.at(now, 1), false);
    }

    /** Writes the counts of the folds whose window has ended, and forgets those folds. */
    synchronized void flushEnded() {
        flushEnded(clock.instant());
    }

    private void flushEnded(Instant now) {
        var ended = folded.values().iterator();
        while (ended.hasNext()) {
            Folded fold = ended.next();
            if (Duration.between(fold.written, now).compareTo(foldWindow) >= 0) {
                if (fold.since > 0) {
                    write(fold.event.at(now, fold.since), true);
                }
                ended.remove();
            }
        }
    }

    /** The last {@code count} lines, oldest first, from the log and its rotations. */
    public synchronized List<AuditEvent> tail(int count) throws IOException {
        Deque<AuditEvent> events = new ArrayDeque<>();
        for (int generation = 0; generation <= keepFiles && events.size() < count; generation++) {
            List<String> lines;
            try {
                lines = Files.readAllLines(file(generation), StandardCharsets.UTF_8);
            } catch (NoSuchFileException absent) {
                break;
            }
            for (int i = lines.size() - 1; i >= 0 && events.size() < count; i--) {
                AuditEvent event = parse(lines.get(i));
                if (event != null) {
                    events.addFirst(event);
                }
            }
        }
        return new ArrayList<>(events);
    }

    /** Writes the counts of decisions still being folded, then closes the file. */
    @Override
    public synchronized void close() throws IOException {
        flusher.shutdownNow();
        flushFolded();
        writer.close();
    }

    private void flushFolded() {
        Instant now = clock.instant();
        for (Folded pending : folded.values()) {
            if (pending.since > 0) {
                write(pending.event.at(now, pending.since), true);
            }
        }
        folded.clear();
    }

    /**
     * Writes one line; a {@code count} line closes a fold and says how many repeats it stands for,
     * even one, so it never reads as a decision of its own.
     */
    private void write(AuditEvent event, boolean count) {
        String line = json(event, count) + "\n";
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        try {
            if (size > 0 && size + bytes.length > maxBytes) {
                // the log rotates while whoever was refused is still on the stack: the platform's act
                PlatformActs.call(() -> {
                    rotate();
                    return null;
                });
            }
            writer.write(line);
            writer.flush();
            size += bytes.length;
        } catch (IOException e) {
            LOG.error("Cannot write the audit log in {}: {}", directory, e.getMessage());
        }
        if (event.allowed()) {
            LOG.debug("{}", line.strip());
        } else if (event.layer().equals(OPERATOR_LAYER)) {
            // an operator's install or swap: whoever asked is told why (the shell prints it, the HTTP API
            // answers it, hot deploy logs it), so on the console this line would say it a second time
            LOG.info("Denied {} to {} (bundle {}, {} layer): {}", event.request(), event.plugin(), event.bundle(),
                    event.layer(), event.reason());
        } else {
            LOG.warn("Denied {} to {} (bundle {}, {} layer): {}{}", event.request(), event.plugin(), event.bundle(),
                    event.layer(), event.reason(), count ? " [" + event.repeated() + " more within the minute]" : "");
        }
    }

    private void rotate() throws IOException {
        writer.close();
        Files.deleteIfExists(file(keepFiles));
        for (int generation = keepFiles - 1; generation >= 0; generation--) {
            if (Files.exists(file(generation))) {
                Files.move(file(generation), file(generation + 1), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        open();
    }

    private void open() throws IOException {
        Path current = file(0);
        writer = Files.newBufferedWriter(current, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        size = Files.size(current);
        if (size > 0 && !endsWithNewline(current)) {
            // a crash tore the last line; end it so the next entry starts on a line of its own
            writer.write("\n");
            writer.flush();
            size++;
        }
    }

    private static boolean endsWithNewline(Path file) throws IOException {
        try (SeekableByteChannel channel = Files.newByteChannel(file)) {
            ByteBuffer last = ByteBuffer.allocate(1);
            channel.position(channel.size() - 1).read(last);
            return last.get(0) == '\n';
        }
    }

    private Path file(int generation) {
        return directory.resolve(generation == 0 ? FILE : FILE + "." + generation);
    }

    /** {@code event} as one line of the log: snake_case keys, the decision as grant or deny. */
    String json(AuditEvent event) {
        return json(event, event.repeated() > 1);
    }

    private String json(AuditEvent event, boolean count) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("time", event.time().toString());
        fields.put("plugin", event.plugin());
        fields.put("bundle", event.bundle());
        fields.put("layer", event.layer());
        fields.put("request", event.request());
        fields.put("decision", event.allowed() ? "grant" : "deny");
        fields.put("reason", event.reason());
        if (count) {
            fields.put("repeated", event.repeated());
        }
        try {
            return Json.MAPPER.writeValueAsString(fields);
        } catch (JsonProcessingException impossible) {
            throw new UncheckedIOException(impossible);
        }
    }

    /** A line read back, or null for a line that is not an audit entry (a torn last line). */
    private AuditEvent parse(String line) {
        try {
            JsonNode node = Json.MAPPER.readTree(line);
            return new AuditEvent(Instant.parse(node.get("time").asText()), node.get("plugin").asText(),
                    node.get("bundle").asLong(), node.get("layer").asText(), node.get("request").asText(),
                    "grant".equals(node.get("decision").asText()), node.get("reason").asText(),
                    node.has("repeated") ? node.get("repeated").asLong() : 1);
        } catch (JsonProcessingException | RuntimeException notAnEntry) {
            return null;
        }
    }

    /**
     * The JSON mapper, made on first use: loading Jackson's classes is a large share of the
     * runtime's start-up, and a start with nothing to read or write needs none of it.
     */
    private static final class Json {
        static final ObjectMapper MAPPER = PlatformJson.mapper();
    }
}
