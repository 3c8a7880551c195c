package io.prsm.docs;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.Before;
import org.junit.Test;

import io.prsm.runtime.embed.StorageFolders;

/**
 * The examples of docs/embedding.md (and docs/operations.md's swap), run as a reader runs them: the shell blocks with bash from a
 * folder laid out like a PRSM checkout after the build, the Java example saved under the name the
 * document gives it. What they print must be what the document says they print.
 */
public class DocsExamplesIT {

    private static final long PROCESS_MINUTES = 3;

    private Path checkout;
    private Document document;
    private Path scratch;

    @Before
    public void layOut() throws IOException {
        checkout = Path.of(System.getProperty("prsm.checkout")).toAbsolutePath().normalize();
        document = Document.read(checkout.resolve("docs/embedding.md"));
        scratch = Path.of(System.getProperty("prsm.itest.storage", "target/itest-storage")).toAbsolutePath()
                .resolve("docs-examples");
        StorageFolders.delete(scratch);
        Files.createDirectories(scratch.resolve("target"));
        for (String folder : List.of("bndrun", "sample-plugins", "sample-bundles")) {
            Files.createSymbolicLink(scratch.resolve(folder), checkout.resolve(folder));
        }
    }

    private String run(String script) throws Exception {
        return Bash.run(scratch, script, "", PROCESS_MINUTES, Map.of());
    }

    @Test
    public void ownProcessExamplePrintsWhatTheDocumentShows() throws Exception {
        assertEquals(document.block("output: own-process"), run(document.block("example: own-process")));
    }

    /** The runbook's swap and roll-back, run as written, print what it shows: an operator copies them. */
    @Test
    public void operationsSwapExamplePrintsWhatTheRunbookShows() throws Exception {
        Document runbook = Document.read(checkout.resolve("docs/operations.md"));
        String printed = run(runbook.block("example: swap"));
        String missing = ShownOutput.missing(runbook.block("output: swap"), printed);
        assertEquals("docs/operations.md shows a line the example does not print:\n" + printed, null, missing);
    }

    @Test
    public void javaExampleCompilesRunsAndPrintsWhatTheDocumentShows() throws Exception {
        String source = document.block("example: java");
        assertTrue("the example is the class the document says to save", source.contains("public class EmbeddedPrsm"));
        Files.writeString(scratch.resolve("EmbeddedPrsm.java"), source);
        assertEquals(document.block("output: java-run"), run(document.block("example: java-run")));
    }
}
