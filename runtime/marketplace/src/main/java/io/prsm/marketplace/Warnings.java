package io.prsm.marketplace;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import io.prsm.api.runtime.PluginOperationException;

/**
 * For callers that give no listener for warnings (skipped repositories, ignored offers): a refusal
 * carries them after its own message, so whoever reads the refusal also sees why a repository
 * was not used; on success they are logged.
 *
 * <p>Concurrent semantics: stateless.
 */
final class Warnings {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Warnings.class);

    private Warnings() {
    }

    interface Act<T> {
        T run(Consumer<String> warnings) throws PluginOperationException;
    }

    static <T> T appended(Act<T> act) throws PluginOperationException {
        List<String> warnings = new ArrayList<>();
        try {
            T answer = act.run(warnings::add);
            warnings.forEach(LOG::warn);
            return answer;
        } catch (PluginOperationException refused) {
            throw warnings.isEmpty() ? refused
                    : new PluginOperationException(refused.getMessage() + "\n" + String.join("\n", warnings), refused);
        }
    }
}
