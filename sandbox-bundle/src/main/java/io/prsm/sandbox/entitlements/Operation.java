package io.prsm.sandbox.entitlements;

/**
 * What a sink does, as the policy and the audit log name it.
 *
 * <p>Concurrent semantics: immutable.
 */
public enum Operation {
    FILE_READ("files", "read"),
    FILE_WRITE("files", "write"),
    CONNECT("outbound_network", "connect to"),
    INBOUND("inbound_network", "accept connections on"),
    START_THREAD("manage_threads", "start a thread"),
    MANAGE_THREAD("manage_threads", "change thread"),
    PROCESS(null, "start the process"),
    EXIT(null, "exit the JVM or change its shutdown hooks"),
    ENVIRONMENT(null, "read the environment"),
    READ_PROPERTY(null, "read the system property"),
    WRITE_PROPERTY(null, "change the system property"),
    NATIVE(null, "load native code"),
    CLASS_LOADER(null, "create a class loader"),
    DEFINE_CLASS(null, "define a class in"),
    REFLECTION(null, "reach private members or build a reflective proxy of"),
    /** A member, by reflection or a method handle, of a class the plugin's own class loader does not link to. */
    FOREIGN_MEMBER(null, "use, by reflection or a method handle, what it cannot link to:"),
    JVM_DEFAULTS(null, "change a JVM-wide default"),
    MANAGEMENT(null, "use the platform MBean server or its MXBeans"),
    TERMINAL(null, "read the operator's terminal through"),
    BUNDLE_CONTENT(null, "read the content of"),
    FRAMEWORK(null, "have the OSGi framework"),
    GC(null, "run a full garbage collection of the whole JVM"),
    DIRECT_MEMORY(null, "reserve");

    private final String entitlement;
    private final String verb;

    Operation(String entitlement, String verb) {
        this.entitlement = entitlement;
        this.verb = verb;
    }

    /** The entitlement (manifest annotation and policy field) that can allow it, or null if none can. */
    public String entitlement() {
        return entitlement;
    }

    /** How a message says it: "read", "connect to", ... */
    public String verb() {
        return verb;
    }

    /** The name in the audit log and in {@code prsm:policy suggest}. */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
