package io.prsm.sample.classifier;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the labelled examples shipped in the bundle: one {@code label<TAB>text} per line;
 * blank lines and lines starting with {@code #} are skipped.
 *
 * <p>Concurrent semantics: stateless.
 */
final class TrainingData {

    static final String RESOURCE = "training.tsv";

    private TrainingData() {
    }

    static List<NaiveBayes.Example> read(InputStream in) throws IOException {
        if (in == null) {
            throw new IOException("The bundle has no " + RESOURCE + " to train from");
        }
        List<NaiveBayes.Example> examples = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            int number = 0;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                number++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int tab = line.indexOf('\t');
                if (tab <= 0 || tab == line.length() - 1) {
                    throw new IOException(RESOURCE + " line " + number + " is not label<TAB>text: " + line);
                }
                examples.add(new NaiveBayes.Example(line.substring(0, tab).trim(), line.substring(tab + 1).trim()));
            }
        }
        return examples;
    }
}
