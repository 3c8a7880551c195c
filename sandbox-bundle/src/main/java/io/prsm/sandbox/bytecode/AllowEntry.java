package io.prsm.sandbox.bytecode;

import java.util.ArrayList;
import java.util.List;

/**
 * The members the entries for one class (or package) allow at one level: every member
 * ({@code *}) but the exclusions, and the members named. A member named in any entry is allowed even
 * when another entry's {@code *} excludes it. Patterns: an exact name; a name ending or starting
 * with {@code *} (by prefix or suffix); {@code name(desc} matching the member name followed by the
 * start of its descriptor.
 *
 * <p>Concurrent semantics: built by one thread, then only read.
 */
final class AllowEntry {

    private boolean all;
    private final List<String> named = new ArrayList<>();
    private final List<String> excluded = new ArrayList<>();

    void allowAll() {
        all = true;
    }

    void allow(String pattern) {
        named.add(pattern);
    }

    void exclude(String pattern) {
        excluded.add(pattern);
    }

    /** Whether the entries allow {@code member} with {@code descriptor}. */
    boolean allows(String member, String descriptor) {
        for (String pattern : named) {
            if (matches(pattern, member, descriptor)) {
                return true;
            }
        }
        if (!all) {
            return false;
        }
        for (String pattern : excluded) {
            if (matches(pattern, member, descriptor)) {
                return false;
            }
        }
        return true;
    }

    /** Whether every member is allowed: such a type may be extended or implemented. */
    boolean unrestricted() {
        return all && named.containsAll(excluded);
    }

    /** Whether the entries exclude {@code member} by name, without knowing the class's members. */
    boolean excludes(String member, String descriptor) {
        return all && !allows(member, descriptor);
    }

    /** Whether some pattern of these entries matches by descriptor, so a member's descriptor must be read. */
    boolean byDescriptor() {
        return named.stream().anyMatch(pattern -> pattern.indexOf('(') >= 0)
                || excluded.stream().anyMatch(pattern -> pattern.indexOf('(') >= 0);
    }

    /** Whether only named members are allowed (no {@code *}). */
    boolean namedOnly() {
        return !all;
    }

    static boolean matches(String pattern, String member, String descriptor) {
        int paren = pattern.indexOf('(');
        if (paren >= 0) {
            return pattern.regionMatches(0, member, 0, member.length()) && paren == member.length()
                    && descriptor != null && descriptor.startsWith(pattern.substring(paren));
        }
        if (pattern.length() > 1 && pattern.endsWith("*")) {
            return member.startsWith(pattern.substring(0, pattern.length() - 1));
        }
        if (pattern.length() > 1 && pattern.startsWith("*")) {
            return member.endsWith(pattern.substring(1));
        }
        return pattern.equals(member);
    }

    /** Whether {@code pattern} is a member pattern this class understands. */
    static boolean wellFormed(String pattern) {
        String name = pattern.startsWith("!") ? pattern.substring(1) : pattern;
        int paren = name.indexOf('(');
        String bare = paren >= 0 ? name.substring(0, paren) : name;
        if (bare.equals("<init>")) {
            return true;
        }
        String core = bare.startsWith("*") ? bare.substring(1) : bare.endsWith("*") ? bare.substring(0, bare.length() - 1)
                : bare;
        return !core.isEmpty() && core.chars().allMatch(c -> Character.isJavaIdentifierPart(c) || c == '$');
    }
}
