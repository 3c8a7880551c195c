package io.prsm.agent;

/**
 * One instrumented JDK method: before its body runs, it calls
 * {@code io.prsm.bridge.Entitlements.check(name, target, detail)}.
 *
 * @param owner the internal name of the class, for example {@code java/io/FileInputStream}
 * @param method the method name ({@code <init>} for constructors)
 * @param descriptorPrefix the start of the descriptors to instrument, {@code "("} for every overload
 * @param name the sink's name, which the checker maps to an operation
 * @param target which value is the target: {@link #THIS}, {@link #NONE} or a parameter index
 * @param detail which value is the detail: {@link #THIS}, {@link #NONE} or a parameter index
 */
public record Sink(String owner, String method, String descriptorPrefix, String name, int target, int detail) {

    /** The receiver ({@code this}); in a constructor, read once the superclass constructor ran. */
    public static final int THIS = -2;
    /** No value: {@code null} is passed. */
    public static final int NONE = -1;
    /**
     * The name of a sink that reaches a member by reflection or a method handle: its target (a
     * {@code Method} or {@code MemberName}) is asked its declaring class and name, which go to
     * {@code Entitlements.checkMember} instead of {@code check}.
     */
    public static final String MEMBER = "member";

    public boolean matches(String methodName, String descriptor) {
        return method.equals(methodName) && descriptor.startsWith(descriptorPrefix);
    }

    public String className() {
        return owner.replace('/', '.');
    }
}
