package io.prsm.distribution;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.Test;

/**
 * The marketplace across two processes, as a plugin author and an operator meet: the author's CI
 * publishes the plugin and its libraries with {@code java -jar prsm.jar publish JAR FOLDER} (no
 * runtime running), and another runtime adds the folder as a repository, finds the plugin and
 * installs it by id with its libraries.
 */
public class PublishIT {

    @Test
    public void aPluginPublishedFromTheCommandLineIsFoundAndInstalledWithItsLibrariesOnAnotherRuntime()
            throws Exception {
        Path folder = PrsmProcess.freshFolder("published").resolve("repository");
        for (String sample : new String[] {"prsm.market.shoutBase", "prsm.market.shoutText", "prsm.market.shouter1"}) {
            JarCheckIT.Run publish = JarCheckIT.run("publish", System.getProperty(sample), folder.toString());
            assertEquals(publish.out() + publish.err(), 0, publish.code());
            assertTrue(publish.out(), publish.out().startsWith("PUBLISHED "));
        }

        Path storage = PrsmProcess.freshFolder("operator");
        // the operator lets sandbox plugins use the shout-text library (the default policy does not)
        Files.writeString(storage.resolve("policy.json"), "{\"levels\": {\"sandbox\": {\"packages\": [\"io.prsm.api.*\", "
                + "\"com.fasterxml.jackson.*\", \"org.slf4j.*\", \"io.prsm.sample.market.text\"]}}}");
        PrsmProcess runtime = PrsmProcess.batch(storage, storage.resolve("plugins"),
                "prsm:repo add team " + folder,
                "prsm:search shout",
                "prsm:install shouter",
                "prsm:exec shouter '{\"type\":\"shout\",\"config\":{\"text\":\"published\"}}'");
        assertEquals(runtime.stdout() + runtime.stderr(), 0, runtime.exitCode());
        assertTrue(runtime.stdout(), runtime.stdout().contains("shouter  1.0.0  utility  sandbox  team"));
        assertTrue(runtime.stdout(), runtime.stdout().contains("shouter 1.0.0 from repository team, with the libraries "
                + "io.prsm.sample.market.base "));
        assertTrue(runtime.stdout(), runtime.stdout().contains("\"text\" : \"PUBLISHED!\""));
    }

    @Test
    public void anInvalidPluginIsRefusedWithTheReasonsAndTheFolderStaysEmpty() throws Exception {
        Path folder = PrsmProcess.freshFolder("refused");
        JarCheckIT.Run publish = JarCheckIT.run("publish", System.getProperty("prsm.sample.invalidVersion"),
                folder.toString());
        assertEquals(publish.out() + publish.err(), 1, publish.code());
        assertTrue(publish.out(), publish.out().startsWith("Refused to publish "));
        assertTrue(publish.out(), publish.out().contains("is not a semantic version"));
        try (var left = Files.list(folder)) {
            assertEquals(0, left.count());
        }
    }

    @Test
    public void aTrustedPluginIsPublishedOnlyAgainstTheOperatorsPolicy() throws Exception {
        Path folder = PrsmProcess.freshFolder("trusted").resolve("repository");
        String trusted = System.getProperty("prsm.trusted.tempFile");

        JarCheckIT.Run withoutPolicy = JarCheckIT.run("publish", trusted, folder.toString());
        assertEquals(withoutPolicy.out() + withoutPolicy.err(), 2, withoutPolicy.code());
        assertTrue(withoutPolicy.err(), withoutPolicy.err().startsWith(trusted + " declares level trusted")
                && withoutPolicy.err().contains("--policy POLICY_JSON"));
        assertTrue(Files.notExists(folder));

        Path nowhere = folder.resolveSibling("no-policy.json");
        JarCheckIT.Run missing = JarCheckIT.run("publish", trusted, folder.toString(), "--policy", nowhere.toString());
        assertEquals(missing.out() + missing.err(), 2, missing.code());
        assertTrue(missing.err(), missing.err().startsWith("No policy file at " + nowhere));

        Path policy = folder.resolveSibling("policy.json");
        Files.writeString(policy, "{\"trusted\": {\"trusted-temp-file\": \"\"}}");
        JarCheckIT.Run published = JarCheckIT.run("publish", trusted, folder.toString(), "--policy", policy.toString());
        assertEquals(published.out() + published.err(), 0, published.code());
        assertTrue(published.out(), published.out().startsWith("PUBLISHED plugin trusted-temp-file "));
    }
}
