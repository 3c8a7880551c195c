package io.prsm.sandbox;

import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.SynchronousBundleListener;

import io.prsm.platform.CodeStops;
import io.prsm.sandbox.audit.AuditEvent;
import io.prsm.sandbox.audit.AuditSink;
import io.prsm.sandbox.classify.BundleClassifier;
import io.prsm.sandbox.classify.Classification;

/**
 * Stops an untrusted plugin's code that still runs, once the plugin has stopped, on threads that
 * are neither its tasks' nor ones it started: a lambda it handed to the JDK's common pool (a
 * parallel stream, {@code CompletableFuture.runAsync}), an {@code initialize} or {@code shutdown}
 * that never returned on the runtime's lifecycle thread. No deadline or stop of its own reaches
 * those threads, and they serve others, so only the plugin's code is stopped there
 * ({@link CodeStops#raise(Thread, long, String)}, seen by the checks woven with its bundle id):
 * it throws at its next loop turn or call and the thread goes on serving (it is not interrupted:
 * it serves others; a stray blocked there stays blocked). Each such thread is audited; the stops are lowered as the code leaves (checked every second while any is raised) or
 * when the plugin starts again.
 *
 * <p>A thread is found by its stack: a frame of a class the bundle's jar holds. Work the plugin
 * queued on a pool that has not started yet is not on any stack and is not stopped here.
 *
 * <p>Concurrent semantics: thread-safe; bundle events and the re-check are serialised on this object.
 */
final class StrayPluginCode implements SynchronousBundleListener {

    private static final long RECHECK_SECONDS = 1;
    /** The runtime's thread group for a plugin's task threads, which the threads they start inherit. */
    private static final String PLUGIN_GROUP = "prsm-plugin ";

    private final BundleClassifier classifier;
    private final AuditSink audit;
    private final ScheduledExecutorService recheck = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "prsm-stray-plugin-code");
        thread.setDaemon(true);
        return thread;
    });
    /** Per stopped bundle with code still running: its class names, and the threads stopped for it. */
    private final Map<Long, Stopped> stopped = new HashMap<>();
    private ScheduledFuture<?> rechecking;

    private record Stopped(Set<String> classes, Set<Thread> threads) {
    }

    StrayPluginCode(BundleClassifier classifier, AuditSink audit) {
        this.classifier = classifier;
        this.audit = audit;
    }

    @Override
    public synchronized void bundleChanged(BundleEvent event) {
        Bundle bundle = event.getBundle();
        if (event.getType() == BundleEvent.STARTING) {
            lowerAll(bundle.getBundleId());
        } else if (event.getType() == BundleEvent.STOPPED && untrusted(bundle)) {
            stopStrays(bundle);
        }
    }

    private boolean untrusted(Bundle bundle) {
        Classification level = classifier.classify(bundle);
        return level == Classification.SANDBOX || level == Classification.ISOLATED;
    }

    private void stopStrays(Bundle bundle) {
        long bundleId = bundle.getBundleId();
        Set<String> classes = classesOf(bundle);
        String pluginId = classifier.identity(bundle).map(identity -> identity.pluginId())
                .orElseGet(() -> String.valueOf(bundle.getSymbolicName()));
        String reason = "Plugin '" + pluginId + "' stopped; its code still running on threads that are not its own "
                + "is stopped.";
        Stopped stops = stopped.computeIfAbsent(bundleId, id -> new Stopped(classes, new HashSet<>()));
        for (Map.Entry<Thread, StackTraceElement[]> running : Thread.getAllStackTraces().entrySet()) {
            Thread thread = running.getKey();
            if (thread != Thread.currentThread() && !ownThread(thread, pluginId) && runs(running.getValue(), classes)
                    && stops.threads().add(thread)) {
                // not interrupted: the thread serves others, and a blocked stray is no stray that burns
                CodeStops.raise(thread, bundleId, reason);
                audit.record(AuditEvent.denied(pluginId, bundleId, "containment", "run thread " + thread.getName(),
                        "the plugin stopped while its code ran on this thread, which is not one it started "
                                + "(a JDK pool's, the runtime's): that code is stopped"));
            }
        }
        if (stops.threads().isEmpty()) {
            stopped.remove(bundleId);
        } else if (rechecking == null) {
            rechecking = recheck.scheduleWithFixedDelay(this::recheck, RECHECK_SECONDS, RECHECK_SECONDS,
                    TimeUnit.SECONDS);
        }
    }

    /** Lowers the stops of threads that have left the stopped code; stops re-checking when none is left. */
    private synchronized void recheck() {
        for (Map.Entry<Long, Stopped> entry : stopped.entrySet()) {
            Stopped stops = entry.getValue();
            stops.threads().removeIf(thread -> {
                boolean left = !thread.isAlive() || !runs(thread.getStackTrace(), stops.classes());
                if (left) {
                    CodeStops.lower(thread, entry.getKey());
                }
                return left;
            });
        }
        stopped.values().removeIf(stops -> stops.threads().isEmpty());
        if (stopped.isEmpty() && rechecking != null) {
            rechecking.cancel(false);
            rechecking = null;
        }
    }

    private void lowerAll(long bundleId) {
        Stopped stops = stopped.remove(bundleId);
        if (stops != null) {
            stops.threads().forEach(thread -> CodeStops.lower(thread, bundleId));
        }
    }

    /**
     * A thread of the plugin's own group: its tasks' and the threads they started, stopped by their
     * own stops. The common pool's workers are never its own, though one its task made first joins
     * that task's group.
     */
    private static boolean ownThread(Thread thread, String pluginId) {
        if (thread instanceof java.util.concurrent.ForkJoinWorkerThread) {
            return false;
        }
        ThreadGroup group = thread.getThreadGroup();
        return group != null && group.getName().equals(PLUGIN_GROUP + pluginId);
    }

    private static boolean runs(StackTraceElement[] frames, Set<String> classes) {
        for (StackTraceElement frame : frames) {
            if (classes.contains(frame.getClassName())) {
                return true;
            }
        }
        return false;
    }

    /** The names of the classes in the bundle's jar (its own code; libraries it embeds are not searched). */
    private static Set<String> classesOf(Bundle bundle) {
        Set<String> classes = new HashSet<>();
        try {
            Enumeration<java.net.URL> entries = bundle.findEntries("/", "*.class", true);
            while (entries != null && entries.hasMoreElements()) {
                String path = entries.nextElement().getPath();
                String name = path.startsWith("/") ? path.substring(1) : path;
                classes.add(name.substring(0, name.length() - ".class".length()).replace('/', '.'));
            }
        } catch (IllegalStateException uninstalled) {
            // nothing more to learn of it
        }
        return classes;
    }

    /** Lowers every stop this raised and ends the re-check. */
    synchronized void close() {
        recheck.shutdownNow();
        stopped.forEach((bundleId, stops) -> stops.threads().forEach(thread -> CodeStops.lower(thread, bundleId)));
        stopped.clear();
    }
}
