package io.prsm.sandbox.audit;

/**
 * Where the gatekeeper's layers send their decisions.
 *
 * <p>Concurrent semantics: implementations are thread-safe; hooks call them from framework threads.
 */
public interface AuditSink {

    void record(AuditEvent event);
}
