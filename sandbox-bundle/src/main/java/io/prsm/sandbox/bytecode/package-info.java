/**
 * The bytecode layer of the gatekeeper: an ASM scan of a plugin's classes for references to JDK
 * APIs that its security level forbids. Pure: no framework types, so it is tested by itself and
 * used both at install (a whole jar) and when a class is defined (one class).
 */
package io.prsm.sandbox.bytecode;
