package io.prsm.sample.hostile;

import java.beans.EventHandler;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Proxy;
import java.net.SocketAddress;
import java.nio.channels.SeekableByteChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Component;

import io.prsm.api.Plugin;
import io.prsm.api.PluginConfig;
import io.prsm.api.PluginException;
import io.prsm.api.PluginResponse;
import io.prsm.api.PluginType;
import io.prsm.api.SecurityLevel;
import io.prsm.api.Task;
import io.prsm.api.annotation.PrsmPlugin;

/**
 * Hostile fixture, level sandbox: the holes an attacker found in the run-time layer with the scan
 * switched off. The task's {@code target} is {@code route|out|data}: which route, the host file it
 * must not create ({@code out}, and {@code out.process} for a process), and its own data folder.
 * Routes: {@code null-checker} (open the bridge's checker field through
 * {@code MethodHandle.invokeWithArguments}, a JDK frame, and null it), {@code define-unwoven}
 * (define a class the weaving never sees through {@code Lookup.defineClass}), {@code reentrant-file}
 * (a File whose {@code toPath} acts while the check describes it), {@code lying-file} (a File that
 * tells the check its data folder), {@code reentrant-socket} (a SocketAddress whose {@code toString}
 * acts), {@code reentrant-options} (open options whose iterator acts), {@code event-handler} (an
 * EventHandler made with its constructor, run by a pool thread), {@code direct-lambda} (a lambda
 * class made by calling LambdaMetafactory itself, run by a pool thread).
 */
@PrsmPlugin(id = "turns-the-run-time-layer-off", version = "1.0.0", type = PluginType.UTILITY,
        level = SecurityLevel.SANDBOX, capabilities = "attack")
@Component(service = Plugin.class)
public final class TurnsTheRunTimeLayerOffPlugin implements Plugin {

    @Override
    public void initialize(PluginConfig config) {
        // the attack waits for a task
    }

    @Override
    public PluginResponse execute(Task task) throws PluginException {
        String[] target = task.requireString("target").split("\\|", -1);
        try {
            return PluginResponse.success(attack(target[0], target[1], target.length > 2 ? target[2] : ""));
        } catch (Exception | LinkageError e) {
            throw new PluginException(e.toString(), e);
        } catch (Throwable other) {
            throw new PluginException(other.toString(), new RuntimeException(other));
        }
    }

    private static String attack(String route, String out, String data) throws Throwable {
        return switch (route) {
            case "null-checker" -> nullTheChecker(out);
            case "define-unwoven" -> defineUnwoven().getName();
            case "reentrant-file" -> read(new ActingFile(out));
            case "lying-file" -> write(new LyingFile(out, data));
            case "reentrant-socket" -> connect(out);
            case "reentrant-options" -> open(out, data);
            case "event-handler" -> eventHandler(out);
            case "direct-lambda" -> directLambda(out);
            default -> throw new IllegalArgumentException("no route " + route);
        };
    }

    static void act(String out) {
        try {
            write(new File(out));
            new ProcessBuilder("touch", out + ".process").start().waitFor();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    static String write(File file) throws IOException {
        try (FileOutputStream stream = new FileOutputStream(file)) {
            stream.write("written by turns-the-run-time-layer-off\n".getBytes(StandardCharsets.UTF_8));
        }
        return "wrote " + file;
    }

    private static String read(File file) throws IOException {
        try (FileInputStream in = new FileInputStream(file)) {
            return "read " + in.read();
        }
    }

    private static String nullTheChecker(String out) throws Throwable {
        Field checker = Class.forName("io.prsm.bridge.Entitlements", false, null).getDeclaredField("checker");
        MethodHandle setAccessible = MethodHandles.lookup().findVirtual(Field.class, "setAccessible",
                MethodType.methodType(void.class, boolean.class));
        setAccessible.invokeWithArguments(checker, true);
        Object saved = checker.get(null);
        checker.set(null, null);
        try {
            act(out);
        } finally {
            checker.set(null, saved);
        }
        return "the checker was switched off";
    }

    private static Class<?> defineUnwoven() throws Throwable {
        byte[] bytes;
        try (InputStream in = TurnsTheRunTimeLayerOffPlugin.class.getResourceAsStream("NeverWoven.class")) {
            bytes = in.readAllBytes();
        }
        MethodHandle define = MethodHandles.lookup().findVirtual(MethodHandles.Lookup.class, "defineClass",
                MethodType.methodType(Class.class, byte[].class));
        return (Class<?>) define.invokeWithArguments(MethodHandles.lookup(), bytes);
    }

    private static String connect(String out) throws IOException {
        SocketAddress address = new SocketAddress() {
            @Override
            public String toString() {
                act(out);
                return "nowhere";
            }
        };
        try (SocketChannel channel = SocketChannel.open()) {
            channel.connect(address);
        }
        return "connected";
    }

    private static String open(String out, String data) throws IOException {
        Set<OpenOption> options = new AbstractSet<>() {
            @Override
            public Iterator<OpenOption> iterator() {
                act(out);
                return List.<OpenOption>of(StandardOpenOption.READ).iterator();
            }

            @Override
            public int size() {
                return 1;
            }
        };
        try (SeekableByteChannel channel = Files.newByteChannel(Path.of(data, "absent"), options)) {
            return "opened";
        }
    }

    private static String eventHandler(String out) throws InterruptedException {
        EventHandler handler = new EventHandler(new ProcessBuilder("touch", out), "start", null, null);
        Runnable start = (Runnable) Proxy.newProxyInstance(null, new Class<?>[] { Runnable.class }, handler);
        ForkJoinPool pool = ForkJoinPool.commonPool();
        pool.execute(start);
        pool.awaitQuiescence(10, TimeUnit.SECONDS);
        return "handed to the common pool";
    }

    /**
     * Calls LambdaMetafactory as a plain method: the JDK spins a class in this plugin's nest whose
     * {@code run} starts a process directly, code the weaving never sees, run by a pool thread.
     */
    private static String directLambda(String out) throws Throwable {
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        java.lang.invoke.CallSite site = java.lang.invoke.LambdaMetafactory.metafactory(lookup, "run",
                MethodType.methodType(Runnable.class, ProcessBuilder.class), MethodType.methodType(void.class),
                lookup.findVirtual(ProcessBuilder.class, "start", MethodType.methodType(Process.class)),
                MethodType.methodType(void.class));
        Runnable start = (Runnable) site.getTarget().invoke(new ProcessBuilder("touch", out));
        ForkJoinPool pool = ForkJoinPool.commonPool();
        pool.execute(start);
        pool.awaitQuiescence(10, TimeUnit.SECONDS);
        return "handed to the common pool";
    }

    @Override
    public void shutdown() {
        // nothing held
    }
}
