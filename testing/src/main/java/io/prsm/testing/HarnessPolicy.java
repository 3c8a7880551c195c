package io.prsm.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The policy a {@link PluginHarness} runs its plugin under: what the test set, plus the tokens
 * the harness issues, each carrying exactly the permissions a request asks for, written to the
 * storage folder's {@code policy.json}.
 *
 * <p>Concurrent semantics: not thread-safe; the harness's test thread drives it.
 */
final class HarnessPolicy {

    /** The permission of the harness's own requests (plugin info, tasks). */
    static final String ADMIN = "prsm_admin";

    private final ObjectMapper mapper;
    private final ObjectNode policy;
    private final Map<Set<String>, String> tokens = new HashMap<>();
    private final SecureRandom random = new SecureRandom();

    HarnessPolicy(ObjectMapper mapper) {
        this.mapper = mapper;
        this.policy = mapper.createObjectNode();
    }

    /** Merges {@code policyJson} (a JSON object) into the policy; refuses anything else. */
    void merge(String policyJson) {
        try {
            JsonNode parsed = mapper.readTree(policyJson);
            if (!(parsed instanceof ObjectNode object)) {
                throw new IllegalArgumentException("The policy must be a JSON object");
            }
            policy.setAll(object);
        } catch (IOException malformed) {
            throw new IllegalArgumentException("The policy is not valid JSON: " + malformed.getMessage(), malformed);
        }
    }

    /** Lets plugin {@code pluginId} run at the trusted level. */
    void trust(String pluginId) {
        policy.withObject("/trusted").put(pluginId, "");
    }

    /** The token issued for exactly {@code permissions}, or null if none is yet. */
    String token(Set<String> permissions) {
        return tokens.get(permissions);
    }

    /** Issues a new token for exactly {@code permissions}; the policy must be written to hold it. */
    String issue(Set<String> permissions) {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        String token = HexFormat.of().formatHex(bytes);
        tokens.put(Set.copyOf(permissions), token);
        return token;
    }

    /** Writes the policy with every issued token to {@code storage}'s {@code policy.json}. */
    void write(Path storage) throws IOException {
        ObjectNode written = policy.deepCopy();
        ObjectNode issued = written.putObject("tokens");
        int number = 0;
        for (Map.Entry<Set<String>, String> token : tokens.entrySet()) {
            ObjectNode entry = issued.putObject("harness-" + number++);
            entry.put("token", token.getValue());
            new TreeSet<>(token.getKey()).forEach(entry.withArray("permissions")::add);
        }
        Files.writeString(storage.resolve("policy.json"), mapper.writerWithDefaultPrettyPrinter()
                .writeValueAsString(written));
    }
}
