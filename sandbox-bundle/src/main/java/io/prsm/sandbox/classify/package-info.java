/**
 * Classifies bundles for every layer of the gatekeeper: platform, trusted plugin, sandbox,
 * isolated or unknown ({@link io.prsm.sandbox.classify.BundleClassifier}).
 */
package io.prsm.sandbox.classify;
