package io.prsm.runtime.plugins;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.apache.felix.utils.manifest.Attribute;
import org.apache.felix.utils.manifest.Clause;
import org.apache.felix.utils.manifest.Directive;
import org.apache.felix.utils.manifest.Parser;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.Version;
import org.osgi.framework.VersionRange;

import io.prsm.limits.Quote;

/**
 * The OSGi headers of a plugin's manifest checked the way the framework checks them at install,
 * so that {@code prsm:validate} reports, one line each, what Felix or Equinox would refuse with a
 * bare "Could not create bundle object": a symbolic name or version that does not parse or is out
 * of range, a repeated attribute or directive, exporting {@code java.*} (importing it is fine
 * since OSGi R7, and bnd does), a package imported twice, version ranges and filters that do not
 * parse, capabilities in the framework's own namespaces. The plugin contract itself is
 * {@link ManifestValidator}'s.
 *
 * <p>Concurrent semantics: stateless.
 */
final class BundleHeaders {

    private static final Pattern SYMBOLIC_NAME = Pattern.compile("[\\w-]+(\\.[\\w-]+)*");
    private static final Pattern TYPED = Pattern.compile("(String|Version|Long|Double|List<(String|Version|Long|Double)>|List)");

    private BundleHeaders() {
    }

    /** What the framework would refuse in {@code headers} (names in any case). */
    static List<String> problems(Map<String, String> headers) {
        List<String> problems = new ArrayList<>();
        String manifestVersion = header(headers, "Bundle-ManifestVersion");
        if (manifestVersion == null || !manifestVersion.trim().equals("2")) {
            problems.add("Bundle-ManifestVersion is " + (manifestVersion == null ? "missing" : "'"
                    + Quote.prefix(manifestVersion) + "'") + "; a plugin is an OSGi bundle with Bundle-ManifestVersion: 2 "
                    + "(bnd writes it).");
        }
        symbolicName(header(headers, "Bundle-SymbolicName"), problems);
        String version = header(headers, "Bundle-Version");
        if (version != null) {
            version(version, "Bundle-Version", problems);
        }
        importPackage(header(headers, "Import-Package"), problems);
        exportPackage(header(headers, "Export-Package"), problems);
        for (String name : List.of("DynamicImport-Package", "Require-Bundle")) {
            ranges(name, header(headers, name), problems);
        }
        if (header(headers, "Fragment-Host") != null) {
            // a fragment lives in its host's class space; a framework extension on the framework's class path
            problems.add("The manifest has Fragment-Host: a plugin is a bundle of its own, never a fragment or a "
                    + "framework extension; remove the header.");
        }
        parse("Bundle-ClassPath", header(headers, "Bundle-ClassPath"), problems);
        nativeCode(header(headers, "Bundle-NativeCode"), problems);
        activationPolicy(header(headers, "Bundle-ActivationPolicy"), problems);
        for (String name : CLAUSE_HEADERS) {
            String value = header(headers, name);
            if (value != null && value.isBlank()) {
                problems.add(name + " is empty, which Equinox refuses; give it a value or remove it.");
            }
        }
        capabilities("Provide-Capability", header(headers, "Provide-Capability"), problems);
        capabilities("Require-Capability", header(headers, "Require-Capability"), problems);
        return problems;
    }

    private static void symbolicName(String header, List<String> problems) {
        if (header == null) {
            return; // ManifestValidator says what to do about a missing one
        }
        Clause[] clauses = parse("Bundle-SymbolicName", header, problems);
        if (clauses == null) {
            return;
        }
        if (clauses.length != 1) {
            problems.add("Bundle-SymbolicName names " + clauses.length + " bundles; a bundle has exactly one symbolic "
                    + "name.");
            return;
        }
        standard(clauses[0], "Bundle-SymbolicName", problems);
        if (!SYMBOLIC_NAME.matcher(clauses[0].getName()).matches()) {
            problems.add("Bundle-SymbolicName '" + Quote.prefix(clauses[0].getName()) + "' is not a symbolic name: use "
                    + "letters, digits, _ and - in dot-separated parts, for example com.example.plugin.");
        }
    }

    private static void version(String text, String where, List<String> problems) {
        try {
            Version.parseVersion(text.trim());
        } catch (IllegalArgumentException malformed) {
            problems.add(where + " '" + Quote.prefix(text) + "' is not an OSGi version: write major.minor.micro with "
                    + "numbers up to 2147483647 and an optional qualifier, for example 1.0.0.");
        }
    }

    private static void range(String text, String where, List<String> problems) {
        try {
            new VersionRange(unquote(text));
        } catch (IllegalArgumentException malformed) {
            problems.add(where + " '" + Quote.prefix(text) + "' is not a version range: write 1.0 (at least), "
                    + "[1.0,2.0) or (1.0,2.0], with numbers up to 2147483647.");
        }
    }

    private static void importPackage(String header, List<String> problems) {
        Clause[] clauses = parse("Import-Package", header, problems);
        if (clauses == null) {
            return;
        }
        Set<String> imported = new HashSet<>();
        for (Clause clause : clauses) {
            String where = "Import-Package " + Quote.prefix(clause.getName());
            standard(clause, where, problems);
            if (!imported.add(clause.getName())) {
                problems.add(where + " is imported twice; import each package once.");
            }
            for (Attribute attribute : clause.getAttributes()) {
                if (attribute.getName().equals("version") || attribute.getName().equals("specification-version")
                        || attribute.getName().equals("bundle-version")) {
                    range(attribute.getValue(), where + " " + attribute.getName(), problems);
                }
            }
        }
    }

