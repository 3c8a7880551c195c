/**
 * Running PRSM inside a plain Java application: {@link io.prsm.runtime.embed.PrsmRuntime} builds a
 * runtime on a storage folder from a {@link io.prsm.runtime.embed.Distribution} of bundles, with
 * an optional plugins folder, policy file and host services offered to plugins, and drives it
 * through the typed {@link io.prsm.api.runtime.PluginManager}. The launcher ({@code java -jar
 * prsm.jar}) is one such application.
 */
@Version("1.0.0")
package io.prsm.runtime.embed;

import org.osgi.annotation.versioning.Version;
