package io.prsm.docs;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.Test;

/**
 * docs/tutorial.md, walked as a new author walks it, from an empty folder outside the checkout
 * with Maven offline against the local repository. Every fenced block of the tutorial is marked
 * with what a reader does with it, and this test does the same:
 * <ul>
 * <li>{@code run DIR}: the commands, with bash in DIR (the block marked {@code typed} after it, if
 * any, is what the reader types into the shell they start);</li>
 * <li>{@code expect}: text the previous commands printed;</li>
 * <li>{@code generated FILE}: what the archetype wrote to FILE, word for word;</li>
 * <li>{@code write FILE}: the file the reader saves.</li>
 * </ul>
 * A block without a marker fails the test: nothing in the tutorial goes unrun. The tutorial starts
 * with the README's "Write a plugin" (the three commands from an empty folder, then a line typed
 * into the runtime they start), block for block, so this test runs that too.
 */
public class TutorialIT {

    private static final long STEP_MINUTES = 5;

    @Test
    public void theTutorialRunsAsWritten() throws Exception {
        Path checkout = Path.of(System.getProperty("prsm.checkout")).toAbsolutePath().normalize();
        Document tutorial = Document.read(checkout.resolve("docs/tutorial.md"));
        List<Document.Block> blocks = tutorial.blocks("tutorial");
        assertEquals("every block of the tutorial is marked with what a reader does with it", tutorial.fencedBlocks(),
                blocks.size());
        Document readme = Document.read(checkout.resolve("README.md"));
        assertEquals("the tutorial starts with the README's three commands", readme.block("example: write-a-plugin"),
                blocks.get(0).content());
        assertEquals("then the README's shell line", readme.block("example: write-a-plugin-shell"),
                blocks.get(1).content());
        assertEquals("and the README's answer", readme.block("output: write-a-plugin-shell"), blocks.get(2).content());

        try (AuthorsFolder folder = AuthorsFolder.create("tutorial")) {
            String printed = null;
            for (int i = 0; i < blocks.size(); i++) {
                Document.Block block = blocks.get(i);
                String[] marker = block.marker().split(" ", 2);
                switch (marker[0]) {
                    case "run" -> {
                        String typed = "";
                        if (i + 1 < blocks.size() && blocks.get(i + 1).marker().equals("typed")) {
                            typed = blocks.get(++i).content().lines().map(line -> line.replaceFirst("^prsm> ", ""))
                                    .collect(Collectors.joining("\n", "", "\n"));
                        }
                        printed = Bash.run(folder.empty().resolve(marker[1]), block.content(), typed, STEP_MINUTES,
                                Map.of("MAVEN_OPTS", ""));
                    }
                    case "expect" -> {
                        assertTrue("nothing was run before this expect block", printed != null);
                        assertTrue("the tutorial says this is printed:\n" + block.content() + "\nbut it printed:\n"
                                + printed, printed.contains(block.content()));
                    }
                    case "generated" -> assertEquals("the tutorial shows " + marker[1] + " as the archetype writes it",
                            block.content(), Files.readString(folder.empty().resolve(marker[1])).strip());
                    case "write" -> Files.writeString(folder.empty().resolve(marker[1]), block.content() + "\n");
                    default -> fail("Unknown tutorial marker '" + block.marker() + "'");
                }
            }
            for (String file : List.of("pom.xml", ".gitignore", "README.md", "prsm.jar",
                    "src/test/java/com/example/GreeterPluginIT.java")) {
                assertTrue("the generated project has " + file, Files.isRegularFile(folder.empty().resolve("greeter")
                        .resolve(file)));
            }
            // what the tutorial made (jars, storage and repository folders) is not for the author's repository
            String wouldCommit = Bash.run(folder.empty().resolve("greeter"), "git init -q . && git add --dry-run -A", "",
                    STEP_MINUTES, Map.of());
            for (String line : wouldCommit.strip().split("\n")) {
                String file = line.replaceFirst("^add '(.*)'$", "$1");
                assertTrue("the project's .gitignore keeps out what the tutorial made, but git would add " + file
                        + ":\n" + wouldCommit, List.of("pom.xml", ".gitignore", "README.md").contains(file)
                        || file.startsWith("src/"));
            }
        }
    }
}
