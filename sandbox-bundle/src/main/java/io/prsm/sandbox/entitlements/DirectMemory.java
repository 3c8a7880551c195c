package io.prsm.sandbox.entitlements;

import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.framework.Bundle;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;

/**
 * The direct memory each untrusted plugin holds (direct buffers: {@code ByteBuffer.allocateDirect},
 * directly or through a library or the JDK's own temporary buffers on its thread; mapped files, by
 * the size mapped, which the process may come to hold in full), charged against
 * the memory it declares ({@code memory} in its manifest): the heap budget does not see it, so a
 * plugin held all of the JVM's direct memory while declaring a quarter of it (atk3).
 *
 * <p>The agent asks twice per buffer: when its memory is reserved ({@code Bits.reserveMemory},
 * before anything is allocated: {@link #reserve} charges the plugins acting, or refuses), and when
 * the made buffer is handed to its cleaner ({@link #held}: on the same thread, so the charge waiting
 * there is released when the buffer is collected). A charge whose buffer was never made (the
 * allocation failed) stays counted: the error is on the side of refusing.
 *
 * <p>Concurrent semantics: thread-safe; each plugin's count is an atomic, a charge waits on its own
 * thread until its buffer is made, and releases run on the cleaner's one thread.
 */
final class DirectMemory {

    /** The sink that hands a made buffer to its cleaner. */
    static final String HELD_SINK = "memory.held";
    /** What a plugin that declares no memory may hold: the runtime's default (PluginDescriptor.DEFAULT_MEMORY). */
    static final long DEFAULT_LIMIT = 128L * 1024 * 1024;
    /** What a cleaner runs to release a direct buffer's memory. */
    private static final String DEALLOCATOR = "java.nio.DirectByteBuffer$Deallocator";
    /** What a cleaner runs to release a mapped buffer's memory. */
    private static final Set<String> UNMAPPERS = Set.of("sun.nio.ch.FileChannelImpl$DefaultUnmapper",
            "sun.nio.ch.FileChannelImpl$SyncUnmapper");

    /** The bytes of a file about to be mapped: charged like direct memory, released only by a mapped buffer's unmapper. */
    record Mapped(long bytes) {
    }

    private final Map<Long, AtomicLong> held = new ConcurrentHashMap<>();
    private final ThreadLocal<List<Charge>> waiting = new ThreadLocal<>();
    private final Cleaner releases;

    DirectMemory(Cleaner releases) {
        this.releases = releases;
    }

    /** Releasing on a daemon thread of the gatekeeper's, which keeps no plugin's class loader as context. */
    static DirectMemory withOwnThread() {
        return new DirectMemory(Cleaner.create(release -> {
            Thread thread = new Thread(release, "prsm-direct-memory");
            thread.setDaemon(true);
            thread.setContextClassLoader(DirectMemory.class.getClassLoader());
            return thread;
        }));
    }

    /** One plugin's share of one buffer. */
    private record Charge(AtomicLong count, long bytes, boolean mapped) {
    }

    /**
     * Charges {@code bytes} of direct memory about to be reserved to {@code plugin}: empty when it
     * stays within the memory the plugin declares, else why not (and nothing is charged).
     */
    Optional<String> reserve(Bundle plugin, String pluginId, Object wanted) {
        boolean mapped = wanted instanceof Mapped;
        long bytes = mapped ? ((Mapped) wanted).bytes() : (Long) wanted;
        long limit = limitOf(plugin);
        AtomicLong count = held.computeIfAbsent(plugin.getBundleId(), id -> new AtomicLong());
        long after = count.addAndGet(bytes);
        if (after > limit || after < 0) {
            count.addAndGet(-bytes);
            return Optional.of("MEMORY_LIMIT: plugin '" + pluginId + "' holds " + (after - bytes)
                    + " bytes of direct memory and declares " + limit + " bytes of memory in all; release buffers it "
                    + "no longer needs, or declare more memory (@PrsmPlugin(memory = ...)) within what the operator "
                    + "accepts");
        }
        List<Charge> charges = waiting.get();
        if (charges == null) {
            charges = new ArrayList<>(1);
            waiting.set(charges);
        }
        charges.add(new Charge(count, bytes, mapped));
        return Optional.empty();
    }

    /**
     * A buffer was handed to its cleaner on this thread: the charges its reservation made are
     * released when it is collected. Any other object a cleaner is made for is not direct memory.
     */
    void held(Object buffer, Object cleaning) {
        List<Charge> charges = waiting.get();
        if (charges == null || cleaning == null) {
            return;
        }
        String kind = cleaning.getClass().getName();
        boolean unmapper = UNMAPPERS.contains(kind);
        if (!unmapper && !kind.equals(DEALLOCATOR)) {
            return;
        }
        // only the charges of this kind of buffer: a mapping's charge waiting here (one the JDK 22+ made for an
        // arena, which no cleaner releases) must not leave with the next small direct buffer (launders-a-mapped-charge)
        List<Charge> released = charges.stream().filter(charge -> charge.mapped() == unmapper).toList();
        if (released.isEmpty()) {
            return;
        }
        charges.removeAll(released);
        if (charges.isEmpty()) {
            waiting.remove();
        }
        releases.register(buffer, () -> released.forEach(charge -> charge.count().addAndGet(-charge.bytes())));
    }

    /** Bytes of direct memory {@code plugin} holds now (buffers not yet collected). */
    long heldBy(Bundle plugin) {
        AtomicLong count = held.get(plugin.getBundleId());
        return count == null ? 0 : count.get();
    }

    /** The memory {@code plugin} declares, as the framework parsed its {@code prsm.plugin} capability. */
    static long limitOf(Bundle plugin) {
        BundleRevision revision = plugin.adapt(BundleRevision.class);
        List<BundleCapability> declared = revision == null ? List.of() : revision.getDeclaredCapabilities("prsm.plugin");
        Object memory = declared.isEmpty() ? null : declared.get(0).getAttributes().get("memory");
        if (memory instanceof Number number && number.longValue() > 0) {
            return number.longValue();
        }
        try {
            return memory instanceof String text && Long.parseLong(text.trim()) > 0 ? Long.parseLong(text.trim())
                    : DEFAULT_LIMIT;
        } catch (NumberFormatException unreadable) {
            // the runtime refuses such a manifest; until then the default
            return DEFAULT_LIMIT;
        }
    }
}
