package io.prsm.sample.advanced;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class SentimentScorerTest {

    private final SentimentScorer scorer = new SentimentScorer();

    @Test
    public void labelsTheRunbooksExamples() {
        assertEquals("positive", scorer.label("This is great!"));
        assertEquals("negative", scorer.label("This is terrible!"));
        assertEquals("neutral", scorer.label("This is okay"));
    }

    @Test
    public void aNegationFlipsTheWordAfterIt() {
        assertEquals("negative", scorer.label("this is not good"));
        assertEquals("positive", scorer.label("never slow, works"));
    }

    @Test
    public void theScoreWeighsPositiveAgainstNegativeWords() {
        assertEquals(1.0 / 3, scorer.score("great and awesome but broken"), 1e-9);
        assertEquals(0.0, scorer.score("nothing to see"), 0.0);
    }
}
