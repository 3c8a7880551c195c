package io.prsm.runtime.http;

import java.time.Duration;

import org.osgi.framework.BundleContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.prsm.limits.Quote;
import io.prsm.limits.Settings;

/**
 * How large a request body to the API may be and how long it may take to arrive, read from the
 * framework properties; a value that does not parse is logged and the default used.
 *
 * <p>Concurrent semantics: stateless.
 */
final class BodySettings {

    private static final Logger LOG = LoggerFactory.getLogger(ApiServlet.class);
    private static final int DEFAULT_BODY_LIMIT = 256 * 1024;
    private static final Duration DEFAULT_BODY_TIMEOUT = Duration.ofSeconds(10);

    private BodySettings() {
    }

    /** {@value ApiServlet#BODY_TIMEOUT_PROPERTY}: {@code 10s}, {@code 500ms} or a number of milliseconds. */
    static Duration timeout(BundleContext context) {
        String value = context.getProperty(ApiServlet.BODY_TIMEOUT_PROPERTY);
        if (value == null || value.isBlank()) {
            return DEFAULT_BODY_TIMEOUT;
        }
        String text = value.trim().toLowerCase(java.util.Locale.ROOT);
        try {
            long amount = Long.parseLong(text.replaceFirst("(ms|s)$", ""));
            Duration timeout = text.endsWith("ms") || !text.endsWith("s") ? Duration.ofMillis(amount)
                    : Duration.ofSeconds(amount);
            if (!timeout.isNegative() && !timeout.isZero()) {
                return timeout;
            }
        } catch (NumberFormatException wrong) {
            // reported below
        }
        LOG.warn("{}={} is not a duration such as 10s or 500ms; using {} s", ApiServlet.BODY_TIMEOUT_PROPERTY,
                Quote.prefix(value), DEFAULT_BODY_TIMEOUT.toSeconds());
        return DEFAULT_BODY_TIMEOUT;
    }

    /** {@value ApiServlet#BODY_LIMIT_PROPERTY}: bytes, such as {@code 262144}, {@code 512k} or {@code 16m}. */
    static int maxBytes(BundleContext context) {
        return intProperty(context, ApiServlet.BODY_LIMIT_PROPERTY, DEFAULT_BODY_LIMIT);
    }

    /** A size such as {@code 262144}, {@code 512k} or {@code 16m}. */
    private static int intProperty(BundleContext context, String name, int fallback) {
        try {
            return (int) Math.min(Integer.MAX_VALUE - 8, Settings.size(context::getProperty, name, fallback));
        } catch (IllegalArgumentException wrong) {
            LOG.warn("{}; using {}", wrong.getMessage(), fallback);
            return fallback;
        }
    }
}
