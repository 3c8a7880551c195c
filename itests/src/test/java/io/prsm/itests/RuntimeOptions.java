package io.prsm.itests;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemPackage;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.ops4j.pax.exam.Option;

import io.prsm.runtime.embed.Distribution;
import io.prsm.runtime.embed.DistributionBundle;

/**
 * The framework every test runs in: the distribution's own resolved bundles at the start levels
 * the launcher gives them (without the interactive shell, and without the API bundles the framework
 * on the class path exports itself, as a host would install them) and a fresh storage folder. Kept apart
 * from the test classes because it runs outside the framework only, where the launcher's classes
 * are on the class path.
 */
final class RuntimeOptions {

    private RuntimeOptions() {
    }

    static Option[] forTest(String testName) {
        return forTest(testName, "20s");
    }

    /** @param taskTimeout how long a task, or a plugin's start, may take */
    static Option[] forTest(String testName, String taskTimeout) {
        List<Option> options = new ArrayList<>();
        options.add(cleanCaches());
        options.add(junitBundles());
        options.add(systemProperty("org.ops4j.pax.url.mvn.localRepository").value(localRepository()));
        // Pax Exam exports its own packages through the system bundle too: add to them, do not replace them
        options.add(systemPackage("com.sun.management"));
        // the entitlement bridge the agent put on the boot class path: the platform bundles link to it
        options.add(systemPackage("io.prsm.bridge"));
        options.add(frameworkProperty("prsm.storage").value(freshStorage(testName).toString()));
        options.add(frameworkProperty("prsm.task.timeout").value(taskTimeout));
        options.add(frameworkProperty("prsm.task.drain").value(taskTimeout));
        // plugins installed during a test start at the plugin level, on Felix and on Equinox
        options.add(frameworkProperty("felix.startlevel.bundle").value(String.valueOf(DistributionBundle.PLUGIN_LEVEL)));
        options.add(frameworkProperty("osgi.bundles.defaultStartLevel").value(String.valueOf(DistributionBundle.PLUGIN_LEVEL)));
        // the runtime's Logback: warnings on the console, nothing in files (see logback-itests.xml)
        options.add(systemProperty("logback.configurationFile").value(
                Path.of("src/test/resources/logback-itests.xml").toAbsolutePath().toString()));
        // as the launcher does: Felix must not answer the runtime SLF4J's provider lookup from this
        // class path, which has an SLF4J provider of its own that the bundles cannot use
        options.add(frameworkProperty("felix.bootdelegation.implicit").value("false"));
        // these tests reach plugins through the manager, not HTTP: no port to collide on
        options.add(frameworkProperty("org.apache.felix.http.enable").value("false"));
        // a test handler that hangs is cut off after a second, not five
        options.add(frameworkProperty("org.apache.felix.eventadmin.Timeout").value("1000"));
        try {
            FrameworkExports framework = FrameworkExports.ofClassPathFramework();
            for (DistributionBundle shipped : Distribution.fromFolder(Path.of(PrsmTestSupport.property("prsm.distribution"))).bundles()) {
                if (!framework.provides(shipped)) {
                    options.add(bundle(Path.of(PrsmTestSupport.property("prsm.distribution"), shipped.fileName()).toUri().toString())
                            .startLevel(shipped.startLevel()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Build the distribution first (mvn verify from the root)", e);
        }
        return options.toArray(new Option[0]);
    }

    private static String localRepository() {
        return System.getProperty("maven.repo.local", System.getProperty("user.home") + "/.m2/repository");
    }

    static Path freshStorage(String testName) {
        try {
            Path root = Path.of(System.getProperty("prsm.itest.storage", "target/itest-storage"));
            Files.createDirectories(root);
            return Files.createTempDirectory(root, testName + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
