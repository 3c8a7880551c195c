package io.prsm.runtime.tasks;

import java.time.Duration;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the runtime executes a plugin's tasks.
 *
 * @param concurrency tasks of one plugin that may run at once
 * @param queueCapacity tasks of one plugin that may wait; one more is refused at once
 * @param timeout longest time from submission to response
 * @param maxRetries retries of a task whose failure the plugin marked retryable
 * @param backoff delay before the first retry; doubled for each further one
 * @param maxBackoff the longest delay between retries
 * @param quarantineAfter consecutive failures after which the plugin is quarantined
 * @param drainTimeout how long stopping a plugin waits for its running tasks
 * @param spin how long a worker that ran out of tasks keeps watching its plugin's queue before it
 *     returns to the pool, and a caller blocking on an answer watches it before it parks; zero
 *     turns both off
 */
public record TaskSettings(int concurrency, int queueCapacity, Duration timeout, int maxRetries, Duration backoff,
        Duration maxBackoff, int quarantineAfter, Duration drainTimeout, Duration spin) {

    /*
     * Handing a task to a parked thread and waking the parked caller costs two wake-ups, about
     * 25 us each on a busy 2-core host (see docs/performance.md); a worker that watches the queue
     * for 50 us after its last task takes the next one at once, and one that finishes while the
     * caller is still checking for its answer spares the caller's wake-up too.
     */
    public static final TaskSettings DEFAULTS = new TaskSettings(4, 100, Duration.ofSeconds(30), 3,
            Duration.ofMillis(100), Duration.ofSeconds(5), 5, Duration.ofSeconds(10), Duration.ofNanos(50_000));

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(us|ms|s|m)?");

    public TaskSettings {
        positive("concurrency", concurrency);
        positive("queue", queueCapacity);
        positive("quarantine", quarantineAfter);
        if (maxRetries < 0) {
            throw new IllegalArgumentException("prsm.task.retries must be 0 or more, not " + maxRetries);
        }
        for (Duration d : new Duration[] { timeout, backoff, maxBackoff, drainTimeout }) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("Task durations must be positive, not " + d);
            }
        }
        if (spin.isNegative() || spin.compareTo(Duration.ofMillis(10)) > 0) {
            throw new IllegalArgumentException("prsm.task.spin must be between 0 and 10ms, not " + spin);
        }
    }

    /**
     * Settings from properties {@code prsm.task.concurrency}, {@code .queue}, {@code .timeout},
     * {@code .retries}, {@code .backoff}, {@code .quarantine}, {@code .drain} and {@code .spin};
     * durations are written like {@code 30s}, {@code 500ms}, {@code 50us} or {@code 2m}. Missing properties keep the defaults.
     *
     * @throws IllegalArgumentException naming the property whose value does not parse
     */
    public static TaskSettings from(Function<String, String> properties) {
        TaskSettings d = DEFAULTS;
        return new TaskSettings(integer(properties, "concurrency", d.concurrency),
                integer(properties, "queue", d.queueCapacity), duration(properties, "timeout", d.timeout),
                integer(properties, "retries", d.maxRetries), duration(properties, "backoff", d.backoff),
                d.maxBackoff, integer(properties, "quarantine", d.quarantineAfter),
                duration(properties, "drain", d.drainTimeout), duration(properties, "spin", d.spin));
    }

    /** The delay before retry number {@code retry} (1 for the first). */
    public Duration backoffBefore(int retry) {
        long millis = backoff.toMillis() << Math.min(30, Math.max(0, retry - 1));
        return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
    }

    private static int integer(Function<String, String> properties, String name, int defaultValue) {
        String value = properties.apply("prsm.task." + name);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("prsm.task." + name + " must be a whole number, not '" + value + "'");
        }
    }

    private static Duration duration(Function<String, String> properties, String name, Duration defaultValue) {
        String value = properties.apply("prsm.task." + name);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        Matcher m = DURATION.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("prsm.task." + name + " must be a duration like 30s, 500ms, 50us or 2m, not '"
                    + value + "'");
        }
        long amount = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "ms" : m.group(2);
        return switch (unit) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "us" -> Duration.ofNanos(amount * 1000);
            default -> Duration.ofMillis(amount);
        };
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException("prsm.task." + name + " must be at least 1, not " + value);
        }
    }
}
