/**
 * The operator's policy: which permissions exist, which each level may be granted, which
 * packages each level may wire to, which plugins are trusted, and per-plugin grants and denials.
 * Immutable snapshots, parsed from JSON and swapped atomically; no hook types here.
 */
package io.prsm.sandbox.policy;
