/**
 * The runtime's management interface, for the shell, for embedding applications and for plugins
 * granted the permission to read it: {@link io.prsm.api.runtime.PluginManager} drives plugins,
 * {@link io.prsm.api.runtime.RuntimeStatistics} reports what the runtime measured. The records are
 * immutable snapshots.
 */
@Export
@Version("1.3.0")
package io.prsm.api.runtime;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
