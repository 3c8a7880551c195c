package io.prsm.sample.classifier;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.util.List;

import org.junit.Test;

public class NaiveBayesTest {

    private static List<NaiveBayes.Example> shipped() throws IOException {
        return TrainingData.read(TextClassifierPlugin.class.getResourceAsStream(TrainingData.RESOURCE));
    }

    @Test
    public void classifiesMessagesItHasNotSeen() throws IOException {
        NaiveBayes model = new NaiveBayes(shipped(), 1.0);
        assertEquals("billing", model.predict("I was billed twice, I want my money refunded").label());
        assertEquals("technical", model.predict("the app shows an error and crashes on startup").label());
        assertEquals("account", model.predict("how do I reset the password of my profile").label());
        assertEquals("shipping", model.predict("where is my parcel, the delivery is late").label());
    }

    @Test
    public void probabilitiesSumToOneAndFavourTheLabel() throws IOException {
        NaiveBayes.Prediction prediction = new NaiveBayes(shipped(), 1.0).predict("refund my payment");
        assertEquals(1.0, prediction.probabilities().values().stream().mapToDouble(Double::doubleValue).sum(), 1e-9);
        assertTrue(prediction.confidence() > 0.5);
    }

    @Test
    public void learnsFromTheCountsItWasGiven() {
        NaiveBayes tiny = new NaiveBayes(List.of(new NaiveBayes.Example("fruit", "apple banana"),
                new NaiveBayes.Example("car", "engine wheel")), 1.0);
        assertEquals("fruit", tiny.predict("banana").label());
        assertEquals("car", tiny.predict("wheel engine").label());
        // no known word: the prior decides, and both labels are equally likely
        assertEquals(0.5, tiny.predict("zebra").confidence(), 1e-9);
    }

    @Test
    public void theShippedExamplesAreLearnableBeyondChance() throws IOException {
        // four balanced labels: chance is 0.25
        assertTrue(NaiveBayes.leaveOneOutAccuracy(shipped(), 1.0) > 0.6);
    }
}
