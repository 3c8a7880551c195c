package io.prsm.itests;

import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

import io.prsm.api.runtime.PluginOperationException;

/**
 * The runtime holds its own line when the gatekeeper is not there: nothing is installed unchecked,
 * and a verifier a plugin registers (every other layer is off, so it resolves and registers it) is
 * not the one the runtime asks.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class GatekeeperAbsentIT extends PrsmTestSupport {

    @Configuration
    public Option[] config() {
        return RuntimeOptions.forTest("gatekeeper-absent");
    }

    @Test
    public void withoutTheGatekeeperNothingInstallsAndAPluginsVerifierIsNeverAsked() throws Exception {
        Bundle gatekeeper = null;
        for (Bundle bundle : context.getBundles()) {
            if ("io.prsm.sandbox".equals(bundle.getSymbolicName())) {
                gatekeeper = bundle;
            }
        }
        assertNotNull(gatekeeper);
        gatekeeper.stop();
        String location = property("prsm.hostile.hijacks-validator");
        Bundle hijacker = context.installBundle("behind:" + location, Files.newInputStream(Path.of(location)));
        try {
            hijacker.start();
            assertNotNull("with every other layer off, its counterfeit verifier is registered",
                    context.getServiceReferences("io.prsm.platform.PluginVerifier", null));
            String refused = assertThrows(PluginOperationException.class, () -> plugins.install(analyticsJar()))
                    .getMessage();
            assertTrue(refused, refused.contains("the gatekeeper (bundle io.prsm.sandbox) is not running"));
            String validated = assertThrows(PluginOperationException.class,
                    () -> plugins.validate(property("prsm.hostile.writes-a-file"))).getMessage();
            assertTrue(validated, validated.contains("cannot be checked"));
        } finally {
            hijacker.uninstall();
            gatekeeper.start();
        }
        assertTrue(plugins.install(analyticsJar()).state().name(), plugins.list().size() == 1);
    }
}
