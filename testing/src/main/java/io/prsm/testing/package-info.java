/**
 * A JUnit 4 harness for plugin authors: {@link io.prsm.testing.PrsmHarness} runs a plugin jar in a
 * real PRSM runtime (Felix with the gatekeeper, Event Admin, Configuration Admin and the HTTP API)
 * and drives it the way the platform and its callers do.
 */
package io.prsm.testing;
