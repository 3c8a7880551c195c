/**
 * The internal contracts between the plugin manager ({@code io.prsm.runtime}) and the gatekeeper
 * ({@code io.prsm.sandbox}). It is exported like {@code io.prsm.api} so that both platform bundles
 * (and a host framework such as Karaf) share one copy, but no plugin of any level, not even a
 * trusted one, may wire to it: the gatekeeper's resolver hook removes every candidate, and a service
 * of one of these types registered by a plugin is hidden from every other bundle.
 */
@Export
@Version("1.6.0")
package io.prsm.platform;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
