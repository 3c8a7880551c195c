package io.prsm.sample.analytics;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import io.prsm.api.InvalidTaskException;
import io.prsm.api.PluginException;

/**
 * Writes rows of metrics as CSV (with a header line) or JSON.
 *
 * <p>Concurrent semantics: thread-safe; the mappers are configured once.
 */
final class Exports {

    static final List<String> FORMATS = List.of("csv", "json");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss");

    private final ObjectMapper json;
    private final CsvMapper csv = new CsvMapper();

    Exports(ObjectMapper json) {
        this.json = json;
    }

    Map<String, Object> export(String format, String dataType, List<Map<String, Object>> rows) throws PluginException {
        String content;
        try {
            content = switch (format) {
                case "csv" -> csv(rows);
                case "json" -> json.writerWithDefaultPrettyPrinter().writeValueAsString(rows);
                default -> throw new InvalidTaskException("Export format '" + format + "' is not supported; use one of "
                        + String.join(", ", FORMATS) + ".");
            };
        } catch (JsonProcessingException e) {
            throw new PluginException("Could not write the export: " + e.getOriginalMessage(), e);
        }
        Map<String, Object> export = new LinkedHashMap<>();
        export.put("format", format);
        export.put("data_type", dataType);
        export.put("rows", rows.size());
        export.put("filename", "analytics_export_" + dataType + "_" + LocalDateTime.now().format(STAMP) + "." + format);
        export.put("content", content);
        return export;
    }

    private String csv(List<Map<String, Object>> rows) throws JsonProcessingException {
        if (rows.isEmpty()) {
            return "";
        }
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
        rows.get(0).keySet().forEach(schema::addColumn);
        // CSV cells are flat: nested values (such as widget lists) are written as JSON text
        List<Map<String, Object>> flat = rows.stream().map(this::flatten).toList();
        return csv.writer(schema.build()).writeValueAsString(flat);
    }

    private Map<String, Object> flatten(Map<String, Object> row) {
        Map<String, Object> flat = new LinkedHashMap<>();
        row.forEach((key, value) -> {
            try {
                flat.put(key, value instanceof Map || value instanceof List ? json.writeValueAsString(value) : value);
            } catch (JsonProcessingException e) {
                flat.put(key, String.valueOf(value));
            }
        });
        return flat;
    }
}
