package io.prsm.api;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What kind of plugin this is. Written in the {@code type} attribute in lower case. */
public enum PluginType {
    AI_MODEL, DATA_PROCESSOR, INTEGRATION, ANALYTICS, UTILITY;

    /** The manifest spelling, for example {@code data_processor}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The type a manifest spelling names, if any. */
    public static Optional<PluginType> fromId(String id) {
        return Arrays.stream(values()).filter(type -> type.id().equals(id)).findFirst();
    }
}
