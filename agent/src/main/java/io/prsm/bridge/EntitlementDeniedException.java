package io.prsm.bridge;

/**
 * An act a plugin is not entitled to: thrown by the JDK sink where it would have happened, so
 * nothing happened. The message names the plugin, the operation, the target and the policy entry
 * that would allow it.
 *
 * <p>It lives on the boot class path with the bridge, so a plugin may catch it as a
 * {@link SecurityException} whatever it can see.
 */
public class EntitlementDeniedException extends SecurityException {

    private static final long serialVersionUID = 1L;

    private final String pluginId;
    private final String operation;
    private final String target;
    private final String policyEntry;

    public EntitlementDeniedException(String pluginId, String operation, String target, String policyEntry) {
        super("Plugin " + pluginId + " is not entitled to " + operation + " " + target + "; to allow it: "
                + policyEntry);
        this.pluginId = pluginId;
        this.operation = operation;
        this.target = target;
        this.policyEntry = policyEntry;
    }

    public String pluginId() {
        return pluginId;
    }

    public String operation() {
        return operation;
    }

    public String target() {
        return target;
    }

    /** What would allow it: a manifest annotation plus a policy grant, or "never" for what no plugin may do. */
    public String policyEntry() {
        return policyEntry;
    }
}
