package io.prsm.sandbox.resolve;

import java.util.Optional;

/**
 * Plugins refused before they may resolve: an invalid manifest or a bytecode scan that found a
 * forbidden API. The gatekeeper records the reason when it checks a plugin at install.
 *
 * <p>Concurrent semantics: implementations are thread-safe; the hook asks during a resolve.
 */
@FunctionalInterface
public interface Refusals {

    /** Why bundle {@code bundleId} is refused, or empty if it is not. */
    Optional<String> reasonFor(long bundleId);
}
