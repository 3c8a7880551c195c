package io.prsm.sample.market.leak;

/** Stands for a library a sandbox plugin may not use. Stateless. */
public final class Leak {

    private Leak() {
    }

    public static String of(String text) {
        return "leaked " + text;
    }
}
