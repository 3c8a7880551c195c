/**
 * The service layer of the gatekeeper: find and event-listener hooks that hide from an untrusted
 * plugin every service its level and grants do not allow.
 */
package io.prsm.sandbox.services;
