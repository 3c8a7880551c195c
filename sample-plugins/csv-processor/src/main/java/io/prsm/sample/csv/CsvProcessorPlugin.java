package io.prsm.sample.csv;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

import io.prsm.api.ConfigurablePlugin;
import io.prsm.api.InvalidTaskException;
import io.prsm.api.Plugin;
import io.prsm.api.PluginConfig;
import io.prsm.api.PluginException;
import io.prsm.api.PluginResponse;
import io.prsm.api.PluginType;
import io.prsm.api.SecurityLevel;
import io.prsm.api.Task;
import io.prsm.api.annotation.PrsmPlugin;

/**
 * A data processor: validates CSV against a column schema and transforms it into JSON records.
 *
 * <p>Tasks: {@code transform} and {@code validate}, each with {@code csv} (the text, header row
 * first), {@code schema} (column to {@code string}, {@code integer}, {@code number},
 * {@code boolean} or {@code date}) and optional {@code required} (columns that must have a value).
 * Configuration: {@code delimiter} ({@code comma}, {@code semicolon} or {@code tab}) and
 * {@code max_rows}.
 *
 * <p>Concurrent semantics: thread-safe; the transformer is immutable and swapped in one write.
 */
@PrsmPlugin(id = "csv-processor", version = "1.0.0", type = PluginType.DATA_PROCESSOR, level = SecurityLevel.SANDBOX,
        capabilities = { "csv_validation", "csv_to_json" }, memory = 67_108_864L, cpu = 0.25, storage = 65_536L)
@Component(service = Plugin.class)
public final class CsvProcessorPlugin implements ConfigurablePlugin {

    @ObjectClassDefinition(pid = "prsm.plugin.csv-processor", name = "CSV Processor")
    @interface Settings {
        @AttributeDefinition(description = "The column separator", options = {
                @Option(value = "comma"), @Option(value = "semicolon"), @Option(value = "tab") })
        String delimiter() default "comma";

        @AttributeDefinition(description = "The most rows one task may hold", min = "1", max = "1000000")
        int max__rows() default 10000;
    }

    private volatile CsvTransformer transformer;

    @Override
    public void initialize(PluginConfig config) throws PluginException {
        reconfigure(config);
    }

    @Override
    public void reconfigure(PluginConfig config) throws PluginException {
        char separator = switch (config.getString("delimiter", "comma")) {
            case "comma" -> ',';
            case "semicolon" -> ';';
            case "tab" -> '\t';
            default -> throw new PluginException("delimiter must be comma, semicolon or tab");
        };
        transformer = new CsvTransformer(separator, config.getInt("max_rows", 10000));
    }

    @Override
    public PluginResponse execute(Task task) throws PluginException {
        if (!task.type().equals("transform") && !task.type().equals("validate")) {
            throw new InvalidTaskException("Unknown task type '" + task.type()
                    + "'; this plugin runs transform and validate");
        }
        Map<String, String> schema = new LinkedHashMap<>();
        task.getMap("schema").forEach((column, type) -> schema.put(column, String.valueOf(type)));
        List<String> required = task.getList("required").stream().map(String::valueOf).toList();
        CsvTransformer.Result result;
        try {
            result = transformer.transform(task.requireString("csv"), schema, required);
        } catch (IllegalArgumentException wrong) {
            throw new InvalidTaskException(wrong.getMessage());
        } catch (IOException unreadable) {
            throw new InvalidTaskException("The CSV cannot be read: " + unreadable.getMessage());
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("rows", result.rows());
        data.put("valid_rows", result.records().size());
        data.put("errors", result.errors());
        if (task.type().equals("transform")) {
            data.put("records", result.records());
        }
        return PluginResponse.success(data);
    }

    @Override
    public void shutdown() {
        // nothing held
    }
}
