package io.prsm.runtime.commands;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.Test;

import io.prsm.api.ErrorSeverity;
import io.prsm.api.PluginResponse;
import io.prsm.api.Task;

public class TaskJsonTest {

    private final TaskJson json = new TaskJson();

    @Test
    public void taskIsParsedWithNestedConfig() {
        Task task = json.parseTask("{\"type\":\"create_dashboard\",\"config\":{\"name\":\"Ops\","
                + "\"widgets\":[{\"type\":\"gauge\",\"data_source\":\"system.threads\"}],\"limit\":3}}");
        assertEquals("create_dashboard", task.type());
        assertEquals("Ops", task.config().get("name"));
        assertEquals(List.of(Map.of("type", "gauge", "data_source", "system.threads")), task.config().get("widgets"));
        assertEquals(3, task.config().get("limit"));
    }

    @Test
    public void textThatIsNotJsonGetsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> json.parseTask("not json"));
        assertTrue(e.getMessage(), e.getMessage().startsWith("The task is not valid JSON"));
        assertTrue(e.getMessage(), e.getMessage().contains("{\"type\":\"get_metrics\""));
        assertFalse("no stack trace in the message", e.getMessage().contains("\tat "));
    }

    @Test
    public void taskWithoutTypeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> json.parseTask("{\"config\":{}}"));
        assertThrows(IllegalArgumentException.class, () -> json.parseTask("{\"type\":\"\"}"));
        assertThrows(IllegalArgumentException.class, () -> json.parseTask("[1,2]"));
        assertThrows(IllegalArgumentException.class, () -> json.parseTask("{\"type\":\"x\",\"config\":[]}"));
    }

    @Test
    public void unknownTopLevelFieldIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> json.parseTask("{\"type\":\"x\",\"confg\":{}}"));
        assertTrue(e.getMessage(), e.getMessage().contains("Unknown field 'confg'"));
    }

    @Test
    public void failedResponseIsWrittenWithLowerCaseSeverity() {
        String written = json.write(PluginResponse.failure("nope", ErrorSeverity.CRITICAL, "BROKEN"));
        assertTrue(written, written.contains("\"error_severity\" : \"critical\""));
        assertTrue(written, written.contains("\"error_code\" : \"BROKEN\""));
        assertTrue(written, written.contains("\"success\" : false"));
        assertFalse(written, written.contains("\"data\""));
    }
}
