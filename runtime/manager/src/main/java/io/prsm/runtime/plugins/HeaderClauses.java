package io.prsm.runtime.plugins;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import org.apache.felix.utils.manifest.Attribute;
import org.apache.felix.utils.manifest.Clause;
import org.apache.felix.utils.manifest.Directive;
import org.apache.felix.utils.manifest.Parser;
import org.osgi.framework.Version;

import io.prsm.limits.Quote;

/**
 * The clause syntax shared by every OSGi header {@link BundleHeaders} checks: parsing a header
 * into clauses the way the frameworks do (and refusing what Felix utils' parser lets through but
 * Equinox does not), each attribute and directive once, typed attributes holding their type.
 *
 * <p>Concurrent semantics: stateless.
 */
final class HeaderClauses {

    private HeaderClauses() {
    }

    private static final Pattern TYPED = Pattern.compile("(String|Version|Long|Double|List<(String|Version|Long|Double)>|List)");

    /** A typed attribute such as {@code memory:Long=268435456} must hold a value of its type. */
    static void typed(Attribute attribute, String where, List<String> problems) {
        int colon = attribute.getName().indexOf(':');
        if (colon < 0) {
            return;
        }
        String type = attribute.getName().substring(colon + 1).trim();
        String what = where + " attribute " + Quote.prefix(attribute.getName());
        if (!TYPED.matcher(type).matches()) {
            problems.add(what + ": the type must be String, Version, Long, Double or List<...> of them.");
            return;
        }
        String element = type.startsWith("List<") ? type.substring(5, type.length() - 1) : type;
        List<String> values = type.startsWith("List") ? List.of(unquote(attribute.getValue()).split(","))
                : List.of(unquote(attribute.getValue()));
        for (String value : values) {
            try {
                switch (element) {
                    case "Version" -> Version.parseVersion(value.trim());
                    case "Long" -> Long.parseLong(value.trim());
                    case "Double" -> Double.parseDouble(value.trim());
                    default -> {
                        // a string is any text
                    }
                }
            } catch (IllegalArgumentException malformed) {
                problems.add(what + ": '" + Quote.prefix(value) + "' is not a " + element + ".");
                return;
            }
        }
    }

    /** The frameworks read these attributes as text: typed ({@code version:Version=1}), they fail the install. */
    private static final Set<String> TEXT_ATTRIBUTES = Set.of("version", "specification-version", "bundle-version",
            "bundle-symbolic-name");
    /**
     * What every clause of a standard header (not a capability) must hold: each attribute and
     * directive once, typed attributes of their type, version-like attributes untyped.
     */
    static void standard(Clause clause, String where, List<String> problems) {
        repeated(clause, where, problems);
        for (Attribute attribute : clause.getAttributes()) {
            int colon = attribute.getName().indexOf(':');
            if (colon >= 0 && TEXT_ATTRIBUTES.contains(attribute.getName().substring(0, colon).trim())) {
                problems.add(where + " attribute " + Quote.prefix(attribute.getName()) + ": write it without a type, "
                        + "as " + attribute.getName().substring(0, colon).trim() + "=...");
            } else {
                typed(attribute, where, problems);
            }
        }
    }

    /** The framework refuses a clause that sets one attribute or directive twice. */
    static void repeated(Clause clause, String where, List<String> problems) {
        Set<String> names = new HashSet<>();
        for (Attribute attribute : clause.getAttributes()) {
            String name = attribute.getName();
            int colon = name.indexOf(':');
            if (!names.add((colon < 0 ? name : name.substring(0, colon)).trim().toLowerCase(Locale.ROOT))) {
                problems.add(where + " sets attribute " + Quote.prefix(name) + " twice; keep one.");
            }
        }
        names.clear();
        for (Directive directive : clause.getDirectives()) {
            if (!names.add(directive.getName().trim().toLowerCase(Locale.ROOT))) {
                problems.add(where + " sets directive " + Quote.prefix(directive.getName()) + " twice; keep one.");
            }
        }
    }

    static Clause[] parse(String name, String header, List<String> problems) {
        if (header == null || header.isBlank()) {
            return null;
        }
        if (unbalancedQuotes(header)) {
            problems.add(name + " has a quotation mark that is never closed; let bnd write it.");
            return null;
        }
        String colon = colonWithoutParameters(header);
        if (colon != null) {
            problems.add(name + " clause '" + Quote.prefix(colon) + "' has a ':' in a name but no attribute or "
                    + "directive, which Felix refuses (\"Unable to parse header\"); let bnd write it.");
            return null;
        }
        try {
            Clause[] clauses = Parser.parseHeader(header);
            for (Clause clause : clauses) {
                if (clause.getName().isBlank()) {
                    problems.add(name + " has a clause without a name; remove the stray ';' or ','.");
                    return null;
                }
            }
            return clauses;
        } catch (RuntimeException malformed) {
            // Felix utils' parser answers some malformed text with an index out of bounds, not a parse error
            problems.add(name + " does not parse (" + Quote.prefix(String.valueOf(malformed.getMessage()), 120)
                    + "); let bnd write it.");
            return null;
        }
    }

    /**
     * A clause (between commas outside quotes) whose names hold a ':' while it has no {@code =}:
     * Felix's parser reads the ':' as the start of a typed attribute or a directive and refuses
     * the header when none follows; Felix utils' parser takes it as part of the name. Null if none.
     */
    private static String colonWithoutParameters(String header) {
        boolean quoted = false;
        boolean colon = false;
        boolean parameter = false;
        int start = 0;
        for (int i = 0; i <= header.length(); i++) {
            char c = i == header.length() ? ',' : header.charAt(i);
            if (c == '\\' && quoted) {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == ',') {
                if (colon && !parameter) {
                    return header.substring(start, Math.min(i, header.length())).trim();
                }
                colon = false;
                parameter = false;
                start = i + 1;
            } else if (!quoted && c == '=') {
                parameter = true;
            } else if (!quoted && c == ':' && !parameter) {
                colon = true;
            }
        }
        return null;
    }

    /** Felix utils' parser takes an unclosed quote to the end of the header; Equinox refuses it. */
    private static boolean unbalancedQuotes(String header) {
        boolean quoted = false;
        for (int i = 0; i < header.length(); i++) {
            char c = header.charAt(i);
            if (c == '\\' && quoted) {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            }
        }
        return quoted;
    }

    static String unquote(String value) {
        String trimmed = value.trim();
        return trimmed.length() >= 2 && trimmed.startsWith("\"") && trimmed.endsWith("\"")
                ? trimmed.substring(1, trimmed.length() - 1) : trimmed;
    }
}
