package io.prsm.agent;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.function.ThrowingRunnable;

import io.prsm.bridge.EntitlementChecker;
import io.prsm.bridge.EntitlementDeniedException;
import io.prsm.bridge.Entitlements;

/**
 * The agent as the JVM loads it ({@code -javaagent}, see the failsafe configuration): the bridge is
 * on the boot class path and each kind of sink, reached through its public APIs, asks the checker
 * first with the sink name and target, so a refusal leaves no side effect. The checker here
 * refuses whatever names the marker; the real one is the gatekeeper's.
 */
public class AgentIT {

    private static final String MARK = "prsm-refused";
    private final List<String> asked = new CopyOnWriteArrayList<>();
    private final EntitlementChecker checker = new EntitlementChecker() {
        @Override
        public void check(String sink, Object target, Object detail) {
            Object shown = target instanceof ProcessBuilder process ? process.command() : target;
            String described = sink + " " + shown + (detail == null ? "" : " " + detail);
            if (described.contains(MARK) && !sink.startsWith("thread.manage")) {
                asked.add(described);
                throw new EntitlementDeniedException("test", sink, String.valueOf(target), "never");
            }
            if (sink.startsWith("jvm.") || sink.startsWith("process.") || sink.startsWith("classloader.")
                    || sink.startsWith("net.") || sink.startsWith("thread.start") || sink.startsWith("terminal.")
                    || sink.equals("file.symlink") || sink.equals("thread.manage:getStackTrace")) {
                asked.add(described);
            }
        }

        @Override
        public boolean isPlatform(Class<?> caller) {
            return caller == AgentIT.class;
        }
    };

    @Before
    public void installChecker() {
        Entitlements.install(checker);
    }

    @After
    public void removeChecker() {
        Entitlements.uninstall(checker);
    }

    @Test
    public void theTerminalAsksFirst() throws Exception {
        assertTrue("System.in is the agent's", System.in instanceof StandardInput);
        try (StandardInput in = new StandardInput(new java.io.ByteArrayInputStream(new byte[] { 7 }))) {
            assertEquals(7, in.read());
        }
        new FileInputStream(java.io.FileDescriptor.in);
        System.console();
        assertEquals(List.of("terminal.read null", "terminal.descriptor " + java.io.FileDescriptor.in,
                "terminal.console null"), asked);
    }

    @Test
    public void theBridgeIsOnTheBootClassPath() {
        assertTrue(Entitlements.agentLoaded());
        assertTrue(EntitlementAgent.installed());
    }

    @Test
    public void fileSinksAskBeforeTheyOpenCreateOrDelete() throws Exception {
        Path folder = Files.createTempDirectory("agent-it");
        Path refused = folder.resolve(MARK + ".txt");
        assertThrows(EntitlementDeniedException.class, () -> new FileOutputStream(refused.toFile()).close());
        assertThrows(EntitlementDeniedException.class, () -> new FileOutputStream(refused.toString()).close());
        assertThrows(EntitlementDeniedException.class, () -> Files.writeString(refused, "x"));
        assertThrows(EntitlementDeniedException.class, () -> new RandomAccessFile(refused.toFile(), "rw").close());
        assertThrows(EntitlementDeniedException.class, () -> refused.toFile().createNewFile());
        assertThrows(EntitlementDeniedException.class, () -> Files.createDirectory(refused));
        Entitlements.uninstall(checker);
        assertFalse(Files.exists(refused));
        Files.writeString(refused, "kept");
        Entitlements.install(checker);
        assertThrows(EntitlementDeniedException.class, () -> new FileInputStream(refused.toFile()).close());
        assertThrows(EntitlementDeniedException.class, () -> Files.readString(refused));
        assertThrows(EntitlementDeniedException.class, () -> Files.delete(refused));
        assertThrows(EntitlementDeniedException.class, () -> refused.toFile().delete());
        assertThrows(EntitlementDeniedException.class, () -> Files.move(refused, folder.resolve("moved")));
        assertThrows(EntitlementDeniedException.class, () -> new java.util.Scanner(refused.toFile()).close());
        assertThrows(EntitlementDeniedException.class, () -> new java.io.PrintStream(refused.toString()).close());
        Entitlements.uninstall(checker);
        assertEquals("kept", Files.readString(refused));
    }

