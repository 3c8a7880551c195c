package io.prsm.sample.hostile;

import java.nio.channels.spi.AbstractInterruptibleChannel;
import java.util.stream.LongStream;

/**
 * begin() makes this channel the interrupt handler of the thread that calls it: whoever interrupts
 * that thread (the runtime's deadline watchdog) runs implCloseChannel, an endless loop, on its own.
 */
final class OwnChannel extends AbstractInterruptibleChannel {

    @Override
    protected void implCloseChannel() {
        LongStream.iterate(0L, Math::incrementExact).count();
    }

    void arm() {
        begin();
    }
}
