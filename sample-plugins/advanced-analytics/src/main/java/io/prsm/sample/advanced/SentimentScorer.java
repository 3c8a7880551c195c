package io.prsm.sample.advanced;

import java.util.Locale;
import java.util.Set;

/**
 * Lexicon sentiment: counts positive and negative words, flipping a word preceded by a negation
 * ("not good" counts as negative), and calls the text positive, negative or neutral.
 *
 * <p>Concurrent semantics: immutable.
 */
final class SentimentScorer {

    private static final Set<String> POSITIVE = Set.of("good", "great", "excellent", "awesome", "love", "like",
            "happy", "thanks", "thank", "nice", "perfect", "fantastic", "helpful", "wonderful", "glad", "amazing");
    private static final Set<String> NEGATIVE = Set.of("bad", "terrible", "awful", "horrible", "hate", "broken",
            "angry", "sad", "slow", "worst", "useless", "annoying", "disappointed", "fail", "failed", "bug");
    private static final Set<String> NEGATIONS = Set.of("not", "no", "never", "don't", "isn't", "wasn't", "can't");

    /** The label of {@code text}: {@code positive}, {@code negative} or {@code neutral}. */
    String label(String text) {
        double score = score(text);
        return score > 0 ? "positive" : score < 0 ? "negative" : "neutral";
    }

    /** Positive minus negative words over all sentiment words, from -1 to 1; 0 for none. */
    double score(String text) {
        String[] words = text.toLowerCase(Locale.ROOT).split("[^a-z']+");
        int positive = 0;
        int negative = 0;
        for (int i = 0; i < words.length; i++) {
            boolean negated = i > 0 && NEGATIONS.contains(words[i - 1]);
            if (POSITIVE.contains(words[i])) {
                if (negated) {
                    negative++;
                } else {
                    positive++;
                }
            } else if (NEGATIVE.contains(words[i])) {
                if (negated) {
                    positive++;
                } else {
                    negative++;
                }
            }
        }
        int total = positive + negative;
        return total == 0 ? 0 : (positive - negative) / (double) total;
    }

    /** The numeric value of a label, as the dashboard averages it. */
    static double value(String label) {
        return switch (label) {
            case "positive" -> 1.0;
            case "negative" -> -1.0;
            default -> 0.0;
        };
    }
}
