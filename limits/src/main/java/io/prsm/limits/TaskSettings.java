package io.prsm.limits;

import java.time.Duration;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the runtime executes a plugin's tasks. It lives with the input limits because the launcher
 * checks the operator's values before the framework starts, as it checks the limits.
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

    /** Initialized before {@link #DEFAULTS}, whose construction checks against it. */
    private static final Duration MAX_SPIN = Duration.ofMillis(10);

    /*
     * Handing a task to a parked thread and waking the parked caller costs two wake-ups, about
     * 25 us each on a busy 2-core host (see docs/performance.md); a worker that watches the queue
     * for 50 us after its last task takes the next one at once, and one that finishes while the
     * caller is still checking for its answer spares the caller's wake-up too.
     */
    public static final TaskSettings DEFAULTS = new TaskSettings(4, 100, Duration.ofSeconds(30), 3,
            Duration.ofMillis(100), Duration.ofSeconds(5), 5, Duration.ofSeconds(10), Duration.ofNanos(50_000));

    private static final String PREFIX = "prsm.task.";
    /** At most nine digits: a larger amount of any unit is no setting anyone means, and could overflow. */
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})\\s*(us|ms|s|m)?");

    public TaskSettings {
        atLeast("concurrency", concurrency, 1);
        atLeast("queue", queueCapacity, 1);
        atLeast("quarantine", quarantineAfter, 1);
        atLeast("retries", maxRetries, 0);
        positive("timeout", timeout);
        positive("backoff", backoff);
        positive("backoff", maxBackoff);
        positive("drain", drainTimeout);
        if (spin.isNegative() || spin.compareTo(MAX_SPIN) > 0) {
            throw new IllegalArgumentException(PREFIX + "spin must be between 0 and 10ms, not " + spin.toNanos() / 1000
                    + "us");
        }
    }

    /**
     * Settings from properties {@code prsm.task.concurrency}, {@code .queue}, {@code .timeout},
     * {@code .retries}, {@code .backoff}, {@code .quarantine}, {@code .drain} and {@code .spin};
     * durations are written like {@code 30s}, {@code 500ms}, {@code 50us} or {@code 2m}. Missing
     * properties keep the defaults. The launcher reads them before the framework starts, so a bad
     * value stops the start in one line instead of failing the plugin manager's activation.
     *
     * @throws IllegalArgumentException naming the property, quoting a prefix of its value and saying
     *         what it accepts
     */
    public static TaskSettings from(Function<String, String> properties) {
        TaskSettings d = DEFAULTS;
        return new TaskSettings(integer(properties, "concurrency", d.concurrency, 1),
                integer(properties, "queue", d.queueCapacity, 1), duration(properties, "timeout", d.timeout),
                integer(properties, "retries", d.maxRetries, 0), duration(properties, "backoff", d.backoff),
                d.maxBackoff, integer(properties, "quarantine", d.quarantineAfter, 1),
                duration(properties, "drain", d.drainTimeout), duration(properties, "spin", d.spin));
    }

    /** The delay before retry number {@code retry} (1 for the first). */
    public Duration backoffBefore(int retry) {
        long millis = backoff.toMillis() << Math.min(30, Math.max(0, retry - 1));
        return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
    }

    private static int integer(Function<String, String> properties, String name, int defaultValue, int least) {
        String value = properties.apply(PREFIX + name);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            int number = Integer.parseInt(value.trim());
            if (number >= least) {
                return number;
            }
        } catch (NumberFormatException e) {
            // refused below, with what is accepted
        }
        throw new IllegalArgumentException(PREFIX + name + " must be a whole number of at least " + least + ", not '"
                + Quote.prefix(value) + "'");
    }

    private static Duration duration(Function<String, String> properties, String name, Duration defaultValue) {
        String value = properties.apply(PREFIX + name);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        Matcher m = DURATION.matcher(value.trim().toLowerCase(Locale.ROOT));
        // spin may be 0 (turned off); every other duration must be more
        boolean zeroAllowed = name.equals("spin");
        if (!m.matches() || !zeroAllowed && Long.parseLong(m.group(1)) == 0) {
            throw new IllegalArgumentException(PREFIX + name + " must be a " + (zeroAllowed ? "" : "positive ")
                    + "duration such as 30s, 500ms, 50us or 2m, not '" + Quote.prefix(value) + "'");
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

    private static void atLeast(String name, int value, int least) {
        if (value < least) {
            throw new IllegalArgumentException(PREFIX + name + " must be at least " + least + ", not " + value);
        }
    }

    private static void positive(String name, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(PREFIX + name + " must be a positive duration, not " + value);
        }
    }
}
