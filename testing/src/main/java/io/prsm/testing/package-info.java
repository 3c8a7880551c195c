/**
 * The test harness for plugin authors: {@link io.prsm.testing.PrsmHarness} (a JUnit 4 rule) and
 * {@link io.prsm.testing.PrsmExtension} (a JUnit 5 extension) run a plugin jar in a real PRSM
 * runtime (Felix with the gatekeeper, Event Admin, Configuration Admin and the HTTP API) and drive
 * it the way the platform and its callers do.
 */
package io.prsm.testing;
