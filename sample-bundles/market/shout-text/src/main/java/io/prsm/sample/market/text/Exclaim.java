package io.prsm.sample.market.text;

import io.prsm.sample.market.base.Upper;

/** Shouts text: upper-cased (by the shout-base library) with an exclamation mark. Stateless. */
public final class Exclaim {

    private Exclaim() {
    }

    public static String of(String text) {
        return Upper.of(text) + "!";
    }
}
