package io.prsm.sample.hostile;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A component implementation of the plugin's own whose activate method, {@code start}, is
 * {@link Thread#start()}: Declarative Services calls it, so the thread is started with no frame of
 * the plugin on the stack. It spins for {@link #SPIN_MS} (CPU nobody measures), then ticks every
 * 100 ms for ten minutes (proof that it outlives the plugin's stop), and ends.
 */
public final class ScrThread extends Thread {

    static final AtomicLong TICKS = new AtomicLong();
    static final AtomicLong RUNNING = new AtomicLong();
    private static final long SPIN_MS = 15_000;

    public ScrThread() {
        setDaemon(true);
    }

    @Override
    public void run() {
        RUNNING.incrementAndGet();
        try {
            long until = System.nanoTime() + SPIN_MS * 1_000_000L;
            long spins = 0;
            while (System.nanoTime() < until) {
                spins++;
            }
            TICKS.addAndGet(spins > 0 ? 1 : 0);
            for (int i = 0; i < 6000; i++) {
                Thread.sleep(100);
                TICKS.incrementAndGet();
            }
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
        } finally {
            RUNNING.decrementAndGet();
        }
    }
}
