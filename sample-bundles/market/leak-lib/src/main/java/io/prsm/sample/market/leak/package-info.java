/** A package the marketplace tests' policy does not let sandbox plugins wire. */
@Export
@Version("1.0.0")
package io.prsm.sample.market.leak;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
