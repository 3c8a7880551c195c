/**
 * Containment across a plugin's tasks: the low-memory guard that quarantines the plugin that
 * allocated the most recently when the heap runs low, and the CPU share each plugin may use over a window.
 */
package io.prsm.runtime.containment;
