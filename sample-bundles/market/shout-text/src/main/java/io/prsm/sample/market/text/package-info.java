/** Exclaiming, for the shouter plugin. */
@Export
@Version("1.0.0")
package io.prsm.sample.market.text;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
