package io.prsm.runtime.plugins;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.apache.felix.utils.manifest.Attribute;
import org.apache.felix.utils.manifest.Clause;
import org.apache.felix.utils.manifest.Directive;
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
    /** A dynamic import: a package name, one ending in {@code .*}, or {@code *} (Equinox refuses a quoted one). */
    private static final Pattern DYNAMIC_IMPORT = Pattern.compile(
            "\\*|\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*(\\.\\p{javaJavaIdentifierStart}"
                    + "\\p{javaJavaIdentifierPart}*)*(\\.\\*)?");
    /** Headers of clauses: present but empty, Equinox refuses them. */
    private static final List<String> CLAUSE_HEADERS = List.of("Bundle-SymbolicName", "Import-Package", "Export-Package",
            "DynamicImport-Package", "Require-Bundle", "Bundle-ClassPath", "Bundle-NativeCode", "Bundle-ActivationPolicy",
            "Provide-Capability", "Require-Capability");
    private static final Set<String> NATIVE_ATTRIBUTES = Set.of("osname", "osversion", "processor", "language",
            "selection-filter");

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
        HeaderClauses.parse("Bundle-ClassPath", header(headers, "Bundle-ClassPath"), problems);
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
        Clause[] clauses = HeaderClauses.parse("Bundle-SymbolicName", header, problems);
        if (clauses == null) {
            return;
        }
        if (clauses.length != 1) {
            problems.add("Bundle-SymbolicName names " + clauses.length + " bundles; a bundle has exactly one symbolic "
                    + "name.");
            return;
        }
        HeaderClauses.standard(clauses[0], "Bundle-SymbolicName", problems);
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
            new VersionRange(HeaderClauses.unquote(text));
        } catch (IllegalArgumentException malformed) {
            problems.add(where + " '" + Quote.prefix(text) + "' is not a version range: write 1.0 (at least), "
                    + "[1.0,2.0) or (1.0,2.0], with numbers up to 2147483647.");
        }
    }

    private static void importPackage(String header, List<String> problems) {
        Clause[] clauses = HeaderClauses.parse("Import-Package", header, problems);
        if (clauses == null) {
            return;
        }
        Set<String> imported = new HashSet<>();
        for (Clause clause : clauses) {
            String where = "Import-Package " + Quote.prefix(clause.getName());
            HeaderClauses.standard(clause, where, problems);
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
        Clause[] clauses = HeaderClauses.parse("Export-Package", header, problems);
        if (clauses == null) {
            return;
        }
        for (Clause clause : clauses) {
            String where = "Export-Package " + Quote.prefix(clause.getName());
            HeaderClauses.standard(clause, where, problems);
            if (clause.getName().startsWith("java.")) {
                problems.add(where + ": a bundle does not export java.* packages; remove it.");
            }
            for (Attribute attribute : clause.getAttributes()) {
                switch (attribute.getName()) {
                    case "version", "specification-version" -> version(HeaderClauses.unquote(attribute.getValue()),
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
        Clause[] clauses = HeaderClauses.parse(name, header, problems);
        if (clauses == null) {
            return;
        }
        for (Clause clause : clauses) {
            String where = name + " " + Quote.prefix(clause.getName());
            HeaderClauses.standard(clause, where, problems);
            if (name.equals("DynamicImport-Package") && !DYNAMIC_IMPORT.matcher(clause.getName().trim()).matches()) {
                problems.add(where + " is not a package name, a name ending in .* or *, which Equinox refuses; write "
                        + "it unquoted, for example com.example.*.");
            }
            for (Attribute attribute : clause.getAttributes()) {
                if (attribute.getName().equals("version") || attribute.getName().equals("bundle-version")) {
                    range(attribute.getValue(), where + " " + attribute.getName(), problems);
                }
            }
        }
    }

    private static void capabilities(String name, String header, List<String> problems) {
        Clause[] clauses = HeaderClauses.parse(name, header, problems);
        if (clauses == null) {
            return;
        }
        for (Clause clause : clauses) {
            String where = name + " " + Quote.prefix(clause.getName());
            HeaderClauses.repeated(clause, where, problems);
            if (clause.getName().startsWith("osgi.wiring.")) {
                problems.add(where + ": the osgi.wiring namespaces are the framework's own; use Import-Package, "
                        + "Require-Bundle or Fragment-Host instead.");
            }
            for (Attribute attribute : clause.getAttributes()) {
                HeaderClauses.typed(attribute, where, problems);
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

    private static void nativeCode(String header, List<String> problems) {
        Clause[] clauses = HeaderClauses.parse("Bundle-NativeCode", header, problems);
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
        Clause[] clauses = HeaderClauses.parse("Bundle-ActivationPolicy", header, problems);
        if (clauses != null && (clauses.length != 1 || !clauses[0].getName().equals("lazy")
                || clauses[0].getAttributes().length > 0)) {
            problems.add("Bundle-ActivationPolicy '" + Quote.prefix(header) + "' is not an activation policy: the only "
                    + "one is lazy (with include:= or exclude:= directives); DS plugins need none.");
        }
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
