/**
 * Input limits: how the platform reads what it is handed (plugin jars and their manifests, JSON,
 * files the operator keeps) with explicit size, count and depth limits, checked while the input
 * is read, and one clear line for each refusal. Not an API: the runtime and the gatekeeper copy
 * this package in privately (bnd {@code -conditionalpackage}), so no plugin can wire to it; it
 * has no framework types, so it is tested by itself.
 */
package io.prsm.limits;
