package io.prsm.sandbox.entitlements;

import static org.junit.Assert.assertEquals;

import java.io.File;
import java.net.SocketAddress;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.AbstractList;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import org.junit.Test;

/**
 * Describing an act runs none of the caller's code (it runs while the bridge does not check): a
 * value of a class that is not the JDK's is named by its class, and gives an act no plugin is
 * entitled to. Each hostile value here fails the test if one of its methods is called.
 */
public class SinkActsTest {

    private final SinkActs acts = new SinkActs(type -> false);

    /** A File that would act, or lie about its path, if asked. */
    static final class HostileFile extends File {
        private static final long serialVersionUID = 1L;

        HostileFile() {
            super("/tmp/elsewhere");
        }

        @Override
        public Path toPath() {
            throw new AssertionError("toPath was called");
        }

        @Override
        public String getPath() {
            throw new AssertionError("getPath was called");
        }
    }

    @Test
    public void aFileOfThePluginsClassIsNamedNotAsked() {
        Act act = acts.describe("file.write", new HostileFile(), null).get(0);
        assertEquals(Operation.FILE_WRITE, act.operation());
        assertEquals("a path given as an object of class " + HostileFile.class.getName(), act.target());
        assertEquals("no path: the rules refuse it", SinkActs.Foreign.VALUE, act.subject());
    }

    @Test
    public void aFileActNamesTheAbsoluteNormalPathWhateverWayItWasGiven() {
        String cwd = Path.of("").toAbsolutePath().toString();
        for (Object given : List.of("/srv/data/./a/../b", Path.of("/srv/data/a/../../data/b"), new File("/srv//data/b/."),
                Path.of("/srv/data/b"))) {
            Act act = acts.describe("file.read", given, null).get(0);
            assertEquals(String.valueOf(given), "/srv/data/b", act.target());
            // with "." or ".." names the rule also gets the path as given, to walk it as the kernel will
            Object normalized = act.subject() instanceof SinkActs.Dotted dotted ? dotted.normalized() : act.subject();
            assertEquals(String.valueOf(given), Path.of("/srv/data/b"), normalized);
        }
        assertEquals(new SinkActs.Dotted(Path.of("/srv/data/b"), Path.of("/srv/data/./a/../b")),
                acts.describe("file.read", "/srv/data/./a/../b", null).get(0).subject());
        // names that merely start with a dot are names like any other
        assertEquals("/srv/.data/..b", acts.describe("file.read", "/srv/.data/..b", null).get(0).target());
        assertEquals(Path.of(cwd, "x").toString(), acts.describe("file.read", "./x", null).get(0).target());
    }

    @Test
    public void aSocketAddressOfThePluginsClassIsNamedNotAsked() {
        SocketAddress address = new SocketAddress() {
            private static final long serialVersionUID = 1L;

            @Override
            public String toString() {
                throw new AssertionError("toString was called");
            }
        };
        Act act = acts.describe("net.connect", address, null).get(0);
        assertEquals(Operation.CONNECT, act.operation());
        assertEquals("an object of class " + address.getClass().getName(), act.target());
    }

    @Test
    public void optionsOfThePluginsSetAreNotIteratedAndCountAsWriting() {
        Set<OpenOption> options = new AbstractSet<>() {
            @Override
            public Iterator<OpenOption> iterator() {
                throw new AssertionError("the options were iterated");
            }

            @Override
            public int size() {
                return 1;
            }
        };
        assertEquals(Operation.FILE_WRITE, acts.describe("file.open", Path.of("/tmp/x"), options).get(0).operation());
        assertEquals(Operation.FILE_READ, acts.describe("file.open", Path.of("/tmp/x"),
                Set.of(StandardOpenOption.READ)).get(0).operation());
    }

    @Test
    public void aCommandInThePluginsListIsNotRead() {
        List<String> command = new AbstractList<>() {
            @Override
            public String get(int index) {
                throw new AssertionError("the command was read");
            }

            @Override
            public int size() {
                return 1;
            }
        };
        Act act = acts.describe("process.start", new ProcessBuilder(command), null).get(0);
        assertEquals("a command held in an object of class " + command.getClass().getName(), act.target());
        assertEquals("touch /tmp/x", acts.describe("process.start", new ProcessBuilder("touch", "/tmp/x"), null).get(0)
                .target());
    }
}
