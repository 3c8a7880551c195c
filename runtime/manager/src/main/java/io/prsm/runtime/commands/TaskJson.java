package io.prsm.runtime.commands;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.prsm.api.PluginResponse;
import io.prsm.api.Task;
import io.prsm.limits.BoundedJson;
import io.prsm.limits.JsonInputException;
import io.prsm.limits.JsonLimits;
import io.prsm.limits.Quote;
import io.prsm.limits.PlatformJson;

/**
 * Reads tasks from JSON ({@code {"type": "...", "config": {...}}}) within the {@link JsonLimits}
 * and writes responses as JSON.
 *
 * <p>Concurrent semantics: thread-safe; the mappers are configured once and only used after.
 */
public final class TaskJson {

    private static final String EXAMPLE = "for example '{\"type\":\"get_metrics\",\"config\":{}}'";

    private final BoundedJson reader;

    /** A reader with the default limits. */
    public TaskJson() {
        this(BoundedJson.of(JsonLimits.DEFAULTS));
    }

    public TaskJson(BoundedJson reader) {
        this.reader = reader;
    }

    /**
     * Parses a task.
     *
     * @throws IllegalArgumentException saying what is wrong with the text and what a task looks like
     */
    public Task parseTask(String json) {
        if (json == null || json.isBlank()) {
            throw new IllegalArgumentException("No task given. Write the task as JSON, " + EXAMPLE + ".");
        }
        JsonNode root;
        try {
            root = reader.read(json, "The task");
        } catch (JsonInputException refused) {
            throw new IllegalArgumentException(refused.overLimit() ? refused.getMessage() : refused.getMessage()
                    + " Write it as a JSON object, " + EXAMPLE + "; in the shell, put it in single quotes.");
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("The task must be a JSON object, " + EXAMPLE + ".");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!name.equals("type") && !name.equals("config")) {
                throw new IllegalArgumentException("Unknown field '" + Quote.prefix(name) + "' in the task: a task has 'type' and "
                        + "'config', " + EXAMPLE + ".");
            }
        }
        JsonNode type = root.get("type");
        if (type == null || !type.isTextual() || type.asText().isBlank()) {
            throw new IllegalArgumentException("The task needs a 'type' string, " + EXAMPLE + ".");
        }
        JsonNode config = root.get("config");
        if (config != null && !config.isNull() && !config.isObject()) {
            throw new IllegalArgumentException("The task's 'config' must be a JSON object, " + EXAMPLE + ".");
        }
        Map<String, Object> values = config == null || config.isNull() ? Map.of()
                : reader.mapper().convertValue(config, new TypeReference<Map<String, Object>>() { });
        return new Task(type.asText(), values);
    }

    /** The response as a JSON object with only the fields that apply. */
    public String write(PluginResponse response) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("success", response.success());
        if (response.success()) {
            json.put("data", response.data());
        } else {
            json.put("error", response.error());
            // the runtime's one JSON style: snake_case keys, as over HTTP
            json.put("error_severity", response.errorSeverity().id());
            json.put("error_code", response.errorCode());
        }
        return write(json);
    }

    /** Any JSON-shaped value as indented JSON. */
    public String write(Object value) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException unserializable) {
            throw new IllegalStateException("The plugin answered with data that cannot be written as JSON: "
                    + unserializable.getOriginalMessage(), unserializable);
        }
    }

    /**
     * The JSON mapper, made on first use: loading Jackson's classes is a large share of the
     * runtime's start-up, and a start with nothing to read or write needs none of it.
     */
    private static final class Json {
        static final ObjectMapper MAPPER = PlatformJson.mapper().enable(SerializationFeature.INDENT_OUTPUT)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    }
}
