/** The gatekeeper's audit trail: one JSON line per grant or denial, kept in the storage folder. */
package io.prsm.sandbox.audit;
