package io.prsm.sample.units;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The units the converter knows, each as a linear map to its quantity's base unit
 * ({@code base = value * factor + offset}), so temperatures convert exactly as the others do.
 *
 * <p>Concurrent semantics: immutable.
 */
final class Units {

    record Unit(String symbol, String quantity, double factor, double offset) {
        double toBase(double value) {
            return value * factor + offset;
        }

        double fromBase(double value) {
            return (value - offset) / factor;
        }
    }

    private final Map<String, Unit> bySymbol = new LinkedHashMap<>();

    Units() {
        length("m", 1);
        length("km", 1000);
        length("cm", 0.01);
        length("mm", 0.001);
        length("mi", 1609.344);
        length("yd", 0.9144);
        length("ft", 0.3048);
        length("in", 0.0254);
        add("kg", "mass", 1, 0);
        add("g", "mass", 0.001, 0);
        add("mg", "mass", 1e-6, 0);
        add("t", "mass", 1000, 0);
        add("lb", "mass", 0.45359237, 0);
        add("oz", "mass", 0.028349523125, 0);
        add("s", "time", 1, 0);
        add("ms", "time", 0.001, 0);
        add("min", "time", 60, 0);
        add("h", "time", 3600, 0);
        add("d", "time", 86400, 0);
        add("c", "temperature", 1, 273.15);
        add("k", "temperature", 1, 0);
        add("f", "temperature", 5.0 / 9, 273.15 - 32 * 5.0 / 9);
        add("b", "data", 1, 0);
        String[] si = { "kb", "mb", "gb", "tb" };
        String[] iec = { "kib", "mib", "gib", "tib" };
        for (int i = 0; i < si.length; i++) {
            add(si[i], "data", Math.pow(1000, i + 1), 0);
            add(iec[i], "data", Math.pow(1024, i + 1), 0);
        }
    }

    private void length(String symbol, double metres) {
        add(symbol, "length", metres, 0);
    }

    private void add(String symbol, String quantity, double factor, double offset) {
        bySymbol.put(symbol, new Unit(symbol, quantity, factor, offset));
    }

    /** The unit written {@code symbol} (case does not matter), or an explanation of what there is. */
    Unit unit(String symbol) {
        Unit unit = bySymbol.get(symbol.trim().toLowerCase(Locale.ROOT));
        if (unit == null) {
            throw new IllegalArgumentException("Unknown unit '" + symbol + "'; known units are " + bySymbol.keySet());
        }
        return unit;
    }

    double convert(double value, String from, String to) {
        Unit source = unit(from);
        Unit target = unit(to);
        if (!source.quantity().equals(target.quantity())) {
            throw new IllegalArgumentException("Cannot convert " + source.quantity() + " (" + from + ") to "
                    + target.quantity() + " (" + to + ")");
        }
        return target.fromBase(source.toBase(value));
    }

    /** Units by quantity. */
    Map<String, List<String>> catalogue() {
        Map<String, List<String>> catalogue = new LinkedHashMap<>();
        bySymbol.values().forEach(unit -> catalogue.merge(unit.quantity(), List.of(unit.symbol()), (a, b) -> {
            List<String> joined = new java.util.ArrayList<>(a);
            joined.addAll(b);
            return joined;
        }));
        return catalogue;
    }

    /** {@code bytes} in the largest unit that keeps the number at least 1, SI (1000) or IEC (1024). */
    static String formatBytes(long bytes, boolean iec, int decimals) {
        int base = iec ? 1024 : 1000;
        String[] names = iec ? new String[] { "B", "KiB", "MiB", "GiB", "TiB", "PiB" }
                : new String[] { "B", "kB", "MB", "GB", "TB", "PB" };
        double value = bytes;
        int index = 0;
        while (Math.abs(value) >= base && index < names.length - 1) {
            value /= base;
            index++;
        }
        return index == 0 ? bytes + " B" : String.format(Locale.ROOT, "%." + decimals + "f %s", value, names[index]);
    }
}
