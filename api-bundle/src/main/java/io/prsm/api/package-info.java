/**
 * The plugin API: what a plugin implements ({@link io.prsm.api.Plugin}) and what the runtime
 * hands it ({@link io.prsm.api.PluginConfig}, {@link io.prsm.api.Task},
 * {@link io.prsm.api.PluginStorage}).
 *
 * <p>The package depends on nothing but the JDK, so a plugin at the {@code isolated} level,
 * which may wire to this package only, can use all of it. Tasks and responses are JSON-shaped:
 * maps, lists, strings, numbers, booleans and {@code null}.
 */
@Export
@Version("1.0.0")
package io.prsm.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
