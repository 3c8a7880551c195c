/**
 * Bundle annotations that write a plugin's manifest. bnd turns them into the {@code prsm.plugin}
 * capability, one {@code prsm.permission} requirement per permission and the
 * {@code prsm.runtime} requirement, and the {@code prsm.entitlement} capabilities of the entitlements it
 * declares ({@link FileEntitlement}, {@link OutboundNetwork}, {@link InboundNetwork}, {@link ManageThreads}),
 * so a plugin author never edits {@code MANIFEST.MF} by hand.
 */
@Export
@Version("1.2.0")
package io.prsm.api.annotation;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
