package io.prsm.sample.classifier;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.prsm.api.ConfigurablePlugin;
import io.prsm.api.InvalidTaskException;
import io.prsm.api.Plugin;
import io.prsm.api.PluginConfig;
import io.prsm.api.PluginException;
import io.prsm.api.PluginResponse;
import io.prsm.api.PluginType;
import io.prsm.api.SecurityLevel;
import io.prsm.api.Task;
import io.prsm.api.annotation.PrsmPlugin;

/**
 * An AI model plugin: a naive Bayes classifier of support messages (billing, technical,
 * account, shipping), trained when it initializes from the examples shipped in the bundle, with
 * its leave-one-out accuracy measured then. It needs nothing but the PRSM API, so it runs isolated.
 *
 * <p>Tasks: {@code predict} ({@code text}) and {@code model_info}. Configuration:
 * {@code smoothing}, the additive smoothing of word counts (retrains when changed).
 *
 * <p>Concurrent semantics: thread-safe; the model is immutable and swapped in one volatile write.
 */
@PrsmPlugin(id = "text-classifier", version = "1.0.0", type = PluginType.AI_MODEL, level = SecurityLevel.ISOLATED,
        capabilities = { "text_classification", "model_inference" }, memory = 33_554_432L, cpu = 0.1,
        storage = 65_536L)
@Component(service = Plugin.class)
public final class TextClassifierPlugin implements ConfigurablePlugin {

    @ObjectClassDefinition(pid = "prsm.plugin.text-classifier", name = "Text Classifier")
    @interface Settings {
        @AttributeDefinition(type = AttributeType.DOUBLE, description = "Additive smoothing of word counts",
                min = "0.001", max = "10")
        double smoothing() default 1.0;
    }

    private record Model(NaiveBayes classifier, double smoothing, double accuracy, int examples) {
    }

    private volatile Model model;

    @Override
    public void initialize(PluginConfig config) throws PluginException {
        reconfigure(config);
    }

    @Override
    public void reconfigure(PluginConfig config) throws PluginException {
        double smoothing = config.getDouble("smoothing", 1.0);
        try {
            List<NaiveBayes.Example> examples = TrainingData.read(
                    TextClassifierPlugin.class.getResourceAsStream(TrainingData.RESOURCE));
            model = new Model(new NaiveBayes(examples, smoothing), smoothing,
                    NaiveBayes.leaveOneOutAccuracy(examples, smoothing), examples.size());
        } catch (IOException | IllegalArgumentException e) {
            throw new PluginException("The model cannot be trained: " + e.getMessage());
        }
    }

    @Override
    public PluginResponse execute(Task task) throws PluginException {
        Model current = model;
        return switch (task.type()) {
            case "predict" -> {
                NaiveBayes.Prediction prediction = current.classifier().predict(task.requireString("text"));
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("label", prediction.label());
                data.put("confidence", prediction.confidence());
                data.put("probabilities", prediction.probabilities());
                yield PluginResponse.success(data);
            }
            case "model_info" -> {
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("algorithm", "multinomial naive Bayes");
                data.put("labels", List.copyOf(current.classifier().labels()));
                data.put("training_examples", current.examples());
                data.put("vocabulary_size", current.classifier().vocabularySize());
                data.put("smoothing", current.smoothing());
                data.put("leave_one_out_accuracy", current.accuracy());
                yield PluginResponse.success(data);
            }
            default -> throw new InvalidTaskException("Unknown task type '" + task.type()
                    + "'; this plugin runs predict and model_info");
        };
    }

    @Override
    public void shutdown() {
        model = null;
    }
}
