package io.prsm.sandbox.bytecode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.prsm.api.SecurityLevel;
import io.prsm.sandbox.bytecode.AllowRulesBuilder.Refusal;
import io.prsm.sandbox.bytecode.AllowRulesBuilder.Tree;

/**
 * The allow-list of one level, indexed for the scan: entries by class, by package, by package
 * tree, and the refusals. Each question is answered from maps, and the answers that need the
 * JDK's own description of a class (its supertypes, its members) or a descriptor walk are kept, so
 * a scan asks each at most once per class or descriptor.
 *
 * <p>Concurrent semantics: immutable once built; answers are cached in concurrent maps (bounded:
 * past {@value #CACHE_LIMIT} entries an answer is worked out again instead of kept).
 */
public final class AllowRules {

    private static final int CACHE_LIMIT = 100_000;
    private static final Set<String> OBJECT_MEMBERS = Set.of("equals", "hashCode", "toString", "getClass", "wait",
            "notify", "notifyAll");
    private final SecurityLevel level;
    private final Map<String, AllowEntry> classes;
    private final Map<String, AllowEntry> packages;
    private final List<Tree> trees;
    private final Map<String, List<Refusal>> classRefusals;
    private final List<Refusal> packageRefusals;
    private final JdkTypes jdk = new JdkTypes();
    private final Map<String, String> descriptorVerdicts = new ConcurrentHashMap<>();
    private final Map<String, Boolean> extensible = new ConcurrentHashMap<>();
    /** What the list says about each class a scan met, so a reference costs one map read. */
    private final Map<String, Owner> owners = new ConcurrentHashMap<>();

    /**
     * One class as the list sees it: the refusals naming it, whether it is the JDK's, its entry, and
     * its JDK supertypes whose entries restrict members (worked out on first need).
     */
    private final class Owner {
        final List<Refusal> refusals;
        final boolean jdk;
        final AllowEntry entry;
        volatile List<String> restrictedAncestors;
        volatile Boolean byDescriptor;

        Owner(String name) {
            List<Refusal> found = new ArrayList<>(classRefusals.getOrDefault(name, List.of()));
            for (Refusal refusal : packageRefusals) {
                if (name.startsWith(refusal.target())) {
                    found.add(refusal);
                }
            }
            this.refusals = List.copyOf(found);
            this.jdk = JdkTypes.isJdk(name);
            this.entry = jdk ? entry(name) : null;
        }

        List<String> restrictedAncestors(String name) {
            List<String> known = restrictedAncestors;
            if (known == null) {
                known = findRestrictedAncestors(name);
                restrictedAncestors = known;
            }
            return known;
        }
    }

    /**
     * Whether the answer about a member of {@code owner} can depend on the member's descriptor (an
     * entry or refusal for it, or for a supertype it inherits from, names one): only then must the
     * scan read it.
     */
    public boolean needsDescriptor(String owner) {
        Owner known = owner(owner);
        Boolean answer = known.byDescriptor;
        if (answer == null) {
            boolean needed = known.entry != null && known.entry.byDescriptor()
                    || known.refusals.stream().anyMatch(refusal -> refusal.members().stream()
                            .anyMatch(pattern -> pattern.indexOf('(') >= 0));
            if (known.jdk && !needed) {
                for (String ancestor : known.restrictedAncestors(owner)) {
                    AllowEntry inherited = entry(ancestor);
                    needed |= inherited != null && inherited.byDescriptor();
                }
            }
            answer = needed;
            known.byDescriptor = answer;
        }
        return answer;
    }

    private Owner owner(String name) {
        Owner known = owners.get(name);
        if (known == null) {
            known = new Owner(name);
            if (owners.size() < CACHE_LIMIT) {
                owners.put(name, known);
            }
        }
        return known;
    }

    AllowRules(AllowRulesBuilder builder) {
        this.level = builder.level;
        this.classes = Map.copyOf(builder.classes);
        this.packages = Map.copyOf(builder.packages);
        this.trees = builder.longestTreesFirst();
        this.classRefusals = builder.classRefusals();
        this.packageRefusals = builder.packageRefusals();
    }

    public SecurityLevel level() {
        return level;
    }

    /**
     * Why plugin code at this level may not use {@code member} (with {@code descriptor}, or null
     * for a use of the class itself) of class {@code owner} (internal name), or null when it may.
     * The answer names the entry that is missing.
     */
    public String refusal(String owner, String member, String descriptor) {
        Owner known = owner(owner);
        Refusal refused = refusalMatching(known, member, descriptor);
        if (refused != null) {
            return refused(refused);
        }
        if (!known.jdk) {
            return null;
        }
        if (known.entry == null) {
            return missing(owner, null);
        }
        if (member == null) {
            return null;
        }
        if (!OBJECT_MEMBERS.contains(member) && !known.entry.allows(member, descriptor)) {
            return missing(owner, member);
        }
        String ancestor = restrictingAncestor(known, owner, member, descriptor);
        return ancestor == null ? null : "inherited from " + dotted(ancestor) + ", and not on the " + level.id()
                + " allow-list for it (\"" + dotted(ancestor) + " " + member + "\" is missing)";
    }

