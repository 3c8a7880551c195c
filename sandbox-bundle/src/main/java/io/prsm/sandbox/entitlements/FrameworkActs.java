package io.prsm.sandbox.entitlements;

import java.lang.reflect.Method;
import java.net.URL;
import java.util.List;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleReference;
import org.osgi.framework.wiring.BundleRevision;

/**
 * The acts of the OSGi framework's own sinks ({@code framework.*} in {@code io.prsm.agent.Sinks}),
 * and of URLs into a bundle's content: which bundle each is about, read only from the framework's
 * own objects. The JDK's sinks cannot see these acts: the framework starts bundles and reads their
 * content with its own code, and a plugin reaches its public methods by reflection through any
 * platform object it is handed.
 *
 * <p>A bundle's content is read in two ways: through a URL ({@code bundle:} and Equinox's two
 * protocols, opened at {@code URL.openConnection}), and through the framework's revision objects
 * (Felix's {@code BundleRevisionImpl.getContent} and {@code getInputStream}, Equinox's
 * {@code Generation.getBundleFile}), whose public methods hand out the entries' bytes with no URL
 * at all. Both are one act, {@link Operation#BUNDLE_CONTENT}, whose subject is the bundle id (null
 * when it cannot be told: refused).
 *
 * <p>Concurrent semantics: stateless.
 */
final class FrameworkActs {

    private FrameworkActs() {
    }

    /** @param sink the sink's name after {@code framework.}: {@code bundle:stop}, {@code content}, ... */
    static List<Act> describe(String sink, Object target) {
        int colon = sink.indexOf(':');
        String kind = colon < 0 ? sink : sink.substring(0, colon);
        String named = colon < 0 ? "-" : sink.substring(colon + 1);
        return switch (kind) {
            case "bundle" -> List.of(Act.of(Operation.FRAMEWORK, named + " " + bundleNamed(target)));
            // its own context is every bundle's to get; another's acts as that bundle
            case "context" -> List.of(new Act(Operation.FRAMEWORK, "hand out the BundleContext of "
                    + bundleNamed(target), target instanceof Bundle bundle && framework(bundle) ? bundle.getBundleId() : null));
            case "install" -> List.of(Act.of(Operation.FRAMEWORK, "install the bundle at " + SinkActs.named(target)));
            case "levels" -> List.of(Act.of(Operation.FRAMEWORK, "change start levels or refresh bundles (" + named + ")"));
            case "content" -> revisionContent(target);
            // a framework sink this bundle does not know (an agent newer than it): fail closed
            default -> List.of(Act.of(Operation.FRAMEWORK, sink));
        };
    }

    /** Reading a bundle's entries through a URL of the framework's bundle protocols, whose host names the bundle. */
    static List<Act> bundleUrl(String host, URL url) {
        Long bundleId = bundleOf(host);
        return List.of(new Act(Operation.BUNDLE_CONTENT, (bundleId == null ? "an unknown bundle" : "bundle " + bundleId)
                + " through " + url, bundleId));
    }

    /** Reading a bundle's entries through the framework's revision object ({@code target}), with no URL. */
    private static List<Act> revisionContent(Object target) {
        Long bundleId = revisionBundle(target);
        return List.of(new Act(Operation.BUNDLE_CONTENT, (bundleId == null ? "an unknown bundle" : "bundle " + bundleId)
                + " through the framework's " + target.getClass().getName(), bundleId));
    }

    /**
     * The bundle whose content {@code target} holds: Felix's revision is a {@link BundleRevision};
     * Equinox's {@code Generation} is asked its {@code getBundleInfo().getBundleId()} (this bundle
     * cannot link to Equinox's internals). Null when the object is not the framework's own (a
     * subclass in a bundle would answer what it likes) or does not answer.
     */
    private static Long revisionBundle(Object target) {
        if (target == null || target.getClass().getClassLoader() instanceof BundleReference) {
            return null;
        }
        if (target instanceof BundleRevision revision) {
            Bundle bundle = revision.getBundle();
            return bundle == null || !framework(bundle) ? null : bundle.getBundleId();
        }
        try {
            Method infoOf = target.getClass().getMethod("getBundleInfo");
            Object info = infoOf.invoke(target);
            if (info == null || info.getClass().getClassLoader() != target.getClass().getClassLoader()) {
                return null;
            }
            return (Long) info.getClass().getMethod("getBundleId").invoke(info);
        } catch (ReflectiveOperationException | ClassCastException unknown) {
            return null;
        }
    }

    /**
     * The bundle id in a bundle URL's host, read as the frameworks read it: Felix writes
     * {@code <framework uuid>_<bundle id>.<revision>} (and reads from the first {@code _}), Equinox
     * {@code <bundle id>.fwk<framework hash>}; null when it is anything else (refused: fail closed).
     */
    static Long bundleOf(String host) {
        String rest = host == null ? "" : host.substring(host.indexOf('_') + 1);
        int end = 0;
        while (end < rest.length() && end < 18 && rest.charAt(end) >= '0' && rest.charAt(end) <= '9') {
            end++;
        }
        return end == 0 || end < rest.length() && rest.charAt(end) != '.' ? null : Long.valueOf(rest.substring(0, end));
    }

    /** A bundle as the audit log names it, asking only the framework's own objects. */
    private static String bundleNamed(Object target) {
        return target instanceof Bundle bundle && framework(bundle)
                ? "bundle " + bundle.getBundleId() + " (" + bundle.getSymbolicName() + ")" : SinkActs.named(target);
    }

    /** Whether {@code bundle} is the framework's object, whose methods run no plugin code. */
    static boolean framework(Bundle bundle) {
        return !(bundle.getClass().getClassLoader() instanceof BundleReference);
    }
}
