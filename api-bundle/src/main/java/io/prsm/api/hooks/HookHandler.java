package io.prsm.api.hooks;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A plugin's subscription to hooks: register it as a service with the {@link #HOOKS} property
 * naming the hooks, for example with Declarative Services:
 *
 * <pre>
 * &#64;Component(service = HookHandler.class, property = HookHandler.HOOKS + "=user_login")
 * </pre>
 *
 * The plugin must hold {@code subscribe_<hook>} for each hook it names (declare it with
 * {@code @RequiresPermission} or {@code @OptionalPermission}); a hook it does not hold is refused
 * and audited, and no event of it ever reaches the handler. The other hooks it names still do.
 *
 * <p>Concurrent semantics: hooks are delivered on the platform's event threads, in order per
 * handler, possibly while tasks run. A handler that throws is logged; one that takes longer than
 * the platform's hook timeout is cut off from further events until it is registered again.
 */
@ConsumerType
public interface HookHandler {

    /** The service property naming the hooks this handler receives (a string or string array). */
    String HOOKS = "prsm.hooks";

    /** Handles one hook. */
    void onHook(HookEvent event) throws Exception;
}
