/**
 * Platform events ("hooks") for plugins, without Event Admin types: a plugin registers a
 * {@link io.prsm.api.hooks.HookHandler} service naming the hooks it wants and publishes with the
 * {@link io.prsm.api.hooks.HookPublisher} service. Each hook needs a permission to receive
 * ({@code subscribe_<hook>}) and another to publish ({@code publish_<hook>}); the gatekeeper
 * delivers nothing to, and accepts nothing from, a plugin that does not hold them.
 */
@Export
@Version("1.0.0")
package io.prsm.api.hooks;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