    /**
     * The routes an attacker found beside the instrumented methods (docs/security.md): each asks
     * before it acts.
     */
    @Test
    public void routesBesideTheFirstSinksAskToo() throws Exception {
        Entitlements.uninstall(checker);
        Path folder = Files.createTempDirectory("agent-it");
        Path marked = Files.createDirectory(folder.resolve(MARK));
        Files.writeString(marked.resolve("kept"), "kept");
        Entitlements.install(checker);
        assertThrows(EntitlementDeniedException.class, () -> marked.toFile().listFiles());
        assertThrows(EntitlementDeniedException.class, () -> marked.toFile().list((dir, name) -> true));
        assertThrows(EntitlementDeniedException.class, () -> File.createTempFile("made", ".txt", marked.toFile()));
        assertThrows(EntitlementDeniedException.class, () -> Files.createSymbolicLink(folder.resolve("up"), marked));
        // a link copied as a link is made where the copy goes, from the copied link
        Files.copy(Files.createSymbolicLink(folder.resolve("link"), folder), folder.resolve("copied"),
                java.nio.file.LinkOption.NOFOLLOW_LINKS);
        assertTrue(asked.toString(), asked.contains("file.symlink " + folder.resolve("copied") + " " + folder.resolve("link")));
        try (java.nio.file.DirectoryStream<Path> open = Files.newDirectoryStream(folder)) {
            if (open instanceof java.nio.file.SecureDirectoryStream<Path> secure) {
                assertThrows(EntitlementDeniedException.class, () -> secure.newByteChannel(Path.of(MARK, "kept"),
                        java.util.Set.of(java.nio.file.StandardOpenOption.READ)).close());
                assertThrows(EntitlementDeniedException.class, () -> secure.deleteFile(Path.of(MARK, "kept")));
            }
        }
        Entitlements.uninstall(checker);
        assertEquals(List.of(marked.resolve("kept")), Files.list(marked).toList());
        Entitlements.install(checker);
        try (ServerSocket server = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                SocketChannel channel = SocketChannel.open()) {
            channel.socket().connect(server.getLocalSocketAddress());
            assertTrue(asked.toString(), asked.stream().anyMatch(line -> line.startsWith("net.connect")
                    && line.endsWith(":" + server.getLocalPort())));
        }
        java.net.InetAddress.getByAddress(new byte[] { 127, 0, 0, 1 }).getHostName();
        assertTrue(asked.toString(), asked.stream().anyMatch(line -> line.startsWith("net.reverse")));
        // null sets nothing: the JVM keeps no builder, yet the sink asked first
        javax.naming.spi.NamingManager.setInitialContextFactoryBuilder(null);
        assertTrue(asked.toString(), asked.contains("jvm.defaults:NamingManager.setInitialContextFactoryBuilder null"));
        // another thread's stack, and every thread's, are asked for before they are read
        Thread.getAllStackTraces();
        assertTrue(asked.toString(), asked.stream().anyMatch(line -> line.startsWith("jvm.management:Thread.getAllStackTraces")));
        new Thread(() -> { }, "never-started").getStackTrace();
        assertTrue(asked.toString(), asked.stream().anyMatch(line -> line.startsWith("thread.manage:getStackTrace")
                && line.contains("never-started")));
    }

