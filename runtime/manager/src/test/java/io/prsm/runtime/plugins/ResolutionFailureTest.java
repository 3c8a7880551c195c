package io.prsm.runtime.plugins;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Test;
import org.osgi.framework.BundleException;

/** The resolver's messages as Felix 7 and Equinox 3.24 write them. */
public class ResolutionFailureTest {

    private static final String FELIX_PERMISSION = "Unable to resolve io.example.p [47](R 47.0): missing requirement "
            + "[io.example.p [47](R 47.0)] prsm.permission; (prsm.permission=read_analytics_data) Unresolved "
            + "requirements: [[io.example.p [47](R 47.0)] prsm.permission; (prsm.permission=read_analytics_data)]";
    private static final String FELIX_PACKAGE = "Unable to resolve io.example.p [47](R 47.0): missing requirement "
            + "[io.example.p [47](R 47.0)] osgi.wiring.package; (osgi.wiring.package=java.net.http) Unresolved "
            + "requirements: [[io.example.p [47](R 47.0)] osgi.wiring.package; (osgi.wiring.package=java.net.http)]";
    private static final String EQUINOX_PERMISSION = "Could not resolve module: io.example.p [47]\n"
            + "  Unresolved requirement: Require-Capability: prsm.permission; "
            + "filter:=\"(prsm.permission=read_analytics_data)\"\n";
    private static final String EQUINOX_PACKAGE_AND_PERMISSION = "Could not resolve module: io.example.p [47]\n"
            + "  Unresolved requirement: Import-Package: java.net.http\n"
            + "  Unresolved requirement: Require-Capability: prsm.permission; "
            + "filter:=\"(prsm.permission=read_analytics_data)\"\n";

    private static BundleException resolve(String message) {
        return new BundleException(message, BundleException.RESOLVE_ERROR);
    }

    @Test
    public void aMissingPermissionAloneWaitsForThePolicyOnBothFrameworks() {
        assertTrue(ResolutionFailure.waitsForPermission(resolve(FELIX_PERMISSION)));
        assertTrue(ResolutionFailure.waitsForPermission(resolve(EQUINOX_PERMISSION)));
    }

    @Test
    public void aMissingPackageDoesNotWaitForThePolicy() {
        assertFalse(ResolutionFailure.waitsForPermission(resolve(FELIX_PACKAGE)));
        assertFalse(ResolutionFailure.waitsForPermission(resolve(EQUINOX_PACKAGE_AND_PERMISSION)));
    }

    @Test
    public void hintsNameTheCauseOnBothFrameworks() {
        assertTrue(ResolutionFailure.hint(resolve(FELIX_PERMISSION)).contains("policy.json"));
        assertTrue(ResolutionFailure.hint(resolve(EQUINOX_PERMISSION)).contains("policy.json"));
        assertTrue(ResolutionFailure.hint(resolve(FELIX_PACKAGE)).contains("package the plugin imports"));
        assertTrue(ResolutionFailure.hint(resolve("Could not resolve module: io.example.p [47]\n"
                + "  Unresolved requirement: Import-Package: java.net.http\n")).contains("package the plugin imports"));
    }
}
