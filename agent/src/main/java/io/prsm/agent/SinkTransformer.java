package io.prsm.agent;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.List;
import java.util.Set;

/**
 * Rewrites the JDK classes that have {@link Sinks}: each sink method calls
 * {@code Entitlements.check} before its body (in a constructor: right after the superclass
 * constructor, before anything is opened). Only method bodies change, so it works for classes
 * the JVM loaded before the agent (retransformation) as well as for those it loads later; bridge
 * methods are skipped, since the method they forward to is instrumented.
 *
 * <p>{@link SinkPatcher} inserts the call without ASM, which keeps ASM out of the JVM's start
 * (reading and writing whole classes interpreted, then compiling ASM); a class it cannot patch
 * goes to {@link AsmSinkWriter}, so every sink is instrumented either way.
 *
 * <p>Concurrent semantics: stateless; the JVM may call it from several threads at once.
 */
final class SinkTransformer implements ClassFileTransformer {

    static final String BRIDGE = "io/prsm/bridge/Entitlements";

    private final Set<String> owners = Sinks.owners();

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> redefined,
            ProtectionDomain domain, byte[] classfile) {
        if (className == null || !owners.contains(className)) {
            return null;
        }
        try {
            return instrument(classfile, Sinks.of(className));
        } catch (RuntimeException | LinkageError broken) {
            // a JDK class the agent cannot rewrite stays as it was; say so, since its sinks are then unchecked
            System.err.println("PRSM entitlement agent: cannot instrument " + className + ": " + broken);
            return null;
        }
    }

    /** {@code classfile} with a check at the start of every method of {@code sinks}; null if none matched. */
    static byte[] instrument(byte[] classfile, List<Sink> sinks) {
        try {
            return SinkPatcher.patch(classfile, sinks);
        } catch (SinkPatcher.Unpatchable | RuntimeException unusual) {
            return AsmSinkWriter.instrument(classfile, sinks);
        }
    }
}
