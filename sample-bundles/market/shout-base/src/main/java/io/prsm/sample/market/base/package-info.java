/** Upper-casing, for the shout-text library. */
@Export
@Version("1.0.0")
package io.prsm.sample.market.base;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
