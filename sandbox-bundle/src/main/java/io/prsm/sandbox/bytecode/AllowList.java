package io.prsm.sandbox.bytecode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.prsm.api.SecurityLevel;

/**
 * What untrusted plugin code may link against in the JDK, per level: the entries shipped in
 * {@code jdk-allow-list.txt} (beside this class; its header describes the syntax) plus those the
 * operator's policy adds per level. A reference to a JDK class or member no entry allows is refused;
 * a refusal ({@code -} line) wins over every entry, and also refuses members of the libraries a
 * level may wire. {@code trusted} has no list: trusted code is not scanned.
 *
 * <p>Concurrent semantics: immutable; the per-level rules cache their answers in concurrent maps.
 */
public final class AllowList {

    private static final String RESOURCE = "jdk-allow-list.txt";
    private static final Set<SecurityLevel> UNTRUSTED = EnumSet.of(SecurityLevel.SANDBOX, SecurityLevel.ISOLATED);

    private final Map<SecurityLevel, AllowRules> levels;
    private final String fingerprint;

    private AllowList(Map<SecurityLevel, AllowRules> levels, String fingerprint) {
        this.levels = levels;
        this.fingerprint = fingerprint;
    }

    /** The shipped list alone. */
    public static AllowList standard() {
        return withExtensions(Map.of());
    }

    /**
     * The shipped list with the operator's entries for each level added.
     *
     * @throws IllegalArgumentException if an added entry is malformed (the message says which and why)
     */
    public static AllowList withExtensions(Map<SecurityLevel, List<String>> added) {
        List<String> shipped = shipped();
        Map<SecurityLevel, AllowRulesBuilder> builders = new EnumMap<>(SecurityLevel.class);
        for (SecurityLevel level : UNTRUSTED) {
            builders.put(level, new AllowRulesBuilder(level));
        }
        List<String> problems = new ArrayList<>();
        read(shipped, RESOURCE, builders, null, problems);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("The shipped allow-list is malformed: " + problems);
        }
        StringBuilder digest = new StringBuilder(String.join("\n", shipped));
        for (SecurityLevel level : UNTRUSTED) {
            List<String> lines = added.getOrDefault(level, List.of());
            read(lines, "levels." + level.id() + ".allow", builders, level, problems);
            digest.append("\n[").append(level.id()).append("]\n").append(String.join("\n", lines));
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        Map<SecurityLevel, AllowRules> levels = new EnumMap<>(SecurityLevel.class);
        builders.forEach((level, builder) -> levels.put(level, builder.build()));
        return new AllowList(levels, sha256(digest.toString()));
    }

    /** The problems of entries an operator wants to add at {@code level}; empty when they are well formed. */
    public static List<String> problems(SecurityLevel level, List<String> lines) {
        Map<SecurityLevel, AllowRulesBuilder> builders = new EnumMap<>(SecurityLevel.class);
        builders.put(level, new AllowRulesBuilder(level));
        List<String> problems = new ArrayList<>();
        read(lines, "levels." + level.id() + ".allow", builders, level, problems);
        return problems;
    }

    /** The rules of an untrusted level. */
    public AllowRules rules(SecurityLevel level) {
        AllowRules rules = levels.get(level);
        if (rules == null) {
            throw new IllegalArgumentException("Level " + level.id() + " has no allow-list: its code is not scanned");
        }
        return rules;
    }

    /** A digest of every entry in force: a scan verdict reached under another list is not reused. */
    public String fingerprint() {
        return fingerprint;
    }

    private static void read(List<String> lines, String source, Map<SecurityLevel, AllowRulesBuilder> builders,
            SecurityLevel only, List<String> problems) {
        Set<SecurityLevel> section = only == null ? EnumSet.copyOf(UNTRUSTED) : EnumSet.of(only);
        int number = 0;
        for (String raw : lines) {
            number++;
            String line = raw.strip();
            int comment = line.indexOf('#');
            if (comment >= 0) {
                line = line.substring(0, comment).strip();
            }
            if (line.isEmpty()) {
                continue;
            }
            String where = source + (only == null ? " line " + number : " entry \"" + raw.strip() + "\"");
            if (line.startsWith("[")) {
                if (only != null || !line.endsWith("]")) {
                    problems.add(where + ": a section header belongs in the shipped list only");
                    continue;
                }
                section = EnumSet.noneOf(SecurityLevel.class);
                for (String name : line.substring(1, line.length() - 1).trim().split("\\s+")) {
                    SecurityLevel level = SecurityLevel.fromId(name).filter(UNTRUSTED::contains).orElse(null);
                    if (level == null) {
                        problems.add(where + ": '" + name + "' is not sandbox or isolated");
                    } else {
                        section.add(level);
                    }
                }
                continue;
            }
            for (SecurityLevel level : section) {
                String problem = builders.get(level).add(line);
                if (problem != null) {
                    problems.add(where + ": " + problem);
                    break;
                }
            }
        }
    }

    private static List<String> shipped() {
        try (InputStream in = AllowList.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the gatekeeper bundle");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("Every JDK has SHA-256", impossible);
        }
    }
}
