package io.prsm.sandbox.hooks;

import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;

import java.net.URL;
import java.net.URLClassLoader;
import java.time.Instant;
import java.util.Map;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import io.prsm.api.hooks.HookEvent;
import io.prsm.api.hooks.HookHandler;

/** A hook handler's code runs with its plugin's loader as the context loader, as a task's does. */
public class HookBridgeContextLoaderTest {

    private static final HookEvent EVENT = new HookEvent("user_login", Map.of(), "test", Instant.EPOCH);

    /** Stands for the hook thread's own loader (none in the bridge's pool): distinct from the handler's. */
    private final ClassLoader platform = new URLClassLoader(new URL[0], null);
    private ClassLoader before;

    @Before
    public void setPlatformLoader() {
        before = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(platform);
    }

    @After
    public void restoreLoader() {
        Thread.currentThread().setContextClassLoader(before);
    }

    @Test
    public void aHandlerSeesItsPluginsLoaderAndTheThreadsOwnIsPutBack() {
        ClassLoader[] seen = new ClassLoader[1];
        HookHandler handler = event -> seen[0] = Thread.currentThread().getContextClassLoader();
        assertNull(HookBridge.handle(handler, EVENT));
        assertSame(handler.getClass().getClassLoader(), seen[0]);
        assertSame(platform, Thread.currentThread().getContextClassLoader());
    }

    @Test
    public void aHandlerThatChangesTheLoaderAndThrowsLeavesTheThreadsOwn() {
        ClassLoader elsewhere = new URLClassLoader(new URL[0], null);
        HookHandler handler = event -> {
            Thread.currentThread().setContextClassLoader(elsewhere);
            throw new IllegalStateException("failed on purpose");
        };
        assertNotNull(HookBridge.handle(handler, EVENT));
        assertSame(platform, Thread.currentThread().getContextClassLoader());
    }
}
