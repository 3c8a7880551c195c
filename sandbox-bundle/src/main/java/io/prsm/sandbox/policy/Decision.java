package io.prsm.sandbox.policy;

/**
 * The answer to one question put to the policy, with the reason an operator reads in the audit
 * log: for a denial, what to change to allow it.
 *
 * @param allowed whether the request is allowed
 * @param reason why, in one sentence
 */
public record Decision(boolean allowed, String reason) {

    public static Decision allow(String reason) {
        return new Decision(true, reason);
    }

    public static Decision deny(String reason) {
        return new Decision(false, reason);
    }
}
