/**
 * The marketplace: OSGi (R5 index) repositories of plugins and the libraries they need.
 * {@link io.prsm.api.marketplace.Marketplace} publishes a plugin to a repository folder, searches
 * the repositories the operator added and installs or updates a plugin by id. The records are
 * immutable snapshots.
 */
@Export
@Version("1.1.0")
package io.prsm.api.marketplace;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
