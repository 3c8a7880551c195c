package io.prsm.runtime.plugins;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

/** A refused install's audit entry names a target even when the manifest was never read. */
public class JarTargetTest {

    @Test
    public void targetIsTheJarsFileNameFromAPathOrUrl() {
        assertEquals("greeter-1.0.0.jar", JarTarget.fileName("/tmp/build/greeter-1.0.0.jar"));
        assertEquals("greeter-1.0.0.jar", JarTarget.fileName("file:///tmp/greeter-1.0.0.jar"));
        assertEquals("x.jar", JarTarget.fileName("https://example.org/a/x.jar?token=1#top"));
        assertEquals("(no jar given)", JarTarget.fileName(" "));
    }
}
