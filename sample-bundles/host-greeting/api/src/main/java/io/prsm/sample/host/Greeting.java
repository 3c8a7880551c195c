package io.prsm.sample.host;

/**
 * A service of the embedding application that plugins may use: it greets someone the way the
 * application wants them greeted.
 */
public interface Greeting {

    /** The greeting for {@code name}. */
    String greet(String name);
}
