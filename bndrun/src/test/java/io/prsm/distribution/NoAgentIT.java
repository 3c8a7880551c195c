package io.prsm.distribution;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.Test;

/**
 * The runtime in a JVM without the entitlement agent (an embedder who cannot load one): it says
 * so at start and in {@code prsm:policy}, refuses a sandbox plugin naming why and what to do, and
 * runs it only once the policy accepts install-time checks only.
 */
public class NoAgentIT {

    private final String analytics = System.getProperty("prsm.sample.analytics");

    @Test
    public void withoutTheAgentUntrustedPluginsAreRefusedUnlessThePolicyAcceptsInstallTimeChecks() throws Exception {
        Path storage = PrsmProcess.freshFolder("no-agent");
        Path plugins = Files.createDirectories(storage.resolve("plugins"));
        PrsmProcess refused = batch(storage, plugins, "prsm:policy", "prsm:install file:" + analytics, "prsm:list");
        assertTrue(refused.stderr(), refused.stderr().contains("The PRSM entitlement agent is not loaded in this JVM"));
        assertTrue(refused.stdout(), refused.stdout().contains("entitlements: NOT ENFORCED (no agent in this JVM); "
                + "untrusted plugins are refused"));
        assertTrue(refused.stdout(), refused.stdout().contains("Policy revision 1: the defaults ("
                + storage.resolve("storage").resolve("policy.json") + " does not exist; write it and run prsm:policy "
                + "reload to change them)"));
        String both = refused.stdout() + refused.stderr();
        assertTrue(both, both.contains("the entitlement agent is not loaded in this JVM"));
        assertTrue(both, both.contains("\"without_agent\": \"install_time_checks\""));
        assertTrue(refused.stdout(), !refused.stdout().contains("analytics-dashboard") || refused.stdout()
                .lines().noneMatch(line -> line.contains("analytics-dashboard") && line.contains("ACTIVE")));

        Files.writeString(storage.resolve("storage").resolve("policy.json"),
                "{\"entitlements\": {\"without_agent\": \"install_time_checks\"}}");
        PrsmProcess accepted = batch(storage, plugins, "prsm:policy", "prsm:install file:" + analytics,
                "prsm:exec analytics-dashboard '{\"type\":\"get_metrics\"}'");
        assertEquals(accepted.stdout() + accepted.stderr(), 0, accepted.exitCode());
        assertTrue(accepted.stdout(), accepted.stdout().contains("entitlements: NOT ENFORCED (no agent in this JVM); "
                + "untrusted plugins are accepted with install-time checks only, as the policy says"));
        assertTrue(accepted.stdout(), accepted.stdout().contains("\"success\" : true"));
        assertTrue(accepted.stdout(), accepted.stdout().contains("Policy revision 1 from "
                + storage.resolve("storage").resolve("policy.json")));
    }

    private static PrsmProcess batch(Path storage, Path plugins, String... commands) throws Exception {
        PrsmProcess prsm = PrsmProcess.startWithoutAgent("--storage", storage.resolve("storage").toString(),
                "--plugins", plugins.toString(), "--batch", "-");
        for (String command : commands) {
            prsm.send(command);
        }
        prsm.closeInput();
        prsm.awaitExit();
        return prsm;
    }
}
