package io.prsm.api.hooks;

import java.util.regex.Pattern;

/**
 * Names of hooks, of their Event Admin topics and of the permissions they need.
 *
 * <p>Concurrent semantics: stateless.
 */
public final class Hooks {

    /** The Event Admin topic prefix every hook is published under. */
    public static final String TOPIC_PREFIX = "prsm/hook/";

    /** The Event Admin event property that carries a hook's payload (a JSON-shaped map). */
    public static final String PAYLOAD = "prsm.payload";

    /** The Event Admin event property naming who published a hook (a plugin id, or {@code operator}). */
    public static final String PUBLISHER = "prsm.publisher";

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,47}");

    private Hooks() {
    }

    /** Whether {@code hook} is a valid hook name: a lower-case letter, then letters, digits, underscores. */
    public static boolean isValidName(String hook) {
        return hook != null && NAME.matcher(hook).matches();
    }

    /** The Event Admin topic of {@code hook}, for example {@code prsm/hook/user_login}. */
    public static String topic(String hook) {
        return TOPIC_PREFIX + hook;
    }

    /** The permission a plugin needs to receive {@code hook}, for example {@code subscribe_user_login}. */
    public static String subscribePermission(String hook) {
        return "subscribe_" + hook;
    }

    /** The permission a plugin needs to publish {@code hook}, for example {@code publish_user_login}. */
    public static String publishPermission(String hook) {
        return "publish_" + hook;
    }
}
