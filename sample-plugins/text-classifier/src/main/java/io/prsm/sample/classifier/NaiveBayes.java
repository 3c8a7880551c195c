package io.prsm.sample.classifier;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A multinomial naive Bayes text classifier with Laplace (additive) smoothing: it counts words
 * per label when trained and, for a text, picks the label with the highest log-probability.
 *
 * <p>Concurrent semantics: immutable once built.
 */
final class NaiveBayes {

    /** A labelled text. */
    record Example(String label, String text) {
    }

    /** A prediction: the label and each label's probability. */
    record Prediction(String label, Map<String, Double> probabilities) {
        double confidence() {
            return probabilities.get(label);
        }
    }

    private static final Set<String> STOP_WORDS = Set.of("a", "an", "the", "i", "my", "me", "is", "are", "was", "to",
            "of", "and", "or", "for", "in", "on", "at", "it", "this", "that", "do", "does", "did", "be", "can", "how",
            "please", "you", "your", "with", "but", "not", "no", "after", "by", "when", "what", "why");

    private final double smoothing;
    private final Map<String, Integer> documents = new LinkedHashMap<>();
    private final Map<String, Map<String, Integer>> wordCounts = new HashMap<>();
    private final Map<String, Integer> totalWords = new HashMap<>();
    private final Set<String> vocabulary = new TreeSet<>();
    private int examples;

    NaiveBayes(List<Example> training, double smoothing) {
        if (training.isEmpty()) {
            throw new IllegalArgumentException("A classifier needs at least one training example");
        }
        if (!(smoothing > 0)) {
            throw new IllegalArgumentException("Smoothing must be positive, not " + smoothing);
        }
        this.smoothing = smoothing;
        for (Example example : training) {
            examples++;
            documents.merge(example.label(), 1, Integer::sum);
            Map<String, Integer> counts = wordCounts.computeIfAbsent(example.label(), label -> new HashMap<>());
            for (String word : words(example.text())) {
                counts.merge(word, 1, Integer::sum);
                totalWords.merge(example.label(), 1, Integer::sum);
                vocabulary.add(word);
            }
        }
    }

    static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        for (String word : text.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
            if (word.length() > 1 && !STOP_WORDS.contains(word)) {
                words.add(word);
            }
        }
        return words;
    }

    Prediction predict(String text) {
        List<String> words = words(text);
        Map<String, Double> logs = new LinkedHashMap<>();
        for (String label : documents.keySet()) {
            double log = Math.log(documents.get(label) / (double) examples);
            Map<String, Integer> counts = wordCounts.get(label);
            double denominator = totalWords.getOrDefault(label, 0) + smoothing * vocabulary.size();
            for (String word : words) {
                if (vocabulary.contains(word)) {
                    log += Math.log((counts.getOrDefault(word, 0) + smoothing) / denominator);
                }
            }
            logs.put(label, log);
        }
        double max = logs.values().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        double sum = logs.values().stream().mapToDouble(log -> Math.exp(log - max)).sum();
        Map<String, Double> probabilities = new LinkedHashMap<>();
        String best = null;
        for (Map.Entry<String, Double> entry : logs.entrySet()) {
            probabilities.put(entry.getKey(), Math.exp(entry.getValue() - max) / sum);
            if (best == null || entry.getValue() > logs.get(best)) {
                best = entry.getKey();
            }
        }
        return new Prediction(best, probabilities);
    }

    Set<String> labels() {
        return documents.keySet();
    }

    int vocabularySize() {
        return vocabulary.size();
    }

    /** Leave-one-out accuracy: each example predicted by a model trained on all the others. */
    static double leaveOneOutAccuracy(List<Example> examples, double smoothing) {
        int correct = 0;
        for (int i = 0; i < examples.size(); i++) {
            List<Example> rest = new ArrayList<>(examples);
            Example held = rest.remove(i);
            if (new NaiveBayes(rest, smoothing).predict(held.text()).label().equals(held.label())) {
                correct++;
            }
        }
        return correct / (double) examples.size();
    }
}