    @Test
    public void networkSinksAskBeforeTheyConnectBindOrSend() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            int port = server.getLocalPort();
            new Socket(java.net.InetAddress.getLoopbackAddress(), port).close();
            assertTrue(asked.toString(), asked.stream().anyMatch(line -> line.startsWith("net.connect")
                    && line.endsWith("127.0.0.1:" + port)));
            try (SocketChannel channel = SocketChannel.open()) {
                channel.connect(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port));
            }
            assertTrue(asked.stream().filter(line -> line.startsWith("net.connect")).count() >= 2);
        }
        assertThrows(EntitlementDeniedException.class, () -> new URI("http://" + MARK + ".invalid/").toURL().openConnection());
        HttpClient client = HttpClient.newHttpClient();
        assertThrows(EntitlementDeniedException.class, () -> client.send(
                HttpRequest.newBuilder(new URI("http://" + MARK + ".invalid/")).build(), HttpResponse.BodyHandlers.discarding()));
        assertThrows(EntitlementDeniedException.class, () -> java.net.InetAddress.getByName(MARK + ".invalid"));
    }

    @Test
    public void processJvmAndCodeSinksAsk() throws Exception {
        Path marker = Files.createTempDirectory("agent-it").resolve("ran");
        assertThrows(EntitlementDeniedException.class,
                () -> new ProcessBuilder("touch", marker.toString(), MARK).start());
        assertFalse("the process never started", Files.exists(marker));
        Locale before = Locale.getDefault();
        Locale.setDefault(before);
        assertTrue(asked.toString(), asked.contains("jvm.defaults:Locale.setDefault null"));
        new URLClassLoader(new java.net.URL[0]).close();
        assertTrue(asked.stream().anyMatch(line -> line.startsWith("classloader.create java.net.URLClassLoader")));
        Thread thread = new Thread(() -> { }, MARK);
        assertThrows(EntitlementDeniedException.class, thread::start);
        assertEquals(Thread.State.NEW, thread.getState());
    }

    /** Runtime.gc is native: reached by reflection or a method handle, it is checked where those reach it. */
    @Test
    public void runtimeGcByReflectionOrAMethodHandleAsksWhereItIsReached() throws Throwable {
        java.lang.reflect.Method gc = Runtime.class.getMethod("gc");
        java.lang.invoke.MethodType returnsNothing = java.lang.invoke.MethodType.methodType(void.class);
        List<ThrowingRunnable> routes = List.of(() -> gc.invoke(Runtime.getRuntime()),
                () -> java.lang.invoke.MethodHandles.publicLookup().findVirtual(Runtime.class, "gc", returnsNothing),
                () -> java.lang.invoke.MethodHandles.lookup().unreflect(gc),
                () -> java.lang.invoke.MethodHandles.lookup().bind(Runtime.getRuntime(), "gc", returnsNothing),
                () -> new java.beans.Statement(Runtime.getRuntime(), "gc", new Object[0]).execute());
        EntitlementChecker refusing = new EntitlementChecker() {
            @Override
            public void check(String sink, Object target, Object detail) {
                if (sink.equals("jvm.gc:Runtime.gc")) {
                    asked.add(sink);
                    throw new EntitlementDeniedException("test", "gc", "Runtime.gc", "never");
                }
            }

            @Override
            public boolean isPlatform(Class<?> caller) {
                return caller == AgentIT.class;
            }
        };
        Entitlements.install(refusing);
        try {
            for (ThrowingRunnable route : routes) {
                int before = asked.size();
                assertThrows(EntitlementDeniedException.class, route);
                assertTrue("asked once more", asked.size() > before);
            }
            // another member of Runtime, and a method named gc of another class, are no act
            int before = asked.size();
            Runtime.class.getMethod("availableProcessors").invoke(Runtime.getRuntime());
            java.lang.invoke.MethodHandles.publicLookup().findStatic(System.class, "gc", returnsNothing);
            assertEquals(before, asked.size());
        } finally {
            Entitlements.install(checker);
        }
    }

    /** A class outside the JDK, reached only by reflection in the test below. */
    public static final class Outside {
        public static int count;

        public Outside() {
        }

        public static void touch() {
            count++;
        }
    }

    /**
     * Every reflective way to a member of a class outside the JDK asks {@code reflection.member}
     * with the class and the member's name before it acts (the gatekeeper decides whether the
     * plugin could link it); a JDK class's members never ask.
     */
    @Test
    public void membersOfClassesOutsideTheJdkAskWhereverReflectionReachesThem() throws Throwable {
        java.lang.invoke.MethodHandles.Lookup lookup = java.lang.invoke.MethodHandles.publicLookup();
        java.lang.invoke.MethodType nothing = java.lang.invoke.MethodType.methodType(void.class);
        java.lang.reflect.Field count = Outside.class.getField("count");
        List<ThrowingRunnable> routes = List.of(() -> Outside.class.getMethod("touch").invoke(null),
                () -> Outside.class.getConstructor().newInstance(),
                () -> count.get(null), () -> count.getInt(null), () -> count.set(null, 1), () -> count.setInt(null, 2),
                () -> lookup.findStatic(Outside.class, "touch", nothing),
                () -> lookup.findConstructor(Outside.class, nothing),
                () -> lookup.findStaticGetter(Outside.class, "count", int.class),
                () -> lookup.findStaticVarHandle(Outside.class, "count", int.class),
                () -> java.lang.invoke.MethodHandles.lookup().unreflectVarHandle(count),
                () -> new java.beans.Statement(Outside.class, "touch", new Object[0]).execute());
        List<String> members = new CopyOnWriteArrayList<>();
        EntitlementChecker refusing = new EntitlementChecker() {
            @Override
            public void check(String sink, Object target, Object detail) {
                if (sink.equals("reflection.member")) {
                    members.add(((Class<?>) target).getSimpleName() + "." + detail);
                    throw new EntitlementDeniedException("test", "use", String.valueOf(detail), "never");
                }
            }

            @Override
            public boolean isPlatform(Class<?> caller) {
                return caller == AgentIT.class;
            }
        };
        Entitlements.install(refusing);
        try {
            for (int i = 0; i < routes.size(); i++) {
                int before = members.size();
                assertThrows("route " + i, EntitlementDeniedException.class, routes.get(i));
                assertTrue("asked once more: " + members, members.size() > before);
                assertTrue(members.toString(), members.get(members.size() - 1).startsWith("Outside."));
            }
            assertEquals("nothing acted", 0, Outside.count);
            int before = members.size();
            String.class.getMethod("length").invoke("abc");
            lookup.findVirtual(String.class, "isEmpty", java.lang.invoke.MethodType.methodType(boolean.class));
            Integer.class.getField("MAX_VALUE").get(null);
            assertEquals(members.toString(), before, members.size());
        } finally {
            Entitlements.install(checker);
        }
    }

    @Test
    public void aCheckThatActsIsNotCheckedAgain() {
        EntitlementChecker acting = new EntitlementChecker() {
            @Override
            public void check(String sink, Object target, Object detail) {
                asked.add(sink);
                new File("nested").exists();
            }

            @Override
            public boolean isPlatform(Class<?> caller) {
                return caller == AgentIT.class;
            }
        };
        Entitlements.install(acting);
        try {
            new File("outer").exists();
        } finally {
            Entitlements.uninstall(acting);
        }
        assertEquals(List.of("file.read"), asked);
    }
}
