package io.prsm.sample.csv;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

/**
 * Turns CSV with a header row into JSON records, converting each column to the type the schema
 * names ({@code string}, {@code integer}, {@code number}, {@code boolean}, {@code date}). A bad
 * value does not stop the run: its row is left out and an error names the row, the column, the
 * value and what was expected.
 *
 * <p>Concurrent semantics: immutable; Jackson's CSV mapper is thread-safe once configured.
 */
final class CsvTransformer {

    /** The outcome: the good records and one error per bad value. */
    record Result(List<Map<String, Object>> records, List<Map<String, Object>> errors, int rows) {
    }

    private final CsvMapper mapper = new CsvMapper();
    private final char separator;
    private final int maxRows;

    CsvTransformer(char separator, int maxRows) {
        this.separator = separator;
        this.maxRows = maxRows;
    }

    Result transform(String csv, Map<String, String> types, List<String> required) throws IOException {
        for (Map.Entry<String, String> type : types.entrySet()) {
            if (!List.of("string", "integer", "number", "boolean", "date").contains(type.getValue())) {
                throw new IllegalArgumentException("Column '" + type.getKey() + "' has unknown type '" + type.getValue()
                        + "'; use string, integer, number, boolean or date");
            }
        }
        CsvSchema schema = CsvSchema.emptySchema().withHeader().withColumnSeparator(separator);
        List<Map<String, Object>> records = new ArrayList<>();
        List<Map<String, Object>> errors = new ArrayList<>();
        int row = 1;
        try (MappingIterator<Map<String, String>> rows = mapper.readerForMapOf(String.class).with(schema)
                .with(CsvParser.Feature.FAIL_ON_MISSING_COLUMNS).readValues(csv)) {
            List<String> header = null;
            for (Iterator<Map<String, String>> it = rows; it.hasNext();) {
                Map<String, String> values;
                row++;
                try {
                    values = it.next();
                } catch (RuntimeException broken) {
                    // MappingIterator wraps the parser's complaint; its first line says what is wrong
                    Throwable cause = broken.getCause() != null ? broken.getCause() : broken;
                    String message = String.valueOf(cause.getMessage()).lines().findFirst().orElse("unreadable");
                    errors.add(error(row, "", "", "the row does not match the header: " + message));
                    continue;
                }
                if (header == null) {
                    header = List.copyOf(((CsvSchema) rows.getParser().getSchema()).getColumnNames());
                    for (String column : types.keySet()) {
                        if (!header.contains(column)) {
                            throw new IllegalArgumentException("The schema names column '" + column
                                    + "', which the CSV header " + header + " does not have");
                        }
                    }
                }
                if (row - 1 > maxRows) {
                    throw new IllegalArgumentException("The CSV has more than " + maxRows + " rows (max_rows)");
                }
                Map<String, Object> record = new LinkedHashMap<>();
                boolean valid = true;
                for (Map.Entry<String, String> value : values.entrySet()) {
                    String column = value.getKey();
                    String text = value.getValue() == null ? "" : value.getValue().trim();
                    if (text.isEmpty()) {
                        if (required.contains(column)) {
                            errors.add(error(row, column, text, "a value is required"));
                            valid = false;
                        }
                        record.put(column, null);
                        continue;
                    }
                    String type = types.getOrDefault(column, "string");
                    try {
                        record.put(column, convert(text, type));
                    } catch (IllegalArgumentException | DateTimeParseException | ArithmeticException wrong) {
                        errors.add(error(row, column, text, "expected " + expectation(type)));
                        valid = false;
                    }
                }
                if (valid) {
                    records.add(record);
                }
            }
        }
        return new Result(records, errors, row - 1);
    }

    private static Object convert(String text, String type) {
        return switch (type) {
            case "integer" -> new BigDecimal(text).longValueExact();
            case "number" -> new BigDecimal(text).doubleValue();
            case "boolean" -> switch (text.toLowerCase(Locale.ROOT)) {
                case "true", "yes", "1" -> true;
                case "false", "no", "0" -> false;
                default -> throw new IllegalArgumentException(text);
            };
            case "date" -> LocalDate.parse(text).toString();
            default -> text;
        };
    }

    private static String expectation(String type) {
        return switch (type) {
            case "integer" -> "a whole number";
            case "number" -> "a number";
            case "boolean" -> "true or false";
            case "date" -> "a date like 2025-08-31";
            default -> "text";
        };
    }

    private static Map<String, Object> error(int row, String column, String value, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("row", row);
        error.put("column", column);
        error.put("value", value);
        error.put("message", message);
        return error;
    }
}
