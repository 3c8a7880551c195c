package io.prsm.api;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.Test;

public class TaskTest {

    @Test
    public void configIsDeepCopiedAndImmutable() {
        List<Object> widgets = new ArrayList<>(List.of("a"));
        Map<String, Object> config = new HashMap<>(Map.of("widgets", widgets));
        Task task = new Task("create", config);
        widgets.add("b");
        config.put("late", 1);
        assertEquals(List.of("a"), task.config().get("widgets"));
        assertEquals(1, task.config().size());
        assertThrows(UnsupportedOperationException.class, () -> task.config().put("x", 1));
    }

    @Test
    public void typedAccessorsNameTheFieldWhenItIsWrong() throws Exception {
        Task task = new Task("create_dashboard", Map.of("name", 42, "limit", 2.5, "flag", "yes"));
        InvalidTaskException e = assertThrows(InvalidTaskException.class, () -> task.requireString("name"));
        assertTrue(e.getMessage(), e.getMessage().contains("'name'") && e.getMessage().contains("a string"));
        assertThrows(InvalidTaskException.class, () -> task.getLong("limit", 0));
        assertThrows(InvalidTaskException.class, () -> task.getBoolean("flag", false));
        assertEquals(7, task.getLong("absent", 7));
        assertEquals("INVALID_TASK", e.getErrorCode());
        assertEquals(ErrorSeverity.LOW, e.getSeverity());
    }

    @Test
    public void missingRequiredFieldIsInvalid() {
        InvalidTaskException e = assertThrows(InvalidTaskException.class, () -> Task.of("create").requireString("name"));
        assertEquals("Task 'create' needs config field 'name'", e.getMessage());
    }

    @Test
    public void blankTypeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Task.of(" "));
    }

    @Test
    public void responseCarriesErrorOnlyWhenFailed() {
        assertThrows(IllegalArgumentException.class,
                () -> new PluginResponse(true, null, "error", ErrorSeverity.LOW, "X"));
        assertThrows(NullPointerException.class, () -> new PluginResponse(false, null, null, null, null));
        PluginResponse failure = PluginResponse.failure(PluginException.retryable("later", "BUSY"));
        assertEquals("BUSY", failure.errorCode());
        assertEquals(ErrorSeverity.MEDIUM, failure.errorSeverity());
    }

    @Test
    public void enumsUseTheManifestSpelling() {
        assertEquals("data_processor", PluginType.DATA_PROCESSOR.id());
        assertEquals(PluginType.AI_MODEL, PluginType.fromId("ai_model").orElseThrow());
        assertTrue(SecurityLevel.fromId("SANDBOX").isEmpty());
        assertEquals(SecurityLevel.ISOLATED, SecurityLevel.fromId("isolated").orElseThrow());
    }
}
