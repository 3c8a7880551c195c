/** A package the marketplace tests' policy lets sandbox plugins wire: its code is what is refused. */
@Export
@Version("1.0.0")
package io.prsm.sample.market.exec;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
