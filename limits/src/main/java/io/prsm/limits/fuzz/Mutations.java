package io.prsm.limits.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Malformed input made from good input: bytes, text, JSON, manifests and whole plugin jars,
 * changed the ways that break readers (flipped and inserted bytes, cut and repeated ranges,
 * nesting without end, repeated headers, numbers out of range, entries inflating far past their
 * size (see {@link Bombs}), jars in jars). Every mutation draws from the {@link Fuzz} it is given, so a case is
 * reproduced by its seed.
 *
 * <p>Concurrent semantics: stateless.
 */
public final class Mutations {

    private static final String[] JSON_PIECES = { "{", "}", "[", "]", "\"", ":", ",", "\\", "\\u", "\\ud800", "\n", "\u0000",
        "null", "true", "-", "1e999999", "0x10", "NaN", "9".repeat(40), "\u00e9", "\ud83d\ude00", "//", "/*", " " };
    private static final String[] MANIFEST_HEADERS = { "Bundle-SymbolicName", "Bundle-Version", "Bundle-ManifestVersion",
        "Import-Package", "Export-Package", "Provide-Capability", "Require-Capability", "Bundle-ClassPath",
        "Fragment-Host", "Require-Bundle", "DynamicImport-Package", "Bundle-ActivationPolicy", "Bundle-NativeCode",
        "Bundle-Name" };
    private static final String[] MANIFEST_VALUES = { "1.0.99999999999", "99999999999.0.0", "1.0.0.q u a l", "-1.0.0",
        "1.2.3.4.5", "\"[1.0,2.0)\"", "[2.0,1.0)", "java.lang", "java.util;version=1", "x;version=\"[1,2\"",
        "x;y=1;y=2", "x;a:=1;a:=2", "a.b,a.b", "(&(x=1)", "osgi.wiring.package;filter:=\"(osgi.wiring.package=x)\"",
        "lib/missing.jar", "lib/broken.jar", "", ";", ",,", "x;version:Version=1.x", "x;n:Long=abc",
        "x;l:List<Long>=\"1,b\"", "system.bundle;extension:=framework", "lazy;include:=\"", "*", "a.*.b",
        "prsm.plugin;prsm.plugin=x;version:Version=1.0.0", "\u00ff\u00fe" };

    private Mutations() {
    }

    /** {@code input} with one to four byte-level changes. */
    public static byte[] bytes(byte[] input, Fuzz fuzz) {
        Random random = fuzz.random();
        byte[] result = input;
        for (int changes = 1 + random.nextInt(4); changes > 0; changes--) {
            result = byteChange(result, random);
        }
        return result;
    }

    private static byte[] byteChange(byte[] input, Random random) {
        if (input.length == 0) {
            return new byte[] { (byte) random.nextInt(256) };
        }
        int at = random.nextInt(input.length);
        int span = Math.min(input.length - at, 1 + random.nextInt(64));
        ByteArrayOutputStream out = new ByteArrayOutputStream(input.length + 64);
        switch (random.nextInt(8)) {
            case 0 -> { // flip a bit
                byte[] copy = input.clone();
                copy[at] ^= (byte) (1 << random.nextInt(8));
                return copy;
            }
            case 1 -> { // a boundary value where a length or offset may be
                byte[] copy = input.clone();
                copy[at] = (byte) new int[] { 0, 0xff, 0x7f, 0x80, 0x01 }[random.nextInt(5)];
                return copy;
            }
            case 2 -> { // insert random bytes
                out.write(input, 0, at);
                byte[] noise = new byte[1 + random.nextInt(32)];
                random.nextBytes(noise);
                out.write(noise, 0, noise.length);
                out.write(input, at, input.length - at);
            }
            case 3 -> { // delete a range
                out.write(input, 0, at);
                out.write(input, at + span, input.length - at - span);
            }
            case 4 -> { // repeat a range
                out.write(input, 0, at + span);
                out.write(input, at, span);
                out.write(input, at + span, input.length - at - span);
            }
            case 5 -> { // cut short
                out.write(input, 0, at);
            }
            case 6 -> { // zero a range
                byte[] copy = input.clone();
                java.util.Arrays.fill(copy, at, at + span, (byte) 0);
                return copy;
            }
            default -> { // overwrite with random bytes
                byte[] copy = input.clone();
                for (int i = at; i < at + span; i++) {
                    copy[i] = (byte) random.nextInt(256);
                }
                return copy;
            }
        }
        return out.toByteArray();
    }

