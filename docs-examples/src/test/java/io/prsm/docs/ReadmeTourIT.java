package io.prsm.docs;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.Test;

import io.prsm.runtime.embed.StorageFolders;

/**
 * Issue 18: the README's tour, run as a reader runs it: the start command of its set-up from a
 * checkout after the build, then every {@code prsm>} command of the tour's shell blocks before the
 * HTTP one, each of which must succeed, then the two the README says are refused, which must be;
 * what the README shows {@code prsm:list} print is what it prints.
 */
public class ReadmeTourIT {

    private static final String PROMPT = "prsm> ";

    @Test
    public void readmeTourRunsAsWrittenAndListsWhatItShows() throws Exception {
        Path checkout = Path.of(System.getProperty("prsm.checkout")).toAbsolutePath().normalize();
        String readme = Files.readString(checkout.resolve("README.md"));
        String tour = readme.substring(readme.indexOf("## A five-minute tour"));
        List<String> commands = new ArrayList<>();
        String listed = null;
        for (String block : blocks(tour.substring(0, tour.indexOf("\n## ")))) {
            if (block.contains("curl ")) {
                // the HTTP part needs port 8080 and a token (the admin API has its own tests); the
                // commands after it are refusals, checked below
                break;
            }
            List<String> lines = block.lines().toList();
            for (int i = 0; i < lines.size(); i++) {
                if (!lines.get(i).startsWith(PROMPT)) {
                    continue;
                }
                String command = lines.get(i).substring(PROMPT.length());
                commands.add(command);
                if (command.equals("prsm:list")) {
                    StringBuilder shown = new StringBuilder();
                    for (int j = i + 1; j < lines.size() && !lines.get(j).isBlank()
                            && !lines.get(j).startsWith(PROMPT); j++) {
                        shown.append(lines.get(j)).append('\n');
                    }
                    listed = shown.toString();
                }
            }
        }
        assertTrue("the tour shows what prsm:list prints", listed != null && !listed.isEmpty());
        String refusals = tour.substring(tour.indexOf("an invalid one is refused"));
        List<String> refused = blocks(refusals).get(0).lines().filter(line -> line.startsWith(PROMPT))
                .map(line -> line.substring(PROMPT.length())).toList();
        assertEquals("the README shows two refusals", 2, refused.size());

        Path scratch = Path.of(System.getProperty("prsm.itest.storage", "target/itest-storage")).toAbsolutePath()
                .resolve("readme-tour");
        StorageFolders.delete(scratch);
        Files.createDirectories(scratch);
        for (String folder : List.of("bndrun", "sample-plugins", "sample-bundles")) {
            Files.createSymbolicLink(scratch.resolve(folder), checkout.resolve(folder));
        }
        // the README's start command, with the commands from standard input and no HTTP port to contend for
        String start = readme.substring(readme.indexOf("```\njava -jar") + 4);
        start = start.substring(0, start.indexOf('\n'));
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", start + " --http-port -1 --batch -")
                .directory(scratch.toFile());
        builder.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":"
                + System.getenv("PATH"));
        Process process = builder.start();
        CompletableFuture<String> out = Bash.drained(process.getInputStream());
        CompletableFuture<String> err = Bash.drained(process.getErrorStream());
        // the README's --batch example, as written, while the tour's runtime runs: a second runtime must not clash with the first
        runsBesideTheTour(readme, scratch);
        try (var stdin = process.getOutputStream()) {
            stdin.write((String.join("\n", commands) + "\n" + String.join("\n", refused) + "\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        assertTrue("the tour did not finish within 3 minutes", process.waitFor(3, TimeUnit.MINUTES));
        String printed = out.get();
        String errors = err.get();
        assertEquals("the refusals fail the batch, nothing else:\n" + errors, 1, process.exitValue());
        List<String> failed = errors.lines().filter(line -> line.startsWith("Error on line ")).toList();
        assertEquals("only the refusals failed:\n" + errors, 2, failed.size());
        assertTrue(failed.get(0), failed.get(0).startsWith("Error on line " + (commands.size() + 1) + " ")
                && failed.get(0).contains("invalid, 1 problem"));
        assertTrue(failed.get(1), failed.get(1).startsWith("Error on line " + (commands.size() + 2) + " ")
                && failed.get(1).contains("Refused"));
        assertTrue("prsm:list prints what the README shows:\n" + listed + "\nbut printed:\n" + printed,
                printed.contains(listed));
    }

    /** The README's {@code --batch} example, run as written beside a running runtime: exit 0, the plugin listed. */
    private static void runsBesideTheTour(String readme, Path scratch) throws Exception {
        String example = blocks(readme).stream().filter(block -> block.contains("--batch -")).findFirst().orElseThrow();
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", example).directory(scratch.toFile());
        builder.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":"
                + System.getenv("PATH"));
        Process batch = builder.start();
        CompletableFuture<String> err = Bash.drained(batch.getErrorStream());
        String printed = read(batch.getInputStream());
        assertTrue("the --batch example did not finish within 2 minutes", batch.waitFor(2, TimeUnit.MINUTES));
        assertEquals("the README's --batch example fails:\n" + printed + err.get(), 0, batch.exitValue());
        assertTrue(printed, printed.contains("\"success\" : true") && printed.lines()
                .anyMatch(line -> line.matches("\\d+ +analytics-dashboard +1\\.0\\.0 .* active")));
    }

    /**
     * The README's row for sample-plugins says which of them the folder gathers; the
     * folder holds exactly those (and sample-bundles' analytics-dashboard), as the tour lists them.
     */
    @Test
    public void readmeSaysWhichSamplePluginsTheFolderGathers() throws IOException {
        Path checkout = Path.of(System.getProperty("prsm.checkout")).toAbsolutePath().normalize();
        String row = Files.readString(checkout.resolve("README.md")).lines()
                .filter(line -> line.startsWith("| `sample-plugins/` |")).findFirst().orElseThrow();
        List<String> named = List.of(row.substring(row.indexOf('(') + 1, row.indexOf(')')).split(", "));
        String leftOut = row.substring(row.indexOf("gathers them but ") + "gathers them but ".length());
        leftOut = leftOut.substring(0, leftOut.indexOf(','));
        java.util.Set<String> expected = new java.util.TreeSet<>(named);
        expected.remove(leftOut);
        expected.add("analytics-dashboard");
        java.util.Set<String> gathered = new java.util.TreeSet<>();
        try (var jars = Files.list(checkout.resolve("sample-plugins/target/plugins"))) {
            jars.forEach(jar -> gathered.add(jar.getFileName().toString().replaceFirst("\\.jar$", "")));
        }
        assertTrue(row, named.contains(leftOut));
        assertEquals(row, expected, gathered);
    }

    /** The fenced blocks of {@code text}. */
    private static List<String> blocks(String text) {
        List<String> blocks = new ArrayList<>();
        for (int open = text.indexOf("```"); open >= 0; open = text.indexOf("```", open)) {
            int start = text.indexOf('\n', open) + 1;
            int close = text.indexOf("\n```", start);
            blocks.add(text.substring(start, close));
            open = close + 4;
        }
        return blocks;
    }

    private static String read(java.io.InputStream stream) {
        try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
