package io.prsm.sandbox.bytecode;

import java.util.Set;

import io.prsm.api.SecurityLevel;

/**
 * One forbidden API: a class (or, when {@code owner} ends with {@code /}, a package and its
 * subpackages) and optionally the members of it that are forbidden. Members are method or field
 * names, {@code <init>} for constructors and {@code <extends>} for subclassing; a member starting
 * with {@code *} matches by suffix, one ending with it by prefix. No members means every use of the class.
 *
 * @param owner internal name of a class, or a package prefix ending in {@code /}
 * @param members forbidden members, or empty for all
 * @param reason what using it would give the plugin, for example {@code file system access}
 * @param levels the levels that forbid it
 */
public record DenyRule(String owner, Set<String> members, String reason, Set<SecurityLevel> levels) {

    public DenyRule {
        members = Set.copyOf(members);
        levels = Set.copyOf(levels);
    }

    /** Whether a use of {@code member} of class {@code className} (internal name) is this rule's. */
    boolean matches(String className, String member) {
        boolean ownerMatches = owner.endsWith("/") ? className.startsWith(owner) : className.equals(owner);
        if (!ownerMatches) {
            return false;
        }
        if (members.isEmpty()) {
            return true;
        }
        for (String pattern : members) {
            boolean matched = pattern.startsWith("*") ? member.endsWith(pattern.substring(1))
                    : pattern.endsWith("*") ? member.startsWith(pattern.substring(0, pattern.length() - 1))
                            : member.equals(pattern);
            if (matched) {
                return true;
            }
        }
        return false;
    }
}
