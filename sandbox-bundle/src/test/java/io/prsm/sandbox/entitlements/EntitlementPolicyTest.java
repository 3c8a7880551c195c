package io.prsm.sandbox.entitlements;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.Test;

import io.prsm.sandbox.policy.EntitlementPolicy;
import io.prsm.sandbox.policy.PluginEntitlements;
import io.prsm.sandbox.policy.PluginEntitlements.FileEntry;
import io.prsm.sandbox.policy.PolicyParser;

public class EntitlementPolicyTest {

    private final PolicyParser parser = new PolicyParser();

    @Test
    public void withoutASectionTheLayerEnforcesAndGrantsNothing() {
        EntitlementPolicy entitlements = parser.parse("{}").policy().entitlements();
        assertFalse(entitlements.audit());
        assertFalse(entitlements.installTimeChecksOnly());
        assertEquals(PluginEntitlements.NONE, entitlements.granted("any"));
    }

    @Test
    public void theSectionIsReadWithItsModesAndGrants() {
        EntitlementPolicy entitlements = parser.parse("{\"entitlements\": {\"mode\": \"audit\", \"without_agent\": "
                + "\"install_time_checks\", \"grants\": {\"csv\": {\"files\": [{\"path\": \"in\", \"mode\": \"read\"}], "
                + "\"outbound_network\": [\"*.example.org:443\"], \"inbound_network\": [\"8085\"], "
                + "\"manage_threads\": true}}}}").policy().entitlements();
        assertTrue(entitlements.audit());
        assertTrue(entitlements.installTimeChecksOnly());
        assertEquals(new PluginEntitlements(List.of(new FileEntry("in", false)), List.of("*.example.org:443"),
                List.of("8085"), true), entitlements.granted("csv"));
    }

    @Test
    public void eachMistakeIsNamedWithWhatToWrite() {
        List<String> problems = parser.parse("{\"entitlements\": {\"mode\": \"lenient\", \"grants\": {\"csv\": "
                + "{\"files\": [{\"path\": \"in\"}], \"outbound_network\": [\"no port\"], \"threads\": true}}}}").problems();
        assertEquals(problems.toString(), 4, problems.size());
        assertTrue(problems.get(0), problems.get(0).contains("\"enforce\" or \"audit\""));
        assertTrue(problems.toString(), problems.stream().anyMatch(p -> p.contains("Unknown field \"entitlements.grants.csv.threads\"")));
        assertTrue(problems.toString(), problems.stream().anyMatch(p -> p.contains("\"mode\" of \"read\" or \"read_write\"")));
        assertTrue(problems.toString(), problems.stream().anyMatch(p -> p.contains("is not host:port")));
    }

    @Test
    public void inForceIsWhatThePluginDeclaresAndThePolicyGrants() {
        PluginEntitlements declared = new PluginEntitlements(List.of(new FileEntry("in", true), new FileEntry("/x", false)),
                List.of("a:1", "b:2"), List.of("80"), true);
        PluginEntitlements granted = new PluginEntitlements(List.of(new FileEntry("in", false)), List.of("b:2", "c:3"),
                List.of(), false);
        PluginEntitlements inForce = PluginEntitlements.inForce(declared, granted);
        assertEquals(List.of(new FileEntry("in", false)), inForce.files());
        assertEquals(List.of("b:2"), inForce.outbound());
        assertTrue(inForce.inbound().isEmpty());
        assertFalse(inForce.manageThreads());
    }

    @Test
    public void aSuggestionIsThePolicyEntryForWhatWasUsed() {
        String suggestion = Suggestion.of("csv", Set.of(Act.of(Operation.FILE_READ, "/srv/in"),
                Act.of(Operation.FILE_WRITE, "/srv/out"), Act.of(Operation.CONNECT, "api.example.org:443"),
                Act.of(Operation.PROCESS, "id")));
        assertTrue(suggestion, suggestion.contains("\"path\" : \"/srv/out\""));
        assertTrue(suggestion, suggestion.contains("\"mode\" : \"read_write\""));
        assertTrue(suggestion, suggestion.contains("\"api.example.org:443\""));
        assertTrue(suggestion, suggestion.contains("No entitlement allows these below trusted: process id"));
        assertTrue(Suggestion.of("csv", Set.of()).contains("did nothing"));
    }
}
