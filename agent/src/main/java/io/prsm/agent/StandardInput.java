package io.prsm.agent;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

import io.prsm.bridge.Entitlements;

/**
 * The JVM's {@code System.in} as the agent leaves it: the same stream, whose reads ask the checker
 * first ({@code terminal.read}), so a plugin cannot read the operator's terminal (or the script a
 * batch run is fed). {@code System.in} is a field, not a method the agent could instrument, so
 * the agent puts this in its place before {@code main}; the platform reads through it unchanged.
 * The stream it wraps is reachable only through this class's protected field, which a plugin
 * cannot read (private reflection is a sink).
 *
 * <p>Concurrent semantics: as thread-safe as the stream it wraps; the check itself is.
 */
final class StandardInput extends FilterInputStream {

    StandardInput(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        Entitlements.check("terminal.read", null, null);
        return super.read();
    }

    @Override
    public int read(byte[] bytes, int offset, int length) throws IOException {
        Entitlements.check("terminal.read", null, null);
        return super.read(bytes, offset, length);
    }

    @Override
    public long skip(long count) throws IOException {
        Entitlements.check("terminal.read", null, null);
        return super.skip(count);
    }
}
