package io.prsm.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.Map;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import io.prsm.api.runtime.PluginInfo;
import io.prsm.api.runtime.PluginOperationException;
import io.prsm.api.runtime.PluginState;

/** Plugins that misbehave must not take the runtime down with them. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HostilePluginIT extends PrsmTestSupport {

    @Configuration
    public Option[] config() {
        return RuntimeOptions.forTest("hostile", "2s");
    }

    @Test
    public void pluginHangingInInitializeIsRefusedAndTheRuntimeStaysResponsive() throws Exception {
        PluginOperationException refused = assertThrows(PluginOperationException.class,
                () -> plugins.install(property("prsm.sample.hanging")));
        assertTrue(refused.getMessage(), refused.getMessage().contains("initialize did not return within 2 s"));
        assertTrue("the refused plugin is not left installed", plugins.list().isEmpty());

        PluginInfo analytics = plugins.install(analyticsJar());
        assertEquals(PluginState.ACTIVE, analytics.state());
        assertTrue(execute("analytics-dashboard", "get_metrics", Map.of()).success());
    }
}
