package io.prsm.limits.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Zip bombs as an attacker makes them, in milliseconds: an entry of gigabytes of zeros deflates
 * to a short block repeated, so it is written by repeating that block instead of compressing the
 * zeros; the directory may declare the true size or a small lie. Jars are written by hand
 * (local headers, data, central directory), the way a hostile tool writes them.
 *
 * <p>Concurrent semantics: stateless.
 */
public final class Bombs {

    private static final int MIB = 1 << 20;

    private Bombs() {
    }

    /** A jar of {@code entries} (deflated) and one entry {@code bomb} of {@code size} zeros, whose headers say {@code declared}. */
    public static byte[] jar(Map<String, byte[]> entries, String bomb, long size, long declared) {
        Map<String, Entry> all = new LinkedHashMap<>();
        entries.forEach((name, content) -> all.put(name, Entry.deflate(content)));
        all.put(bomb, zeros(size, declared));
        return write(all);
    }

    /** {@code size} zero bytes (a whole number of MiB) deflated, declaring {@code declared} bytes. */
    private static Entry zeros(long size, long declared) {
        if (size % MIB != 0 || size < 2 * MIB) {
            throw new IllegalArgumentException("a bomb is a whole number of MiB, at least 2");
        }
        Deflater deflater = new Deflater(9, true);
        byte[] zero = new byte[MIB];
        byte[] first = flushed(deflater, zero);
        byte[] repeated = flushed(deflater, zero);
        deflater.finish();
        byte[] end = drain(deflater, Deflater.NO_FLUSH);
        deflater.end();
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        data.writeBytes(first);
        for (long i = 1; i < size / MIB; i++) {
            data.writeBytes(repeated);
        }
        data.writeBytes(end);
        CRC32 crc = new CRC32();
        if (declared == size) {
            for (long i = 0; i < size / MIB; i++) {
                crc.update(zero);
            }
        }
        return new Entry(data.toByteArray(), declared, crc.getValue());
    }

    private static byte[] flushed(Deflater deflater, byte[] input) {
        deflater.setInput(input);
        return drain(deflater, Deflater.SYNC_FLUSH);
    }

    private static byte[] drain(Deflater deflater, int flush) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = deflater.deflate(buffer, 0, buffer.length, flush)) > 0;) {
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    /** One entry, deflated, with the size and CRC its headers declare. */
    private record Entry(byte[] data, long size, long crc) {
        static Entry deflate(byte[] content) {
            Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
            deflater.setInput(content);
            deflater.finish();
            byte[] data = drain(deflater, Deflater.NO_FLUSH);
            deflater.end();
            CRC32 crc = new CRC32();
            crc.update(content);
            return new Entry(data, content.length, crc.getValue());
        }
    }

    private static byte[] write(Map<String, Entry> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Integer> offsets = new ArrayList<>();
        for (Map.Entry<String, Entry> entry : entries.entrySet()) {
            offsets.add(out.size());
            byte[] name = entry.getKey().getBytes(StandardCharsets.UTF_8);
            Entry e = entry.getValue();
            ByteBuffer local = ByteBuffer.allocate(30).order(ByteOrder.LITTLE_ENDIAN).putInt(0x04034b50)
                    .putShort((short) 20).putShort((short) 0x0800).putShort((short) 8).putShort((short) 0)
                    .putShort((short) 0x21).putInt((int) e.crc()).putInt(e.data().length).putInt((int) e.size())
                    .putShort((short) name.length).putShort((short) 0);
            out.writeBytes(local.array());
            out.writeBytes(name);
            out.writeBytes(e.data());
        }
        int directory = out.size();
        int i = 0;
        for (Map.Entry<String, Entry> entry : entries.entrySet()) {
            byte[] name = entry.getKey().getBytes(StandardCharsets.UTF_8);
            Entry e = entry.getValue();
            ByteBuffer central = ByteBuffer.allocate(46).order(ByteOrder.LITTLE_ENDIAN).putInt(0x02014b50)
                    .putShort((short) 20).putShort((short) 20).putShort((short) 0x0800).putShort((short) 8)
                    .putShort((short) 0).putShort((short) 0x21).putInt((int) e.crc()).putInt(e.data().length)
                    .putInt((int) e.size()).putShort((short) name.length).putShort((short) 0).putShort((short) 0)
                    .putShort((short) 0).putShort((short) 0).putInt(0).putInt(offsets.get(i++));
            out.writeBytes(central.array());
            out.writeBytes(name);
        }
        int size = out.size() - directory;
        ByteBuffer end = ByteBuffer.allocate(22).order(ByteOrder.LITTLE_ENDIAN).putInt(0x06054b50).putShort((short) 0)
                .putShort((short) 0).putShort((short) entries.size()).putShort((short) entries.size()).putInt(size)
                .putInt(directory).putShort((short) 0);
        out.writeBytes(end.array());
        return out.toByteArray();
    }
}
