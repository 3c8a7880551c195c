package io.prsm.sample.units;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

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
 * A utility at the isolated level (it uses nothing but the PRSM API): converts lengths, masses,
 * times, temperatures and data sizes, and formats byte counts for people.
 *
 * <p>Tasks: {@code convert} ({@code value}, {@code from}, {@code to}), {@code format_bytes}
 * ({@code bytes}, optional {@code system}: {@code si} or {@code iec}) and {@code units}.
 * Configuration: {@code precision}, the decimal places of results.
 *
 * <p>Concurrent semantics: thread-safe; the precision is one volatile field.
 */
@PrsmPlugin(id = "unit-converter", version = "1.0.0", type = PluginType.UTILITY, level = SecurityLevel.ISOLATED,
        capabilities = { "unit_conversion", "formatting" }, memory = 16_777_216L, cpu = 0.05, storage = 65_536L)
@Component(service = Plugin.class)
public final class UnitConverterPlugin implements ConfigurablePlugin {

    @ObjectClassDefinition(pid = "prsm.plugin.unit-converter", name = "Unit Converter")
    @interface Settings {
        @AttributeDefinition(description = "Decimal places of converted values", min = "0", max = "12")
        int precision() default 6;
    }

    private final Units units = new Units();
    private volatile int precision = 6;

    @Override
    public void initialize(PluginConfig config) throws PluginException {
        reconfigure(config);
    }

    @Override
    public void reconfigure(PluginConfig config) throws PluginException {
        int wanted = config.getInt("precision", 6);
        if (wanted < 0 || wanted > 12) {
            throw new PluginException("precision must be from 0 to 12, not " + wanted);
        }
        precision = wanted;
    }

    @Override
    public PluginResponse execute(Task task) throws PluginException {
        try {
            return switch (task.type()) {
                case "convert" -> convert(task);
                case "format_bytes" -> PluginResponse.success(Map.of("text", Units.formatBytes(
                        task.getLong("bytes", 0), "iec".equals(task.getString("system", "iec")), Math.min(precision, 2))));
                case "units" -> PluginResponse.success(Map.of("units", units.catalogue()));
                default -> throw new InvalidTaskException("Unknown task type '" + task.type()
                        + "'; this plugin runs convert, format_bytes and units");
            };
        } catch (IllegalArgumentException wrongUnit) {
            throw new InvalidTaskException(wrongUnit.getMessage());
        }
    }

    private PluginResponse convert(Task task) throws InvalidTaskException {
        Object raw = task.config().get("value");
        if (!(raw instanceof Number number)) {
            throw new InvalidTaskException("Task 'convert' needs a numeric 'value', not " + raw);
        }
        String from = task.requireString("from");
        String to = task.requireString("to");
        double converted = units.convert(number.doubleValue(), from, to);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("value", BigDecimal.valueOf(converted).setScale(precision, RoundingMode.HALF_EVEN).stripTrailingZeros()
                .doubleValue());
        result.put("unit", to.trim());
        result.put("quantity", units.unit(to).quantity());
        return PluginResponse.success(result);
    }

    @Override
    public void shutdown() {
        // nothing held
    }
}
