package io.prsm.sandbox.bytecode;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;

import org.xml.sax.Attributes;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

import io.prsm.limits.Quote;

/**
 * The classes an untrusted plugin names for the platform to construct: its {@code Bundle-Activator},
 * which the framework makes, and the {@code implementation class} of each component its
 * {@code Service-Component} descriptors declare, which Declarative Services makes. Each must be one
 * of the plugin's own classes. The platform constructs them on its own threads, with no frame of
 * the plugin on the stack, so a JDK or library class named there (a {@code FileHandler}, a
 * {@code DatagramSocket}, a {@code Timer}) would act as the platform, outside every check of the
 * plugin; the plugin's own classes are scanned and woven, and what their constructors do is theirs.
 * A class file of a package the loader finds elsewhere first ({@code java.*}, boot delegation,
 * an import) is not the plugin's own, whatever its jar holds under that name.
 * {@code SPI-Provider} and {@code SPI-Consumer} (Aries SPI Fly constructs the providers a bundle
 * lists, and rewrites its consumers' calls) are refused below trusted for the same reason.
 *
 * <p>This is a manifest rule, not the bytecode scan's: it refuses whatever the scan's mode. A
 * descriptor that cannot be read is refused (fail closed).
 *
 * <p>Concurrent semantics: stateless.
 */
final class ClassesItNames {

    /** The largest component descriptor read; a real one is a few KiB. */
    private static final int DESCRIPTOR_BYTES = 1 << 20;

    /** The plugin's jar, as far as this asks: whether it holds a file, its files in a folder, a file's bytes. */
    interface Entries {
        boolean holds(String path);

        /** The files directly in {@code folder} (ending in {@code /}, or empty for the root), sorted. */
        List<String> filesIn(String folder) throws IOException;

        byte[] read(String path) throws IOException;
    }

    private ClassesItNames() {
    }

    /**
     * What is wrong with the classes a plugin's manifest names for the platform to construct, each
     * problem saying what to change; empty when nothing is.
     *
     * @param headers the manifest's main attributes
     */
    static List<String> problems(Map<String, String> headers, Entries entries, Predicate<String> delegated) {
        List<String> problems = new ArrayList<>();
        Predicate<String> notItsOwn = delegated.or(imported(headers.get("Import-Package")));
        for (String header : List.of("SPI-Provider", "SPI-Consumer")) {
            if (headers.get(header) != null) {
                problems.add("it declares " + header + ", so Aries SPI Fly would construct or rewrite classes for it as "
                        + "the platform; below the trusted level a plugin may not; remove the header.");
            }
        }
        String activator = headers.get("Bundle-Activator");
        if (activator != null && !ownClass(activator.trim(), entries, notItsOwn)) {
            problems.add("its Bundle-Activator " + Quote.prefix(activator.trim(), 200) + " is not one of its own classes "
                    + "(the framework would construct it as the platform); name a class of the plugin's jar.");
        }
        String components = headers.get("Service-Component");
        if (components != null) {
            for (String descriptor : descriptors(components, entries, problems)) {
                for (String implementation : implementations(descriptor, entries, problems)) {
                    if (!ownClass(implementation, entries, notItsOwn)) {
                        problems.add("its component " + Quote.prefix(descriptor, 200) + " names implementation class "
                                + Quote.prefix(implementation, 200) + ", which is not one of its own classes "
                                + "(Declarative Services would construct it as the platform, outside the plugin's "
                                + "checks); implement each component with a class of the plugin's jar.");
                    }
                }
            }
        }
        return problems;
    }

    /**
     * Whether {@code className} is a class the bundle's loader finds in the jar itself: its class
     * file is there, and its package is neither one the loader asks elsewhere first (the JDK's
     * {@code java.*}, the framework's boot delegation, the bundle's imports) nor the default package.
     * A {@code java/util/Timer.class} in the jar is a decoy: the JDK's is the one loaded.
     */
    private static boolean ownClass(String className, Entries entries, Predicate<String> notItsOwn) {
        int dot = className.lastIndexOf('.');
        if (className.isEmpty() || dot <= 0) {
            return false;
        }
        String packageName = className.substring(0, dot);
        return !notItsOwn.test(packageName) && entries.holds(className.replace('.', '/') + ".class");
    }

