/**
 * What the gatekeeper weaves into the code of untrusted plugins so that a task past its deadline,
 * or a plugin being stopped, really stops: {@link io.prsm.api.containment.Checkpoint#check()} at
 * loop back-edges and catch handlers, and at method entries
 * {@link io.prsm.api.containment.Checkpoint#enter(long)} (which also counts the entry for the
 * entitlement check) or {@code check()} without the entitlement agent; a check throws
 * {@link io.prsm.api.containment.PluginCodeStopped} once the runtime has stopped the code running
 * on this thread, and {@link io.prsm.api.containment.Allocation#array(int, int)} before array
 * allocations, which stops a task before it allocates past its plugin's declared memory. Plugin
 * authors never call them themselves; it is exported here, beside the API
 * every plugin already wires to, only so that woven classes can link to it.
 */
@Export
@Version("1.2.0")
package io.prsm.api.containment;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