    private static void exportPackage(String header, List<String> problems) {
        Clause[] clauses = parse("Export-Package", header, problems);
        if (clauses == null) {
            return;
        }
        for (Clause clause : clauses) {
            String where = "Export-Package " + Quote.prefix(clause.getName());
            standard(clause, where, problems);
            if (clause.getName().startsWith("java.")) {
                problems.add(where + ": a bundle does not export java.* packages; remove it.");
            }
            for (Attribute attribute : clause.getAttributes()) {
                switch (attribute.getName()) {
                    case "version", "specification-version" -> version(unquote(attribute.getValue()),
                            where + " " + attribute.getName(), problems);
                    case "bundle-symbolic-name", "bundle-version" -> problems.add(where + " sets "
                            + attribute.getName() + ", which only the framework may set; remove it.");
                    default -> {
                        // any other attribute is the exporter's to choose
                    }
                }
            }
        }
    }

    private static void ranges(String name, String header, List<String> problems) {
        Clause[] clauses = parse(name, header, problems);
        if (clauses == null) {
            return;
        }
        for (Clause clause : clauses) {
            String where = name + " " + Quote.prefix(clause.getName());
            standard(clause, where, problems);
            for (Attribute attribute : clause.getAttributes()) {
                if (attribute.getName().equals("version") || attribute.getName().equals("bundle-version")) {
                    range(attribute.getValue(), where + " " + attribute.getName(), problems);
                }
            }
        }
    }

    private static void capabilities(String name, String header, List<String> problems) {
        Clause[] clauses = parse(name, header, problems);
        if (clauses == null) {
            return;
        }
        for (Clause clause : clauses) {
            String where = name + " " + Quote.prefix(clause.getName());
            repeated(clause, where, problems);
            if (clause.getName().startsWith("osgi.wiring.")) {
                problems.add(where + ": the osgi.wiring namespaces are the framework's own; use Import-Package, "
                        + "Require-Bundle or Fragment-Host instead.");
            }
            for (Attribute attribute : clause.getAttributes()) {
                typed(attribute, where, problems);
            }
            for (Directive directive : clause.getDirectives()) {
                if (directive.getName().equals("filter") && name.equals("Require-Capability")) {
                    try {
                        FrameworkUtil.createFilter(directive.getValue());
                    } catch (InvalidSyntaxException malformed) {
                        problems.add(where + " filter '" + Quote.prefix(directive.getValue()) + "' is not an LDAP "
                                + "filter: " + Quote.prefix(malformed.getMessage(), 120) + ".");
                    }
                }
            }
        }
    }

    /** A typed attribute such as {@code memory:Long=268435456} must hold a value of its type. */
    private static void typed(Attribute attribute, String where, List<String> problems) {
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
    /** Headers of clauses: present but empty, Equinox refuses them. */
    private static final List<String> CLAUSE_HEADERS = List.of("Bundle-SymbolicName", "Import-Package", "Export-Package",
            "DynamicImport-Package", "Require-Bundle", "Bundle-ClassPath", "Bundle-NativeCode", "Bundle-ActivationPolicy",
            "Provide-Capability", "Require-Capability");
    private static final Set<String> NATIVE_ATTRIBUTES = Set.of("osname", "osversion", "processor", "language",
            "selection-filter");

    /**
     * What every clause of a standard header (not a capability) must hold: each attribute and
     * directive once, typed attributes of their type, version-like attributes untyped.
     */
    private static void standard(Clause clause, String where, List<String> problems) {
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

    private static void nativeCode(String header, List<String> problems) {
        Clause[] clauses = parse("Bundle-NativeCode", header, problems);
        if (clauses == null) {
            return;
        }
        if (java.util.Arrays.stream(clauses).allMatch(clause -> clause.getName().equals("*"))) {
            problems.add("Bundle-NativeCode names no native library, only the optional marker *.");
        }
        for (Clause clause : clauses) {
            for (Attribute attribute : clause.getAttributes()) {
                if (!NATIVE_ATTRIBUTES.contains(attribute.getName())) {
                    problems.add("Bundle-NativeCode " + Quote.prefix(clause.getName()) + " has attribute "
                            + Quote.prefix(attribute.getName()) + "; a native code clause has only " + NATIVE_ATTRIBUTES
                            + ".");
                }
            }
        }
    }

    private static void activationPolicy(String header, List<String> problems) {
        Clause[] clauses = parse("Bundle-ActivationPolicy", header, problems);
        if (clauses != null && (clauses.length != 1 || !clauses[0].getName().equals("lazy")
                || clauses[0].getAttributes().length > 0)) {
            problems.add("Bundle-ActivationPolicy '" + Quote.prefix(header) + "' is not an activation policy: the only "
                    + "one is lazy (with include:= or exclude:= directives); DS plugins need none.");
        }
    }

    /** The framework refuses a clause that sets one attribute or directive twice. */
    private static void repeated(Clause clause, String where, List<String> problems) {
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

    private static Clause[] parse(String name, String header, List<String> problems) {
        if (header == null || header.isBlank()) {
            return null;
        }
        if (unbalancedQuotes(header)) {
            problems.add(name + " has a quotation mark that is never closed; let bnd write it.");
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

    private static String unquote(String value) {
        String trimmed = value.trim();
        return trimmed.length() >= 2 && trimmed.startsWith("\"") && trimmed.endsWith("\"")
                ? trimmed.substring(1, trimmed.length() - 1) : trimmed;
    }

    private static String header(Map<String, String> headers, String name) {
        String exact = headers.get(name);
        if (exact != null) {
            return exact;
        }
        for (Map.Entry<String, String> header : headers.entrySet()) {
            if (header.getKey().equalsIgnoreCase(name)) {
                return header.getValue();
            }
        }
        return null;
    }
}
