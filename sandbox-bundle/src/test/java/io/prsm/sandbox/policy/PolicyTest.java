package io.prsm.sandbox.policy;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.prsm.api.SecurityLevel;

public class PolicyTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private final PolicyParser parser = new PolicyParser();

    private Policy parse(String json) {
        PolicyParser.Result result = parser.parse(json);
        assertTrue(result.problems().toString(), result.valid());
        return result.policy();
    }

    private void assertProblem(String json, String fragment) {
        PolicyParser.Result result = parser.parse(json);
        assertFalse("expected a problem with " + fragment, result.valid());
        assertNull(result.policy());
        assertTrue(result.problems().toString(), result.problems().stream().anyMatch(p -> p.contains(fragment)));
    }

    @Test
    public void defaultsLetTheAnalyticsSampleRunAndTrustNobody() {
        Policy defaults = PolicyParser.defaults();
        assertTrue(defaults.grant("analytics-dashboard", SecurityLevel.SANDBOX, "read_analytics_data").allowed());
        assertTrue(defaults.grant("analytics-dashboard", SecurityLevel.SANDBOX, "write_dashboard_config").allowed());
        assertFalse(defaults.grant("x", SecurityLevel.ISOLATED, "write_dashboard_config").allowed());
        assertFalse(defaults.trust("anything", Set.of()).allowed());
    }

    @Test
    public void undefinedPermissionIsNeverGranted() {
        Decision decision = PolicyParser.defaults().grant("x", SecurityLevel.TRUSTED, "launch_missiles");
        assertFalse(decision.allowed());
        assertTrue(decision.reason(), decision.reason().contains("not defined by the policy"));
    }

    @Test
    public void pluginRulesOverrideTheLevel() {
        Policy policy = parse("{\"permissions\":[\"read_analytics_data\",\"admin_access\"],"
                + "\"plugins\":{\"dash\":{\"grant\":[\"admin_access\"],\"deny\":[\"read_analytics_data\"]}}}");
        assertTrue(policy.grant("dash", SecurityLevel.SANDBOX, "admin_access").allowed());
        Decision denied = policy.grant("dash", SecurityLevel.SANDBOX, "read_analytics_data");
        assertFalse(denied.allowed());
        assertTrue(denied.reason(), denied.reason().contains("plugins.dash.deny"));
        Decision other = policy.grant("other", SecurityLevel.SANDBOX, "admin_access");
        assertFalse(other.allowed());
        assertTrue(other.reason(), other.reason().contains("plugins.other.grant"));
        assertTrue(policy.grant("other", SecurityLevel.SANDBOX, "read_analytics_data").allowed());
    }

    @Test
    public void trustNeedsThePolicyAndTheRightSigner() {
        Policy policy = parse("{\"trusted\":{\"hooks\":\"CN=Example Corp\",\"tools\":\"\"}}");
        assertTrue(policy.trust("tools", Set.of()).allowed());
        assertTrue(policy.trust("hooks", Set.of("CN=Example Corp")).allowed());
        Decision unsigned = policy.trust("hooks", Set.of());
        assertFalse(unsigned.allowed());
        assertTrue(unsigned.reason(), unsigned.reason().contains("unsigned"));
        Decision stranger = policy.trust("stranger", Set.of());
        assertTrue(stranger.reason(), stranger.reason().contains("add it to \"trusted\""));
    }

    @Test
    public void packageWiringFollowsTheLevel() {
        Policy policy = PolicyParser.defaults();
        assertTrue(policy.wire(SecurityLevel.SANDBOX, "com.fasterxml.jackson.databind").allowed());
        assertTrue(policy.wire(SecurityLevel.SANDBOX, "io.prsm.api").allowed());
        assertFalse(policy.wire(SecurityLevel.ISOLATED, "com.fasterxml.jackson.databind").allowed());
        assertFalse(policy.wire(SecurityLevel.SANDBOX, "org.osgi.service.cm").allowed());
        assertFalse(policy.wire(SecurityLevel.SANDBOX, "io.prsm.apiary").allowed());
        assertTrue(policy.wire(SecurityLevel.TRUSTED, "org.osgi.framework.hooks.service").allowed());
    }

    @Test
    public void policyCannotOpenForbiddenPackages() {
        assertProblem("{\"levels\":{\"sandbox\":{\"packages\":[\"org.osgi.*\"]}}}", "never allowed");
        assertProblem("{\"levels\":{\"isolated\":{\"packages\":[\"org.osgi.framework.hooks.resolver\"]}}}",
                "never allowed");
    }

    @Test
    public void theJdkAllowListIsExtendedPerLevelAndMalformedEntriesAreReported() {
        PolicyParser.Result parsed = new PolicyParser().parse("{\"levels\":{\"sandbox\":{\"allow\":"
                + "[\"java.util.logging.Logger getLogger info\"]}}}");
        assertTrue(parsed.problems().toString(), parsed.valid());
        assertEquals(java.util.List.of("java.util.logging.Logger getLogger info"),
                parsed.policy().allow().get(io.prsm.api.SecurityLevel.SANDBOX));
        assertProblem("{\"levels\":{\"sandbox\":{\"allow\":[\"java.util.logging.Logger\"]}}}",
                "levels.sandbox.allow entry \"java.util.logging.Logger\": name the members");
        assertProblem("{\"levels\":{\"isolated\":{\"allow\":\"java.net.URI *\"}}}", "must be a list");
        assertProblem("{\"levels\":{\"sandbox\":{\"alow\":[]}}}", "Unknown field \"levels.sandbox.alow\"");
        assertProblem("{\"levels\":{\"sandbox\":{\"packages\":[\"io.prsm.*\"]}}}", "io.prsm.platform.*");
    }

    @Test
    public void malformedPoliciesAreReportedWithWhereAndWhat() {
        assertProblem("{ not json", "not valid JSON");
        assertProblem("[]", "must hold a JSON object");
        assertProblem("{\"permisions\":[]}", "Unknown section \"permisions\"");
        assertProblem("{\"levels\":{\"trusted\":{}}}", "only sandbox and isolated have rules");
        assertProblem("{\"permissions\":[\"a\"],\"levels\":{\"sandbox\":{\"grantable\":[\"b\"]}}}",
                "levels.sandbox.grantable\": b is not in \"permissions\"");
        assertProblem("{\"plugins\":{\"x\":{\"grant\":[\"read_analytics_data\"],\"deny\":[\"read_analytics_data\"]}}}",
                "both grants and denies");
        assertProblem("{\"permissions\":[\"Bad Name\"]}", "is not a valid name");
    }

    @Test
    public void aTokenMayExpire() {
        String token = "a-caller-token-of-some-length";
        Policy policy = parse("{\"tokens\":{\"reader\":{\"token\":\"" + token + "\",\"permissions\":[\"x_read\"],"
                + "\"expires\":\"2027-01-31T00:00:00Z\"},\"service\":{\"token\":\"another-token-of-some-length\","
                + "\"permissions\":[]}}}");
        ApiToken reader = policy.authenticate(token).orElseThrow();
        assertFalse(reader.expiredAt(Instant.parse("2027-01-30T23:59:59Z")));
        assertTrue(reader.expiredAt(Instant.parse("2027-01-31T00:00:00Z")));
        assertFalse("without expires a token does not expire",
                policy.authenticate("another-token-of-some-length").orElseThrow().expiredAt(Instant.MAX));
    }

    @Test
    public void aMalformedOrMisspeltExpiryIsRefused() {
        assertProblem("{\"tokens\":{\"reader\":{\"token\":\"a-caller-token-of-some-length\",\"permissions\":[],"
                + "\"expires\":\"next week\"}}}", "\"tokens.reader.expires\" must be a UTC time such as 2027-01-31T00:00:00Z");
        assertProblem("{\"tokens\":{\"reader\":{\"token\":\"a-caller-token-of-some-length\",\"permissions\":[],"
                + "\"expire\":\"2027-01-31T00:00:00Z\"}}}", "Unknown field \"tokens.reader.expire\"");
    }

    @Test
    public void malformedFileKeepsThePolicyInForce() throws Exception {
        PolicyHolder holder = new PolicyHolder(PolicyParser.defaults());
        Path file = folder.getRoot().toPath().resolve("policy.json");
        Files.writeString(file, "{\"permissions\":[\"read_analytics_data\",\"admin_access\"],"
                + "\"levels\":{\"sandbox\":{\"grantable\":[\"admin_access\"]}}}");
        assertTrue(holder.load(file).applied());
        PolicyHolder.Snapshot good = holder.current();
        assertEquals(1, good.revision());
        assertTrue(good.policy().grant("p", SecurityLevel.SANDBOX, "admin_access").allowed());

        Files.writeString(file, "{\"permissions\": [");
        PolicyHolder.Reload broken = holder.load(file);
        assertFalse(broken.applied());
        assertTrue(broken.problems().toString(), broken.problems().get(0).contains("not valid JSON"));
        assertEquals("the policy in force is kept", good, holder.current());

        Files.delete(file);
        assertTrue(holder.load(file).applied());
        assertEquals(PolicyParser.defaults(), holder.current().policy());
        assertEquals(2, holder.current().revision());
    }

    @Test
    public void aRepositoryRuleNamesItsSignersAndTheStarRuleCoversTheOthers() {
        Policy policy = parse("{\"repositories\":{\"team\":{\"signed_by\":[\"CN=Team, O=Example\"]},"
                + "\"*\":{\"signed_by\":[\"CN=Example Corp\",\"CN=Other\"]}}}");
        assertEquals(java.util.List.of("CN=Team, O=Example"), policy.repositories().requiredFor("team"));
        assertEquals(java.util.List.of("CN=Example Corp", "CN=Other"), policy.repositories().requiredFor("anyone"));
        assertEquals(java.util.List.of(), PolicyParser.defaults().repositories().requiredFor("team"));
        assertEquals(java.util.List.of(), parse("{\"repositories\":{\"team\":{\"signed_by\":[\"CN=T\"]}}}")
                .repositories().requiredFor("anyone"));
    }

    @Test
    public void prsmPolicyDescribesTheRepositoryRulesWithTheStarRuleLast() {
        Policy policy = parse("{\"repositories\":{\"*\":{\"signed_by\":[\"CN=Example Corp\",\"CN=Other\"]},"
                + "\"team\":{\"signed_by\":[\"CN=Team, O=Example\"]},\"anyone\":{\"signed_by\":[\"CN=A\"]}}}");
        assertEquals("anyone signed by CN=A; team signed by CN=Team, O=Example; * signed by CN=Example Corp or "
                + "CN=Other", policy.repositories().describe());
        assertEquals("no signer required (only what prsm:repo add --signed-by asks)",
                PolicyParser.defaults().repositories().describe());
    }

    @Test
    public void aRepositoryRuleWithoutAValidSubjectIsRefusedSayingWhatToWrite() {
        assertProblem("{\"repositories\":{\"team\":{\"signed_by\":[\"not a subject\"]}}}",
                "\"repositories.team.signed_by\": \"not a subject\" is not a certificate subject");
        assertProblem("{\"repositories\":{\"team\":{\"signed_by\":[]}}}", "with at least one certificate subject");
        assertProblem("{\"repositories\":{\"Team!\":{\"signed_by\":[\"CN=T\"]}}}", "is not a repository name");
        assertProblem("{\"repositories\":[]}", "\"repositories\" must be an object");
    }
}
