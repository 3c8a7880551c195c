package io.prsm.runtime.commands;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.Test;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.prsm.api.runtime.PluginState;

/**
 * The runtime's JSON style is not handed out to be changed (atk3: a plugin reached the one shared
 * mapper through a context class loader and wrapped every later {@code prsm:list --json} answer).
 */
public class JsonStyleTest {

    private static final Object ANSWER = List.of(Map.of("plugin_state", PluginState.ACTIVE, "at", Instant.EPOCH,
            "name", "caf\u00e9"));

    @Test
    public void aCallersConfigureCannotChangeWhatTheRuntimeWrites() throws Exception {
        String before = JsonStyle.write(ANSWER);
        byte[] beforeBytes = JsonStyle.writeBytes(ANSWER);
        ObjectMapper taken = JsonStyle.copy();
        String styled = taken.writeValueAsString(ANSWER);
        assertEquals("a copy writes in the runtime's style", before, styled);
        taken.configure(SerializationFeature.WRAP_ROOT_VALUE, true);
        taken.configure(SerializationFeature.INDENT_OUTPUT, true);
        taken.getFactory().configure(JsonGenerator.Feature.ESCAPE_NON_ASCII, true);
        taken.setPropertyNamingStrategy(null);
        // the changes took on the caller's copy ...
        assertNotEquals(before, taken.writeValueAsString(ANSWER));
        // ... and on nothing the runtime writes, nor on the next copy
        assertEquals(before, JsonStyle.write(ANSWER));
        assertArrayEquals(beforeBytes, JsonStyle.writeBytes(ANSWER));
        assertEquals(before, JsonStyle.copy().writeValueAsString(ANSWER));
    }
}
