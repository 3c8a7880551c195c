package io.prsm.sandbox.entitlements;

import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/** Plugin-like code for {@link PluginCodeMarksTest}: method references to other classes, and a lambda. */
public final class PluginCodeMarksFixture {

    private final StringBuilder text = new StringBuilder("fixture");

    public Supplier<String> boundVirtual() {
        return text::toString;
    }

    public Supplier<Long> staticMethod() {
        return System::nanoTime;
    }

    public Function<String, Integer> unboundStatic() {
        return Integer::parseInt;
    }

    public Supplier<StringBuilder> constructor() {
        return StringBuilder::new;
    }

    public Function<List<String>, Integer> interfaceMethod() {
        return List::size;
    }

    /** What a JDK loop may call two billion times ({@code Collections.nCopies(n, spin).forEach(Runnable::run)}). */
    public Runnable spinWait() {
        return Thread::onSpinWait;
    }

    /** Each step of an endless JDK stream ({@code LongStream.iterate(0, Math::incrementExact).count()}). */
    public java.util.function.LongUnaryOperator increment() {
        return Math::incrementExact;
    }

    /** The attacker's GC storm: {@code Collections.nCopies(n, gc).forEach(Runnable::run)}. */
    public Runnable gc() {
        return Runtime.getRuntime()::gc;
    }

    public Supplier<String> lambda() {
        return () -> text.reverse().toString();
    }
}
