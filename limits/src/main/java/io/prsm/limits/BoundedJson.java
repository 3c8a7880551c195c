package io.prsm.limits;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The one way the platform reads JSON it is handed: Jackson with {@link JsonLimits} as its stream
 * constraints (depth, string, number and name length, document size, token count), a repeated
 * field name refused, one document only. Every failure becomes a {@link JsonInputException} of
 * one line; Jackson's location may be missing (it is, for a constraint), and the message never
 * depends on it. A reader made {@link #withoutEcho()} says nothing of the content, for files that
 * may be links to anything.
 *
 * <p>Concurrent semantics: thread-safe; the mapper is made on first use (loading Jackson is a
 * large share of the runtime's start-up) and only read after.
 */
public final class BoundedJson {

    private final JsonLimits limits;
    private final boolean echo;
    private volatile ObjectMapper mapper;

    private BoundedJson(JsonLimits limits, boolean echo, ObjectMapper mapper) {
        this.limits = limits;
        this.echo = echo;
        this.mapper = mapper;
    }

    public static BoundedJson of(JsonLimits limits) {
        return new BoundedJson(limits, true, null);
    }

    /** The same reader, but its messages say where the document is wrong and never what it holds. */
    public BoundedJson withoutEcho() {
        return new BoundedJson(limits, false, mapper);
    }

    public JsonLimits limits() {
        return limits;
    }

    /**
     * A mapper under the same constraints, to convert what was read (to maps, for example); not
     * for reading: use the {@code read} methods, which turn every failure into one line.
     */
    public ObjectMapper mapper() {
        ObjectMapper made = mapper;
        if (made == null) {
            synchronized (this) {
                made = mapper;
                if (made == null) {
                    made = build(limits);
                    mapper = made;
                }
            }
        }
        return made;
    }

    /** Reads one JSON document from {@code text}; {@code what} names it in messages ("The task"). */
    public JsonNode read(String text, String what) throws JsonInputException {
        if (text.length() > limits.maxBytes()) {
            throw tooLarge(what, text.length() + " characters");
        }
        try {
            return present(mapper().readTree(text), what);
        } catch (JsonProcessingException malformed) {
            throw refusal(malformed, what);
        }
    }

    /** Reads one JSON document from UTF-8 {@code bytes}. */
    public JsonNode read(byte[] bytes, String what) throws JsonInputException {
        if (bytes.length > limits.maxBytes()) {
            throw tooLarge(what, bytes.length + " bytes");
        }
        try {
            return present(mapper().readTree(bytes), what);
        } catch (JsonProcessingException malformed) {
            throw refusal(malformed, what);
        } catch (IOException impossible) {
            throw new JsonInputException(what + " cannot be read: " + Quote.prefix(String.valueOf(impossible.getMessage()))
                    + ".", false);
        }
    }

    /**
     * Reads one JSON document from {@code in}, at most {@link JsonLimits#maxBytes()} of it.
     *
     * @throws IOException if {@code in} fails
     */
    public JsonNode read(InputStream in, String what) throws JsonInputException, IOException {
        try {
            return present(mapper().readTree(in), what);
        } catch (JsonProcessingException malformed) {
            throw refusal(malformed, what);
        }
    }

    /**
     * Checks a JSON-shaped value built in memory (maps, lists, strings, numbers, booleans, null), as
     * an embedding application hands a task over, against the same limits a parsed document meets.
     * Walks it without recursion, so a value nested without end (or in a cycle) is refused, not a
     * stack overflow.
     */
    public void check(Object value, String what) throws JsonInputException {
        Deque<Object> pending = new ArrayDeque<>();
        Deque<Integer> depths = new ArrayDeque<>();
        pending.push(value == null ? "" : value);
        depths.push(0);
        long tokens = 0;
        while (!pending.isEmpty()) {
            Object next = pending.pop();
            int depth = depths.pop();
            if (++tokens > limits.maxTokens()) {
                throw over(what, "has more than " + limits.maxTokens() + " values", JsonLimits.MAX_TOKENS);
            }
            if (next instanceof Map<?, ?> || next instanceof Collection<?>) {
                if (depth >= limits.maxDepth()) {
                    throw over(what, "is nested deeper than " + limits.maxDepth() + " levels", JsonLimits.MAX_DEPTH);
                }
                Collection<?> children = next instanceof Map<?, ?> map ? map.values() : (Collection<?>) next;
                if (next instanceof Map<?, ?> map) {
                    for (Object key : map.keySet()) {
                        if (String.valueOf(key).length() > limits.maxNameLength()) {
                            throw over(what, "has a field name longer than " + limits.maxNameLength() + " characters",
                                    JsonLimits.MAX_NAME_LENGTH);
                        }
                    }
                }
                for (Object child : children) {
                    pending.push(child == null ? "" : child);
                    depths.push(depth + 1);
                }
            } else if (next instanceof CharSequence text && text.length() > limits.maxStringLength()) {
                throw over(what, "has a string longer than " + limits.maxStringLength() + " characters",
                        JsonLimits.MAX_STRING_LENGTH);
            } else if ((next instanceof BigDecimal || next instanceof BigInteger)
                    && next.toString().length() > limits.maxNumberLength()) {
                throw over(what, "has a number longer than " + limits.maxNumberLength() + " characters",
                        JsonLimits.MAX_NUMBER_LENGTH);
            }
        }
    }

    private static JsonNode present(JsonNode node, String what) throws JsonInputException {
        if (node == null || node.isMissingNode()) {
            throw new JsonInputException(what + " is empty; it must be one JSON value.", false);
        }
        return node;
    }

    private JsonInputException tooLarge(String what, String size) {
        return over(what, "is " + size + ", longer than the " + limits.maxBytes() + " a JSON document may be",
                JsonLimits.MAX_BYTES);
    }

    private static JsonInputException over(String what, String excess, String property) {
        return new JsonInputException(what + " is refused: it " + excess + " (" + property + "). Send less, or raise "
                + property + " if it is genuine.", true);
    }

    private JsonInputException refusal(JsonProcessingException failure, String what) {
        if (failure instanceof StreamConstraintsException) {
            return constraint(failure, what);
        }
        String reason = failure.getOriginalMessage() == null ? failure.getClass().getSimpleName()
                : failure.getOriginalMessage();
        reason = reason.lines().findFirst().orElse("").strip();
        if (!echo) {
            reason = withoutContent(reason);
        }
        JsonLocation location = failure.getLocation();
        String where = location == null || location.getLineNr() < 1 ? ""
                : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
        return new JsonInputException(what + " is not valid JSON: " + Quote.prefix(reason, 200) + where + ".", false);
    }

    private JsonInputException constraint(JsonProcessingException failure, String what) {
        String message = String.valueOf(failure.getOriginalMessage());
        if (message.contains("nesting depth")) {
            return over(what, "is nested deeper than " + limits.maxDepth() + " levels", JsonLimits.MAX_DEPTH);
        }
        if (message.startsWith("Number")) {
            return over(what, "has a number longer than " + limits.maxNumberLength() + " characters",
                    JsonLimits.MAX_NUMBER_LENGTH);
        }
        if (message.startsWith("String")) {
            return over(what, "has a string longer than " + limits.maxStringLength() + " characters",
                    JsonLimits.MAX_STRING_LENGTH);
        }
        if (message.startsWith("Name")) {
            return over(what, "has a field name longer than " + limits.maxNameLength() + " characters",
                    JsonLimits.MAX_NAME_LENGTH);
        }
        if (message.startsWith("Document length")) {
            return tooLarge(what, "more than " + limits.maxBytes() + " bytes");
        }
        if (message.startsWith("Token count")) {
            return over(what, "has more than " + limits.maxTokens() + " values", JsonLimits.MAX_TOKENS);
        }
        return new JsonInputException(what + " is refused: it goes over a limit of the JSON reader.", true);
    }

    /** Jackson's reason up to the first quotation or parenthesis, where it starts to quote the input. */
    private static String withoutContent(String reason) {
        int cut = reason.length();
        for (char quoteMark : new char[] { '\'', '"', '(', '`' }) {
            int at = reason.indexOf(quoteMark);
            if (at >= 0) {
                cut = Math.min(cut, at);
            }
        }
        String kept = reason.substring(0, cut).strip();
        while (kept.endsWith(":") || kept.endsWith(",")) {
            kept = kept.substring(0, kept.length() - 1).strip();
        }
        return kept.isEmpty() ? "malformed text" : kept;
    }

    private static ObjectMapper build(JsonLimits limits) {
        StreamReadConstraints constraints = StreamReadConstraints.builder()
                .maxNestingDepth(limits.maxDepth())
                .maxStringLength(limits.maxStringLength())
                .maxNumberLength(limits.maxNumberLength())
                .maxNameLength(limits.maxNameLength())
                .maxDocumentLength(limits.maxBytes())
                .maxTokenCount(limits.maxTokens())
                .build();
        JsonFactory factory = PlatformJson.factoryBuilder().streamReadConstraints(constraints)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        return JsonMapper.builder(factory).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    }
}