    /** {@code json} changed as a hand or an attacker breaks JSON: stray brackets and quotes, escapes, depth, length. */
    public static String json(String json, Fuzz fuzz) {
        Random random = fuzz.random();
        String result = json;
        for (int changes = 1 + random.nextInt(3); changes > 0; changes--) {
            int at = result.isEmpty() ? 0 : random.nextInt(result.length() + 1);
            result = switch (random.nextInt(7)) {
                case 0 -> result.substring(0, at) + fuzz.pick(JSON_PIECES) + result.substring(at);
                case 1 -> at < result.length() ? result.substring(0, at) + result.substring(at + 1) : result;
                case 2 -> "[".repeat(1 + random.nextInt(3000)) + result;
                case 3 -> result.substring(0, at) + "\"" + "x".repeat(random.nextInt(1 << 20)) + "\"" + result.substring(at);
                case 4 -> result.substring(0, at) + "9".repeat(1 + random.nextInt(20_000)) + result.substring(at);
                case 5 -> result.substring(0, at);
                default -> new String(bytes(result.getBytes(StandardCharsets.UTF_8), fuzz), StandardCharsets.UTF_8);
            };
        }
        return result;
    }

    /** {@code manifest} with a header repeated, mangled or given a value the framework refuses. */
    public static String manifest(String manifest, Fuzz fuzz) {
        Random random = fuzz.random();
        List<String> lines = new ArrayList<>(manifest.replace("\r\n", "\n").lines().toList());
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        for (int changes = 1 + random.nextInt(2); changes > 0; changes--) {
            int at = lines.isEmpty() ? 0 : random.nextInt(lines.size());
            String header = fuzz.pick(MANIFEST_HEADERS);
            switch (random.nextInt(8)) {
                case 0 -> { // repeat a line, perhaps in another case
                    if (!lines.isEmpty()) {
                        String line = lines.get(at);
                        lines.add(random.nextBoolean() ? line : line.toLowerCase(java.util.Locale.ROOT));
                    }
                }
                case 1 -> lines.add(header + ": " + fuzz.pick(MANIFEST_VALUES));
                case 2 -> replaceHeader(lines, header, fuzz.pick(MANIFEST_VALUES));
                case 3 -> { // break the separator
                    if (!lines.isEmpty()) {
                        lines.set(at, lines.get(at).replaceFirst(": ", random.nextBoolean() ? ":" : " "));
                    }
                }
                case 4 -> lines.add(at, random.nextBoolean() ? " continued" : "not a header");
                case 5 -> { // a long value, folded as the JAR format does
                    StringBuilder value = new StringBuilder(header + ": x");
                    for (int i = 0; i < 1 + random.nextInt(2000); i++) {
                        value.append("\n ,y").append(i);
                    }
                    lines.add(value.toString());
                }
                case 6 -> lines.add("X-Broken-Name" + fuzz.pick("!", " ", "\u00e9", "") + ": v");
                default -> lines.add(at, "");
            }
        }
        return String.join("\r\n", lines) + "\r\n\r\n";
    }

    private static void replaceHeader(List<String> lines, String header, String value) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(header + ":")) {
                lines.set(i, header + ": " + value);
                while (i + 1 < lines.size() && lines.get(i + 1).startsWith(" ")) {
                    lines.remove(i + 1);
                }
                return;
            }
        }
        lines.add(header + ": " + value);
    }

    /**
     * {@code jar} changed as a whole: its manifest mutated, an entry dropped, repeated or broken, a
     * jar nested in it (perhaps itself, perhaps deep), an entry of zeros inflating far past the
     * limits, or its bytes mutated.
     */
    public static byte[] jar(byte[] jar, Fuzz fuzz) {
        Random random = fuzz.random();
        Map<String, byte[]> entries = Jars.entries(jar);
        if (entries == null || random.nextInt(6) == 0) {
            return bytes(jar, fuzz);
        }
        List<String> names = new ArrayList<>(entries.keySet());
        String any = names.isEmpty() ? "x/A.class" : names.get(random.nextInt(names.size()));
        switch (random.nextInt(7)) {
            case 0, 1 -> {
                byte[] manifest = entries.getOrDefault("META-INF/MANIFEST.MF", new byte[0]);
                entries.put("META-INF/MANIFEST.MF", manifest(new String(manifest, StandardCharsets.UTF_8), fuzz)
                        .getBytes(StandardCharsets.UTF_8));
            }
            case 2 -> entries.remove(any);
            case 3 -> entries.put(any, bytes(entries.get(any), fuzz));
            case 4 -> { // a jar in the jar, perhaps in a jar
                byte[] nested = jar;
                for (int depth = random.nextInt(4); depth > 0; depth--) {
                    nested = Jars.write(Map.of("n" + depth + ".jar", nested));
                }
                entries.put("lib/nested" + random.nextInt(3) + ".jar", random.nextBoolean() ? nested : bytes(nested, fuzz));
            }
            case 5 -> { // 2 MiB to 2 GiB of zeros, declared as they are or as a few bytes
                String bomb = fuzz.pick("io/bomb/Big.class", "data/big.bin", "META-INF/MANIFEST.MF", "lib/big.jar");
                entries.remove(bomb);
                long size = (2L << 20) << random.nextInt(11);
                return Bombs.jar(entries, bomb, size, random.nextBoolean() ? size : 1 + random.nextInt(1000));
            }
            default -> entries.put(any + (random.nextBoolean() ? "" : "/"), new byte[random.nextInt(3)]);
        }
        return Jars.write(entries);
    }

}
