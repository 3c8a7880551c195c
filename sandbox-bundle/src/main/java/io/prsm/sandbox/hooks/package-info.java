/**
 * Hooks on Event Admin: the gatekeeper connects each plugin's {@code HookHandler} to Event Admin
 * only for the hooks it may receive, and publishes for a plugin only the hooks it may publish.
 */
package io.prsm.sandbox.hooks;
