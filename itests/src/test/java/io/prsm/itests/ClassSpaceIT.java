package io.prsm.itests;

import static org.junit.Assert.assertEquals;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;

/**
 * The runtime's bundles share one class space with the host framework: a package they use is
 * exported by one bundle only. Two exporters of a package (an API bundle next to the framework's
 * own export of the same API) let a service and its consumer see different classes, and the
 * consumer is refused the service.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ClassSpaceIT extends PrsmTestSupport {

    @Configuration
    public Option[] config() {
        return RuntimeOptions.forTest("class-space");
    }

    @Test
    public void everyImportedPackageHasOneExporter() {
        Map<String, Set<String>> exporters = new TreeMap<>();
        Set<String> imported = new TreeSet<>();
        for (Bundle bundle : context.getBundles()) {
            BundleWiring wiring = bundle.adapt(BundleWiring.class);
            if (wiring == null) {
                continue;
            }
            for (BundleCapability export : wiring.getCapabilities(PackageNamespace.PACKAGE_NAMESPACE)) {
                // one bundle may export several versions of a package (SLF4J 2 also as 1.7): that is one class space
                exporters.computeIfAbsent(packageOf(export), n -> new TreeSet<>())
                        .add(bundle.getSymbolicName() + " " + bundle.getVersion());
            }
            for (BundleWire wire : wiring.getRequiredWires(PackageNamespace.PACKAGE_NAMESPACE)) {
                imported.add(packageOf(wire.getCapability()));
            }
        }
        Map<String, Set<String>> split = new TreeMap<>(exporters);
        split.keySet().retainAll(imported);
        split.values().removeIf(bundles -> bundles.size() == 1);
        assertEquals("packages the runtime uses that more than one bundle exports", Map.of(), split);
    }

    private static String packageOf(BundleCapability export) {
        return (String) export.getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE);
    }
}