    /**
     * Whether plugin code at this level may use {@code member} of {@code owner}: {@link #refusal}
     * without its message, for the scan's many questions whose answer is yes.
     */
    public boolean allows(String owner, String member, String descriptor) {
        Owner known = owner(owner);
        if (!known.refusals.isEmpty() && refusalMatching(known, member, descriptor) != null) {
            return false;
        }
        if (!known.jdk) {
            return true;
        }
        if (known.entry == null) {
            return false;
        }
        if (member == null) {
            return true;
        }
        if (!OBJECT_MEMBERS.contains(member) && !known.entry.allows(member, descriptor)) {
            return false;
        }
        return restrictingAncestor(known, owner, member, descriptor) == null;
    }

    private static Refusal refusalMatching(Owner known, String member, String descriptor) {
        for (Refusal refusal : known.refusals) {
            if (refusal.members().isEmpty() || member != null
                    && refusal.members().stream().anyMatch(p -> AllowEntry.matches(p, member, descriptor))) {
                return refusal;
            }
        }
        return null;
    }

    /** The JDK supertype through which {@code member} is inherited and restricted, or null. */
    private String restrictingAncestor(Owner known, String owner, String member, String descriptor) {
        if (member.equals("<init>")) {
            return null;
        }
        for (String ancestor : known.restrictedAncestors(owner)) {
            if (deniesInherited(ancestor, entry(ancestor), member, descriptor)) {
                return ancestor;
            }
        }
        return null;
    }

    /**
     * Why a member whose descriptor is {@code descriptor} may not be used: it returns (a method) or
     * holds (a field) a JDK type no entry allows, so using it would hand the plugin an object of a
     * type it may not have. Parameter types need no check: to pass such an object a plugin must
     * first have one, and every way to get one (a return, a field, a cast, a constructor, a class
     * literal, a type of its own extending it) is checked where it happens.
     */
    public String descriptorRefusal(String descriptor) {
        int start = descriptor.lastIndexOf(')') + 1;
        while (start < descriptor.length() && descriptor.charAt(start) == '[') {
            start++;
        }
        if (start >= descriptor.length() || descriptor.charAt(start) != 'L') {
            return null;
        }
        String known = descriptorVerdicts.get(descriptor);
        if (known == null) {
            known = judgeType(descriptor.substring(start + 1, descriptor.length() - 1));
            if (descriptorVerdicts.size() < CACHE_LIMIT) {
                descriptorVerdicts.put(descriptor, known);
            }
        }
        return known.isEmpty() ? null : known;
    }

    private String judgeType(String type) {
        return allows(type, null, null) ? "" : "it hands out " + dotted(type) + ", which is " + refusal(type, null, null);
    }

    /**
     * Whether a plugin class may extend or implement JDK type {@code owner}: only one whose every
     * member (and every inherited one) is allowed, so no restricted member is reached through the
     * plugin's own class. Types outside the JDK are for the resolver and the refusals to judge.
     */
    public boolean extensible(String owner) {
        if (!JdkTypes.isJdk(owner)) {
            return true;
        }
        return extensible.computeIfAbsent(owner, type -> {
            AllowEntry entry = entry(type);
            if (entry == null || !entry.unrestricted()) {
                return false;
            }
            for (String ancestor : jdk.supertypes(type)) {
                AllowEntry inherited = entry(ancestor);
                if (inherited == null || !inherited.unrestricted()) {
                    return false;
                }
            }
            return true;
        });
    }

    private List<String> findRestrictedAncestors(String owner) {
        List<String> found = new ArrayList<>();
        for (String ancestor : jdk.supertypes(owner)) {
            AllowEntry inherited = entry(ancestor);
            // a JDK supertype without an entry restricts everything it declares
            if (inherited == null || !inherited.unrestricted()) {
                found.add(ancestor);
            }
        }
        return List.copyOf(found);
    }

    private boolean deniesInherited(String ancestor, AllowEntry inherited, String member, String descriptor) {
        if (OBJECT_MEMBERS.contains(member) || inherited != null && inherited.allows(member, descriptor)) {
            return false;
        }
        if (inherited != null && !inherited.namedOnly()) {
            return inherited.excludes(member, descriptor);
        }
        Optional<Set<String>> declared = jdk.declaredMembers(ancestor);
        return declared.isEmpty() || declared.get().contains(member);
    }

    private AllowEntry entry(String owner) {
        AllowEntry entry = classes.get(owner);
        if (entry != null) {
            return entry;
        }
        int slash = owner.lastIndexOf('/');
        String packageName = slash < 0 ? "" : owner.substring(0, slash);
        entry = packages.get(packageName);
        if (entry != null) {
            return entry;
        }
        for (Tree tree : trees) {
            if (owner.startsWith(tree.prefix())) {
                return tree.entry();
            }
        }
        return null;
    }

    private String refused(Refusal refusal) {
        return "refused by the " + level.id() + " allow-list (\"- " + dotted(refusal.target())
                + (refusal.members().isEmpty() ? "" : " " + String.join(" ", refusal.members())) + "\")";
    }

    private String missing(String owner, String member) {
        return "not on the " + level.id() + " allow-list (\"" + dotted(owner) + (member == null ? "" : " " + member)
                + "\" is missing)";
    }

    static String dotted(String internalName) {
        return internalName.replace('/', '.');
    }
}
