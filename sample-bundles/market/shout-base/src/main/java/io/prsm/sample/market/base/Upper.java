package io.prsm.sample.market.base;

import java.util.Locale;

/** Upper-cases text. Stateless. */
public final class Upper {

    private Upper() {
    }

    public static String of(String text) {
        return text.toUpperCase(Locale.ROOT);
    }
}
