package io.prsm.sample.hostile;

/** Does nothing: its class file is copied into the jar under the JDK class names the component XML lists. */
final class Decoy {

    private Decoy() {
    }
}
