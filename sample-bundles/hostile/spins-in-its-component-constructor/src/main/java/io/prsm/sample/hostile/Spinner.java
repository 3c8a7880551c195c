package io.prsm.sample.hostile;

/**
 * An immediate component of the plugin's own whose constructor spins for {@link #SPIN_MS} on
 * whatever thread Declarative Services constructs it (bounded, so a run ends by itself).
 */
public final class Spinner {

    static final long SPIN_MS = 120_000;
    static volatile String constructedOn = "not yet";

    public Spinner() {
        constructedOn = Thread.currentThread().getName();
        long until = System.nanoTime() + SPIN_MS * 1_000_000L;
        long turns = 0;
        while (System.nanoTime() < until) {
            turns++;
        }
        constructedOn += " (" + (turns > 0 ? "spun" : "idle") + ")";
    }
}
