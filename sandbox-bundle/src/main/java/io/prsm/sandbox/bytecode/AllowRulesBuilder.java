package io.prsm.sandbox.bytecode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.prsm.api.SecurityLevel;

/**
 * Collects the lines of one level's allow-list, each checked as it is added, and indexes them for
 * {@link AllowRules}: entries by class, by package and by package tree, and the refusals.
 *
 * <p>Concurrent semantics: not thread-safe; built on one thread, then handed to {@link AllowRules}.
 */
final class AllowRulesBuilder {

    /** What a refusal line names, and the members it refuses (none: all). */
    record Refusal(String target, boolean prefix, List<String> members) {
    }

    /** A package tree entry: {@code java/time/} and everything below. */
    record Tree(String prefix, AllowEntry entry) {
    }

    final SecurityLevel level;
    final Map<String, AllowEntry> classes = new HashMap<>();
    final Map<String, AllowEntry> packages = new HashMap<>();
    private final List<Tree> trees = new ArrayList<>();
    private final List<Refusal> refusals = new ArrayList<>();

    AllowRulesBuilder(SecurityLevel level) {
        this.level = level;
    }

    /** Adds one line; returns what is wrong with it, or null. */
    String add(String line) {
        boolean refusal = line.startsWith("-");
        String[] words = (refusal ? line.substring(1) : line).trim().split("\\s+");
        String target = words[0];
        if (!target.matches("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)*(\\.\\*\\*?|\\.)?")) {
            return "'" + target + "' is not a class (java.util.Locale), a package (java.util.*) or a package tree "
                    + "(java.time.**)";
        }
        List<String> members = List.of(words).subList(1, words.length);
        for (String member : members) {
            if (!member.equals("*") && !AllowEntry.wellFormed(member)) {
                return "'" + member + "' is not a member pattern (name, <init>, name*, *name, name(desc, !pattern)";
            }
        }
        String internal = target.replace('.', '/');
        if (refusal) {
            if (target.endsWith("*")) {
                return "a refusal names a class, or a package with its subpackages ending in '.'";
            }
            refusals.add(new Refusal(internal, target.endsWith("."), List.copyOf(members)));
            return null;
        }
        if (target.endsWith(".")) {
            return "an entry names a class, a package (" + target + "*) or a package tree (" + target + "**)";
        }
        AllowEntry entry;
        if (target.endsWith(".**")) {
            String prefix = internal.substring(0, internal.length() - 2);
            entry = trees.stream().filter(tree -> tree.prefix().equals(prefix)).map(Tree::entry).findFirst()
                    .orElse(null);
            if (entry == null) {
                entry = new AllowEntry();
                trees.add(new Tree(prefix, entry));
            }
        } else if (target.endsWith(".*")) {
            entry = packages.computeIfAbsent(internal.substring(0, internal.length() - 2), p -> new AllowEntry());
        } else {
            entry = classes.computeIfAbsent(internal, c -> new AllowEntry());
        }
        if (members.isEmpty() && (target.endsWith("*"))) {
            entry.allowAll();
        }
        if (members.isEmpty() && !target.endsWith("*")) {
            return "name the members of " + target + " it allows, or * for all";
        }
        for (String member : members) {
            if (member.equals("*")) {
                entry.allowAll();
            } else if (member.startsWith("!")) {
                entry.exclude(member.substring(1));
            } else {
                entry.allow(member);
            }
        }
        return null;
    }

    AllowRules build() {
        return new AllowRules(this);
    }

    /** The package trees, the longest prefix first: the first that matches a class is the nearest. */
    List<Tree> longestTreesFirst() {
        List<Tree> sorted = new ArrayList<>(trees);
        sorted.sort(Comparator.comparingInt((Tree tree) -> tree.prefix().length()).reversed());
        return List.copyOf(sorted);
    }

    /** The refusals that name one class, by class. */
    Map<String, List<Refusal>> classRefusals() {
        Map<String, List<Refusal>> byClass = new HashMap<>();
        for (Refusal refusal : refusals) {
            if (!refusal.prefix()) {
                byClass.computeIfAbsent(refusal.target(), target -> new ArrayList<>()).add(refusal);
            }
        }
        byClass.replaceAll((target, list) -> List.copyOf(list));
        return Map.copyOf(byClass);
    }

    /** The refusals that name a package with its subpackages. */
    List<Refusal> packageRefusals() {
        return refusals.stream().filter(Refusal::prefix).toList();
    }
}
