package io.prsm.runtime.metrics;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import io.prsm.api.runtime.JvmStats;
import io.prsm.platform.PlatformActs;

/**
 * Measures the JVM through its platform MXBeans. Process CPU figures are read as JMX attributes
 * so no JDK-specific type is needed: any framework that hosts the runtime can run it.
 *
 * <p>Concurrent semantics: thread-safe; each call measures anew.
 */
public final class JvmProbe {

    private final ObjectName operatingSystem;

    public JvmProbe() {
        try {
            operatingSystem = new ObjectName(ManagementFactory.OPERATING_SYSTEM_MXBEAN_NAME);
        } catch (JMException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** Measures as the platform: a plugin granted the runtime's statistics may be the one asking. */
    public JvmStats measure() {
        return PlatformActs.call(this::measureNow);
    }

    private JvmStats measureNow() {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        MemoryUsage nonHeap = ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage();
        long gcCount = 0;
        long gcTime = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcCount += Math.max(0, gc.getCollectionCount());
            gcTime += Math.max(0, gc.getCollectionTime());
        }
        return new JvmStats(heap.getUsed(), heap.getCommitted(), heap.getMax(), nonHeap.getUsed(),
                number("ProcessCpuLoad", -1).doubleValue(), number("ProcessCpuTime", -1).longValue(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors(), ManagementFactory.getThreadMXBean().getThreadCount(),
                ManagementFactory.getClassLoadingMXBean().getLoadedClassCount(), gcCount, gcTime,
                ManagementFactory.getRuntimeMXBean().getUptime());
    }

    private Number number(String attribute, Number unknown) {
        try {
            // the platform MBean server is made on first use: starting it costs tens of milliseconds of start-up
            Object value = ManagementFactory.getPlatformMBeanServer().getAttribute(operatingSystem, attribute);
            return value instanceof Number number ? number : unknown;
        } catch (JMException | RuntimeException notAvailable) {
            return unknown;
        }
    }
}
