package io.prsm.sandbox.policy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.security.auth.x500.X500Principal;

import com.fasterxml.jackson.databind.JsonNode;

import io.prsm.limits.Quote;

/**
 * The {@code "repositories"} section of {@code policy.json}: per marketplace repository name (or
 * {@code "*"} for every repository without a rule of its own), the certificate subjects one of
 * which must have signed every jar installed from it.
 *
 * <pre>
 * "repositories": { "team": { "signed_by": ["CN=Example Corp, O=Example Inc"] }, "*": { "signed_by": [...] } }
 * </pre>
 *
 * <p>Concurrent semantics: immutable.
 *
 * @param signedBy per repository name (or {@code "*"}), the subjects accepted
 */
public record RepositoryRules(Map<String, List<String>> signedBy) {

    /** No rule: the repositories' own {@code --signed-by} alone decides. */
    public static final RepositoryRules NONE = new RepositoryRules(Map.of());

    static final String EVERY = "*";
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,63}");

    public RepositoryRules {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        signedBy.forEach((name, subjects) -> copy.put(name, List.copyOf(subjects)));
        signedBy = Map.copyOf(copy);
    }

    /** The subjects required for {@code repository}: its own rule, else the rule for every repository. */
    public List<String> requiredFor(String repository) {
        return signedBy.getOrDefault(repository, signedBy.getOrDefault(EVERY, List.of()));
    }

    /**
     * The rules as prsm:policy prints them: each repository by name (sorted, {@code "*"} last, as it
     * covers the rest) with its subjects; subjects hold commas, so they are joined with "or".
     */
    public String describe() {
        if (signedBy.isEmpty()) {
            return "no signer required (only what prsm:repo add --signed-by asks)";
        }
        return signedBy.keySet().stream().sorted(Comparator.comparing((String name) -> name.equals(EVERY))
                .thenComparing(Comparator.naturalOrder()))
                .map(name -> name + " signed by " + String.join(" or ", signedBy.get(name)))
                .collect(Collectors.joining("; "));
    }

    static RepositoryRules parse(JsonNode node, List<String> problems) {
        if (!node.isObject()) {
            problems.add("\"repositories\" must be an object from a repository name (as prsm:repo list shows it, or "
                    + "\"*\" for every repository) to {\"signed_by\": [\"CN=...\"]}");
            return NONE;
        }
        Map<String, List<String>> rules = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> entry = it.next();
            String where = "repositories." + Quote.prefix(entry.getKey());
            if (!EVERY.equals(entry.getKey()) && !NAME.matcher(entry.getKey()).matches()) {
                problems.add("\"repositories\": '" + Quote.prefix(entry.getKey()) + "' is not a repository name "
                        + "(lower-case letters, digits and dashes) nor \"*\"");
                continue;
            }
            JsonNode rule = entry.getValue();
            if (!rule.isObject() || rule.size() != 1 || !rule.has("signed_by") || !rule.get("signed_by").isArray()
                    || rule.get("signed_by").isEmpty()) {
                problems.add("\"" + where + "\" must be {\"signed_by\": [\"CN=...\"]} with at least one certificate "
                        + "subject; to require no signer, leave the repository out");
                continue;
            }
            List<String> subjects = new ArrayList<>();
            for (JsonNode subject : rule.get("signed_by")) {
                if (!subject.isTextual() || !isSubject(subject.asText())) {
                    problems.add("\"" + where + ".signed_by\": " + Quote.prefix(subject.toString()) + " is not a "
                            + "certificate subject; give an X.500 name such as \"CN=Example Corp, O=Example Inc\", as "
                            + "keytool -list -v prints it after Owner:");
                } else {
                    subjects.add(subject.asText().strip());
                }
            }
            rules.put(entry.getKey(), subjects);
        }
        return new RepositoryRules(rules);
    }

    private static boolean isSubject(String text) {
        try {
            new X500Principal(text);
            return !text.isBlank();
        } catch (IllegalArgumentException malformed) {
            return false;
        }
    }
}
