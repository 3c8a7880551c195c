package io.prsm.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import io.prsm.api.PluginResponse;
import io.prsm.api.runtime.PluginOperationException;
import io.prsm.api.runtime.PluginState;

/**
 * One hostile plugin per attack (sample-bundles/hostile): each is refused with its reason, the
 * refusal is in the audit log, and the runtime keeps serving. The same kind of access works for a
 * plugin the policy trusts, so the rule is the level, not a blanket ban.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HostileAttacksIT extends PrsmTestSupport {

    /** Fixture module, plugin id, and what the refusal must say. */
    private static final String[][] ATTACKS = {
                { "writes-a-file", "writes-a-file", "java.io.FileOutputStream.<init>: file system access" },
                { "opens-a-socket", "opens-a-socket", "java.net.Socket.<init>: network access" },
                { "opens-a-url", "opens-a-url", "java.net.URL.openStream: network access" },
                { "starts-a-process", "starts-a-process", "java.lang.ProcessBuilder.<init>: starting processes" },
                { "reads-the-environment", "reads-the-environment", "java.lang.System.getenv: reading the environment" },
                { "sets-a-system-property", "sets-a-system-property", "java.lang.System.setProperty: reading or changing system properties" },
                { "reflects-into-a-private-field", "reflects-into-a-private-field", "java.lang.Class.forName: reflection" },
                { "defines-a-class", "defines-a-class", "java.lang.invoke.MethodHandles$Lookup.defineClass: defining classes" },
                { "uses-unsafe", "uses-unsafe", "sun.misc.Unsafe.ADDRESS_SIZE: JDK internals" },
                { "deserializes-an-object", "deserializes-an-object", "java.io.ObjectInputStream.<init>: Java deserialization" },
                { "loads-a-native-library", "loads-a-native-library", "java.lang.System.loadLibrary: loading native code" },
                { "starts-a-thread", "starts-a-thread", "java.lang.Thread.<init>: creating threads is not allowed at level isolated" },
                { "registers-a-find-hook", "registers-a-find-hook", "org.osgi.framework.hooks.service.FindHook.<class>: framework internals" },
                { "installs-a-bundle", "installs-a-bundle", "org.osgi.framework.BundleContext.installBundle: installing bundles" },
                // the run-time layer's holes an attacker found (EntitlementsIT stops each at its sink with the scan off)
                { "turns-the-run-time-layer-off", "turns-the-run-time-layer-off",
                        "java.lang.invoke.MethodHandle.invokeWithArguments: method handles beyond what javac emits" },
                { "sets-more-jvm-wide-state", "sets-more-jvm-wide-state",
                        "java.time.zone.ZoneRulesProvider.registerProvider: an API outside the allow-list" },
                { "drives-the-framework", "drives-the-framework", "java.lang.Class.forName: reflection" },
                { "reads-the-terminal", "reads-the-terminal", "java.lang.System.in: " },
                { "writes-when-logged", "writes-when-logged", "java.io.FileOutputStream.<init>: file system access" }
    };

    @Configuration
    public Option[] config() {
        return RuntimeOptions.forTest("attacks");
    }

    @Test
    public void everyAttackIsRefusedWithItsReasonAndAudited() throws Exception {
        List<String> failures = new ArrayList<>();
        for (String[] attack : ATTACKS) {
            try {
                plugins.install(property("prsm.hostile." + attack[0]));
                failures.add(attack[0] + " was installed");
            } catch (PluginOperationException refused) {
                if (!refused.getMessage().contains(attack[2])) {
                    failures.add(attack[0] + ": refusal does not say '" + attack[2] + "': " + refused.getMessage());
                }
            }
            if (!auditLog().contains("\"plugin\":\"" + attack[1] + "\"")) {
                failures.add(attack[0] + ": nothing in the audit log");
            }
        }
        assertEquals(String.join("\n", failures), List.of(), failures);
        assertTrue("no attack left anything installed", plugins.list().isEmpty());

        assertEquals(PluginState.ACTIVE, plugins.install(analyticsJar()).state());
        assertTrue(execute("analytics-dashboard", "get_metrics", Map.of()).success());
    }

    @Test
    public void fileAccessWorksForAPluginThePolicyTrusts() throws Exception {
        String refused = assertThrows(PluginOperationException.class,
                () -> plugins.install(property("prsm.trusted.tempFile"))).getMessage();
        assertTrue(refused, refused.contains("the policy does not trust it; add it to \"trusted\" in policy.json"));

        Path policyFile = Path.of(context.getProperty("prsm.storage"), "policy.json");
        try {
            Files.writeString(policyFile, "{\"trusted\":{\"trusted-temp-file\":\"\"}}");
            shell("prsm:policy reload");
            assertEquals(PluginState.ACTIVE, plugins.install(property("prsm.trusted.tempFile")).state());
            PluginResponse response = execute("trusted-temp-file", "roundtrip", Map.of("text", "kept"));
            assertTrue(response.error(), response.success());
            assertEquals("kept", response.data());
        } finally {
            Files.deleteIfExists(policyFile);
            shell("prsm:policy reload");
        }
    }
}
