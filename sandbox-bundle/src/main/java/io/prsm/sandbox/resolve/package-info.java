/**
 * The resolve layer of the gatekeeper: a resolver hook that limits a plugin's wiring to what its
 * level and the policy allow, decides its permission grants, and keeps refused plugins from
 * resolving at all.
 */
package io.prsm.sandbox.resolve;
