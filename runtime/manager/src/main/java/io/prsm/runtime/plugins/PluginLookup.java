package io.prsm.runtime.plugins;

import java.util.List;
import java.util.stream.Collectors;

import io.prsm.api.runtime.PluginOperationException;
import io.prsm.limits.Quote;

/**
 * Finds the plugin a command names, by plugin id or bundle id; a name that matches none, or
 * more than one, is refused with what to do.
 *
 * <p>Concurrent semantics: thread-safe; reads the extender's records.
 */
final class PluginLookup {

    private final PluginExtender extender;

    PluginLookup(PluginExtender extender) {
        this.extender = extender;
    }

    PluginRecord find(String plugin) throws PluginOperationException {
        if (plugin == null || plugin.isBlank()) {
            throw new PluginOperationException("No plugin named. Give a plugin id or bundle id; run prsm:list to see them.");
        }
        String name = plugin.trim();
        if (name.chars().allMatch(Character::isDigit)) {
            try {
                return extender.byBundleId(Long.parseLong(name)).orElseThrow(() -> new PluginOperationException(
                        "No plugin is bundle " + name + ". Run prsm:list to see installed plugins."));
            } catch (NumberFormatException tooLong) {
                throw new PluginOperationException("No plugin is bundle " + Quote.prefix(name)
                        + ". Run prsm:list to see installed plugins.");
            }
        }
        List<PluginRecord> matches = extender.byPluginId(name);
        if (matches.isEmpty()) {
            throw new PluginOperationException("No plugin '" + Quote.prefix(name) + "'. Run prsm:list to see installed plugins"
                    + suggestion(name) + ".");
        }
        if (matches.size() > 1) {
            throw new PluginOperationException("Plugin id '" + Quote.prefix(name) + "' names bundles " + matches.stream()
                    .map(record -> String.valueOf(record.bundle().getBundleId())).collect(Collectors.joining(", "))
                    + "; name one by its bundle id.");
        }
        return matches.get(0);
    }

    private String suggestion(String name) {
        List<String> close = extender.records().stream().map(PluginRecord::pluginId)
                .filter(id -> id.contains(name) || name.contains(id)).toList();
        return close.isEmpty() ? "" : " (did you mean " + String.join(", ", close) + "?)";
    }
}
