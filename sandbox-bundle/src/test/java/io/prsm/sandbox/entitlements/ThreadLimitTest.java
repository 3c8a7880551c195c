package io.prsm.sandbox.entitlements;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

import io.prsm.api.SecurityLevel;

public class ThreadLimitTest {

    @Test
    public void aPluginThatDeclaresNothingGetsTheOperatorsDefaultWithinItsLevelsCap() {
        assertEquals(new ThreadLimit(4, "prsm.plugin.threads 8, capped by containment.threads.sandbox 4 in "
                + "policy.json"), ThreadLimit.of(null, 8, SecurityLevel.SANDBOX, 4));
        assertEquals(new ThreadLimit(3, "prsm.plugin.threads 3; containment.threads.sandbox allows 4"),
                ThreadLimit.of(null, 3, SecurityLevel.SANDBOX, 4));
    }

    @Test
    public void aDeclaredLimitReplacesTheOperatorsDefaultButNotThePolicysCap() {
        assertEquals(new ThreadLimit(1, "declared 1; containment.threads.isolated allows 2"),
                ThreadLimit.of(1, 8, SecurityLevel.ISOLATED, 2));
        assertEquals(new ThreadLimit(2, "declared 50, capped by containment.threads.isolated 2 in policy.json"),
                ThreadLimit.of(50, 8, SecurityLevel.ISOLATED, 2));
    }

    @Test
    public void anInvalidDeclarationFailsClosedToNoThread() {
        assertEquals(0, ThreadLimit.of(-1, 8, SecurityLevel.SANDBOX, 4).limit());
        assertEquals(-1, ThreadLimit.declared("many"));
        assertEquals(-1, ThreadLimit.declared(-3L));
        assertEquals(-1, ThreadLimit.declared(10_001L));
        assertEquals(-1, ThreadLimit.declared(null));
        assertEquals(6, ThreadLimit.declared(6L));
        assertEquals(6, ThreadLimit.declared(" 6"));
    }
}
