package io.prsm.runtime.plugins;

import static org.junit.Assert.assertTrue;

import org.junit.Test;

/** Snapshots carry PRSM's version as the build wrote it, not the plugin contract's. */
public class ProductVersionTest {

    @Test
    public void versionIsTheProjectsAsTheBuildWroteIt() {
        String version = ProductVersion.read();
        assertTrue(version, version.matches("\\d+\\.\\d+\\.\\d+(-[A-Za-z0-9.]+)?"));
    }
}