    /**
     * The packages the framework's loaders ask their parent for first: {@code java.*} always, and
     * those {@code org.osgi.framework.bootdelegation} names ({@code a.b}, {@code a.b.*} or {@code *}).
     */
    static Predicate<String> delegatedBy(String bootDelegation) {
        List<String> names = new ArrayList<>();
        if (bootDelegation != null) {
            for (String name : bootDelegation.split(",")) {
                if (!name.isBlank()) {
                    names.add(name.trim());
                }
            }
        }
        return packageName -> packageName.equals("java") || packageName.startsWith("java.")
                || names.stream().anyMatch(name -> name.equals("*") || name.equals(packageName)
                        || name.endsWith(".*") && packageName.startsWith(name.substring(0, name.length() - 1)));
    }

    /** The packages {@code Import-Package} names: an import wins over the bundle's own entries. */
    private static Predicate<String> imported(String importPackage) {
        List<String> names = new ArrayList<>();
        if (importPackage != null) {
            // a clause's names come before its first ';', several may share its attributes; quoted values hold no name
            for (String clause : importPackage.replaceAll("\"[^\"]*\"", "").split(",")) {
                for (String name : clause.split(";")) {
                    if (!name.contains("=") && !name.isBlank()) {
                        names.add(name.trim());
                    }
                }
            }
        }
        return names::contains;
    }

    /** The descriptor entries {@code Service-Component} lists, a {@code *} in the last segment matching as SCR does. */
    private static List<String> descriptors(String header, Entries entries, List<String> problems) {
        List<String> found = new ArrayList<>();
        for (String clause : header.split(",")) {
            String path = clause.split(";", 2)[0].trim();
            if (path.startsWith("/")) {
                path = path.substring(1);
            }
            if (path.isEmpty()) {
                continue;
            }
            int slash = path.lastIndexOf('/');
            String last = path.substring(slash + 1);
            if (last.contains("*")) {
                String folder = path.substring(0, slash + 1);
                Pattern name = Pattern.compile(Pattern.quote(last).replace("*", "\\E[^/]*\\Q"));
                try {
                    entries.filesIn(folder).stream()
                            .filter(entry -> name.matcher(entry.substring(folder.length())).matches()).forEach(found::add);
                } catch (IOException unreadable) {
                    problems.add("its Service-Component folder " + Quote.prefix(folder, 200) + " cannot be listed ("
                            + Quote.prefix(String.valueOf(unreadable.getMessage()), 200) + ").");
                }
            } else if (entries.holds(path)) {
                found.add(path);
            } else {
                problems.add("its Service-Component names " + Quote.prefix(path, 200) + ", which is not in its jar; "
                        + "list only the component descriptors the jar holds.");
            }
        }
        return found;
    }

    /** The {@code implementation class} of every component in one descriptor, read with no DTD and no entity. */
    private static List<String> implementations(String descriptor, Entries entries, List<String> problems) {
        List<String> classes = new ArrayList<>();
        try {
            byte[] xml = entries.read(descriptor);
            if (xml.length > DESCRIPTOR_BYTES) {
                throw new IOException("it is larger than " + Quote.bytes(DESCRIPTOR_BYTES));
            }
            SAXParserFactory factory = SAXParserFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.newSAXParser().parse(new ByteArrayInputStream(xml), new DefaultHandler() {
                @Override
                public void startElement(String uri, String localName, String qName, Attributes attributes) {
                    if ("implementation".equals(localName)) {
                        String type = attributes.getValue("class");
                        classes.add(type == null ? "" : type.trim());
                    }
                }
            });
        } catch (IOException | SAXException | ParserConfigurationException | RuntimeException unreadable) {
            problems.add("its component descriptor " + Quote.prefix(descriptor, 200) + " cannot be read ("
                    + Quote.prefix(String.valueOf(unreadable.getMessage()), 200) + "), so the classes it names cannot "
                    + "be checked; fix the XML (no DOCTYPE).");
        }
        return classes;
    }
}
