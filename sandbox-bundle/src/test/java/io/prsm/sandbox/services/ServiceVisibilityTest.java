package io.prsm.sandbox.services;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.Set;

import org.junit.Test;

import io.prsm.api.SecurityLevel;

public class ServiceVisibilityTest {

    private final PluginView sandbox = new PluginView("dash", 20, SecurityLevel.SANDBOX, Set.of("read_analytics_data"));
    private final PluginView isolated = new PluginView("calc", 21, SecurityLevel.ISOLATED, Set.of());
    private final PluginView trusted = new PluginView("hooks", 22, SecurityLevel.TRUSTED, Set.of());
    private final PluginView otherSandbox = new PluginView("other", 23, SecurityLevel.SANDBOX, Set.of());

    @Test
    public void platformServicesWithoutMarkersAreHiddenFromUntrustedPlugins() {
        assertFalse(ServiceVisibility.decide(sandbox, null, null, null).allowed());
        assertFalse(ServiceVisibility.decide(isolated, null, null, null).allowed());
        assertTrue(ServiceVisibility.decide(trusted, null, null, null).allowed());
        assertTrue("infrastructure sees everything", ServiceVisibility.decide(null, sandbox, null, null).allowed());
    }

    @Test
    public void permissionPropertyDecidesByTheGrant() {
        assertTrue(ServiceVisibility.decide(sandbox, null, "read_analytics_data", null).allowed());
        assertFalse(ServiceVisibility.decide(sandbox, null, "admin_access", null).allowed());
        assertTrue(ServiceVisibility.decide(sandbox, null, "admin_access", null).reason().contains("admin_access"));
    }

    @Test
    public void servicesOfferedToPluginsAreSeenByAll() {
        assertTrue(ServiceVisibility.decide(isolated, null, null, Boolean.TRUE).allowed());
        assertTrue(ServiceVisibility.decide(isolated, null, null, "true").allowed());
    }

    @Test
    public void onlySandboxPluginsSeeOtherUntrustedPluginsServices() {
        assertTrue(ServiceVisibility.decide(sandbox, otherSandbox, null, null).allowed());
        assertFalse(ServiceVisibility.decide(isolated, otherSandbox, null, null).allowed());
        assertFalse("a trusted plugin's unmarked service is platform",
                ServiceVisibility.decide(sandbox, trusted, null, null).allowed());
        assertTrue("own services", ServiceVisibility.decide(isolated, isolated, null, null).allowed());
    }

    @Test
    public void theQuickAnswerAgreesWithTheDecisionInEveryCase() {
        java.util.List<PluginView> viewers = new java.util.ArrayList<>();
        java.util.List<PluginView> owners = new java.util.ArrayList<>();
        owners.add(null);
        long id = 10;
        for (io.prsm.api.SecurityLevel level : io.prsm.api.SecurityLevel.values()) {
            viewers.add(new PluginView("viewer-" + level.id(), id, level, java.util.Set.of("held")));
            owners.add(new PluginView("owner-" + level.id(), id + 100, level, java.util.Set.of()));
            owners.add(new PluginView("self-" + level.id(), id, level, java.util.Set.of()));
            id++;
        }
        viewers.add(null);
        for (PluginView viewer : viewers) {
            for (PluginView owner : owners) {
                for (Object permission : new Object[] { null, "held", "not_held" }) {
                    for (Object offered : new Object[] { null, Boolean.TRUE, "true", Boolean.FALSE }) {
                        org.junit.Assert.assertEquals(viewer + " / " + owner + " / " + permission + " / " + offered,
                                ServiceVisibility.decide(viewer, owner, permission, offered).allowed(),
                                ServiceVisibility.allows(viewer, owner, permission, offered));
                    }
                }
            }
        }
    }
}
