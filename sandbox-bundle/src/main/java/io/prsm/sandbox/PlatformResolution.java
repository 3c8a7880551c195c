package io.prsm.sandbox;

import java.util.ArrayList;
import java.util.List;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.wiring.FrameworkWiring;

import io.prsm.sandbox.classify.BundleClassifier;
import io.prsm.sandbox.classify.Classification;

/**
 * Resolves the platform's bundles that are still unresolved in one resolve operation, once the
 * gatekeeper's hooks are in force. Left alone, the framework resolves each bundle when its start
 * level starts it, one operation per bundle; with a resolver hook registered, Felix begins every
 * operation by collecting all unresolved bundles for the hook, so a start with N library bundles
 * cost N x N on top of what bare Felix does (the per-bundle start-up slope grew with N). One
 * operation for them all costs one such collection.
 *
 * <p>Only bundles the start level is about to start, and that the classifier calls
 * {@link Classification#PLATFORM}, are asked for: a plugin resolves as before, when it starts,
 * after the plugin manager is there to check it, and a bundle kept installed but not started (the
 * permission catalogue) resolves as before, when something needs it. The hooks
 * judge this operation like any other (a platform bundle that would wire to a plugin still meets
 * the plugin's refusal), and a bundle that cannot resolve now is left unresolved: the framework
 * tries again when it starts it and reports the failure then, as before.
 *
 * <p>Concurrent semantics: stateless; called on the framework's start-level thread.
 */
final class PlatformResolution {

    private PlatformResolution() {
    }

    /** Resolves the unresolved platform bundles together; returns how many were asked for. */
    static int resolveTogether(BundleContext context, BundleClassifier classifier) {
        List<Bundle> unresolved = new ArrayList<>();
        for (Bundle bundle : context.getBundles()) {
            if (bundle.getState() == Bundle.INSTALLED && startsWithItsLevel(bundle)
                    && classifier.classify(bundle) == Classification.PLATFORM) {
                unresolved.add(bundle);
            }
        }
        if (unresolved.size() > 1) {
            context.getBundle(0).adapt(FrameworkWiring.class).resolveBundles(unresolved);
        }
        return unresolved.size();
    }

    /** A bundle the start level will start, so would resolve now anyway (not one kept installed, nor a fragment). */
    private static boolean startsWithItsLevel(Bundle bundle) {
        BundleStartLevel level = bundle.adapt(BundleStartLevel.class);
        return level != null && level.isPersistentlyStarted();
    }
}
