package io.prsm.sandbox.entitlements;

/**
 * One act a sink is about to do.
 *
 * @param operation what
 * @param target on what, as the audit log and the message show it (a path, host:port, a name)
 * @param subject the object the rule needs, if any: a {@link java.nio.file.Path} for files, the
 *        {@link Thread} for thread acts, the {@link Class} reflected into; else null
 */
public record Act(Operation operation, String target, Object subject) {

    public static Act of(Operation operation, String target) {
        return new Act(operation, target, null);
    }
}
