package io.prsm.limits;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class BoundedFileTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    @Test
    public void aRegularFileWithinTheLimitIsRead() throws Exception {
        Path file = folder.newFile("policy.json").toPath();
        Files.writeString(file, "{}");
        assertArrayEquals("{}".getBytes(StandardCharsets.UTF_8), BoundedFile.read(file, 10, "p", null));
    }

    @Test
    public void aNamedPipeIsRefusedWithoutOpeningIt() throws Exception {
        Path fifo = folder.getRoot().toPath().resolve("policy.json");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertEquals(0, mkfifo.waitFor());
        IOException refused = assertThrows(IOException.class, () -> BoundedFile.read(fifo, 1000, "p", null));
        assertEquals(fifo + " is not a regular file (a named pipe, socket or device); give a file", refused.getMessage());
    }

    @Test
    public void aDeviceThatNeverEndsIsRefused() {
        IOException refused = assertThrows(IOException.class, () -> BoundedFile.read(Path.of("/dev/zero"), 1000, "p", null));
        assertTrue(refused.getMessage(), refused.getMessage().contains("not a regular file"));
    }

    @Test
    public void aLinkOutOfTheFolderIsRefusedUnlessTheFolderIsNotGiven() throws Exception {
        Path secret = folder.newFile("secret.txt").toPath();
        Files.writeString(secret, "root:x:0:0");
        Path storage = folder.newFolder("storage").toPath();
        Path link = Files.createSymbolicLink(storage.resolve("policy.json"), secret);
        IOException refused = assertThrows(IOException.class, () -> BoundedFile.read(link, 1000, "p", storage));
        assertTrue(refused.getMessage(), refused.getMessage().contains("is a link to " + secret.toRealPath() + ", outside"));
        assertFalse(refused.getMessage(), refused.getMessage().contains("root:x"));
        // the operator named the file: it is read
        assertEquals("root:x:0:0", new String(BoundedFile.read(link, 1000, "p", null), StandardCharsets.UTF_8));

        Path inside = Files.createSymbolicLink(storage.resolve("other.json"), storage.resolve("real.json"));
        Files.writeString(storage.resolve("real.json"), "{}");
        assertEquals("{}", new String(BoundedFile.read(inside, 1000, "p", storage), StandardCharsets.UTF_8));
    }

    @Test
    public void aFileOverTheLimitIsRefusedNamingTheLimit() throws Exception {
        Path file = folder.newFile("big.json").toPath();
        Files.write(file, new byte[2048]);
        OverLimitException refused = assertThrows(OverLimitException.class,
                () -> BoundedFile.read(file, 1024, "prsm.policy.maxBytes", null));
        assertTrue(refused.getMessage(), refused.getMessage().contains("larger than 1 KiB (prsm.policy.maxBytes)"));
    }

    @Test
    public void aFolderOrNothingIsRefused() throws Exception {
        assertTrue(assertThrows(IOException.class, () -> BoundedFile.read(folder.getRoot().toPath(), 10, "p", null))
                .getMessage().endsWith("is a folder, not a file"));
        assertThrows(NoSuchFileException.class, () -> BoundedFile.read(folder.getRoot().toPath().resolve("none"), 10,
                "p", null));
    }
}
