package io.prsm.runtime.commands;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import io.prsm.limits.PlatformJson;

/**
 * The one JSON style of the runtime's answers, over HTTP and with {@code --json} in the shell:
 * snake_case keys, lower-case enums, instants as ISO-8601 text. Map keys (a plugin's own data) are
 * written as they are.
 *
 * <p>Concurrent semantics: the mapper is configured once here and only used afterwards, which
 * Jackson allows from any thread; it stays in this class (callers get copies).
 */
public final class JsonStyle {

    /** Made on first use: loading Jackson is a large share of start-up, and a start may need none of it. */
    private static final class Holder {
        static final ObjectMapper MAPPER = PlatformJson.mapper()
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .registerModule(new SimpleModule()
                        .addSerializer(Instant.class, ToStringSerializer.instance)
                        .addSerializer(Enum.class, new LowerCaseEnums()));
    }

    private JsonStyle() {
    }

    /**
     * A mapper of this style that is the caller's own: a copy (its factory too), so nothing a caller
     * configures on it reaches what the runtime writes. The runtime's own mapper is never handed out:
     * it is mutable, and any code that reaches this class (a plugin through a context class loader,
     * atk3) reconfigured every later answer of the shell and the HTTP API with it.
     */
    public static ObjectMapper copy() {
        return Holder.MAPPER.copy();
    }

    /** {@code value} as JSON in UTF-8. */
    public static byte[] writeBytes(Object value) throws JsonProcessingException {
        return Holder.MAPPER.writeValueAsBytes(value);
    }

    /** {@code value} as one line of JSON. */
    public static String write(Object value) {
        try {
            return Holder.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException unwritable) {
            throw new UncheckedIOException(unwritable);
        }
    }

    @SuppressWarnings("rawtypes")
    private static final class LowerCaseEnums extends StdSerializer<Enum> {
        private static final long serialVersionUID = 1L;

        LowerCaseEnums() {
            super(Enum.class);
        }

        @Override
        public void serialize(Enum value, JsonGenerator out, SerializerProvider provider) throws IOException {
            out.writeString(value.name().toLowerCase(Locale.ROOT));
        }
    }
}
