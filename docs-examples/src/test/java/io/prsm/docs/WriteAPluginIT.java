package io.prsm.docs;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * The README's "Write a plugin", run as a new author runs it: the three commands in an empty folder
 * outside any checkout, Maven working offline against the local repository only (where this build
 * installed PRSM's artifacts), then the shell line typed into the runtime the third command starts.
 */
public class WriteAPluginIT {

    private static final long PROCESS_MINUTES = 6;

    private AuthorsFolder folder;
    private Document readme;

    @Before
    public void emptyFolder() throws Exception {
        Path checkout = Path.of(System.getProperty("prsm.checkout")).toAbsolutePath().normalize();
        readme = Document.read(checkout.resolve("README.md"));
        folder = AuthorsFolder.create("write-a-plugin");
    }

    @After
    public void deleteFolder() throws Exception {
        folder.close();
    }

    @Test
    public void theThreeCommandsGiveARunningPlugin() throws Exception {
        String commands = readme.block("example: write-a-plugin");
        assertEquals("three commands", 3, commands.lines().count());
        String typed = readme.block("example: write-a-plugin-shell").lines().map(line -> line.replaceFirst("^g! ", ""))
                .collect(Collectors.joining("\n")) + "\n";

        // the generated project is a git-ready plugin project: the plugin, its harness test, the build
        String printed = Bash.run(folder.empty(), commands, typed, PROCESS_MINUTES, Map.of("MAVEN_OPTS", ""));

        Path project = folder.empty().resolve("hello-plugin");
        for (String file : List.of("pom.xml", ".gitignore", "README.md", "src/main/java/com/example/GreeterPlugin.java",
                "src/test/java/com/example/GreeterPluginIT.java", "prsm.jar", "target/hello-plugin-1.0-SNAPSHOT.jar")) {
            assertTrue(file + " is missing from the generated project", Files.isRegularFile(project.resolve(file)));
        }
        assertTrue("the generated harness test ran and passed:\n" + printed,
                printed.contains("Tests run: 2, Failures: 0, Errors: 0, Skipped: 0"));
        String answer = readme.block("output: write-a-plugin-shell");
        assertTrue("the runtime ran the plugin and answered as the README shows; it printed:\n" + printed,
                printed.contains(answer));
    }
}
