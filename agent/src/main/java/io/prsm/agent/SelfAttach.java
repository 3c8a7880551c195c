package io.prsm.agent;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.sun.tools.attach.VirtualMachine;

/**
 * Loads the agent into the running JVM when its host did not ({@code PrsmRuntime.Builder} does
 * this). A JVM may not attach to itself unless started with {@code -Djdk.attach.allowAttachSelf},
 * so a short-lived helper JVM (this class's {@link #main}) attaches to it instead. That needs the
 * {@code jdk.attach} module (a JDK, not a bare runtime image) and, on JDK 21 and later, prints the
 * JVM's warning about dynamically loaded agents unless the host runs with
 * {@code -XX:+EnableDynamicAgentLoading}. Where any of this is not possible the answer is
 * {@code false} and the reason; the runtime then says the agent is missing.
 *
 * <p>Concurrent semantics: {@link #ensureLoaded} is synchronized.
 */
public final class SelfAttach {

    private SelfAttach() {
    }

    /** The outcome: whether the agent is loaded now, and if not, why. */
    public record Outcome(boolean loaded, String detail) {
    }

    /** Loads the agent unless it is loaded, waiting at most {@code timeout} for the helper JVM. */
    public static synchronized Outcome ensureLoaded(Duration timeout) {
        if (EntitlementAgent.installed()) {
            return new Outcome(true, "already loaded");
        }
        Optional<Path> jar = agentJar();
        if (jar.isEmpty()) {
            return new Outcome(false, "the agent's classes are not in a jar, so there is nothing to attach");
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        if (!Files.isExecutable(java)) {
            return new Outcome(false, java + " is not there to run the helper that attaches the agent");
        }
        ProcessBuilder helper = new ProcessBuilder(List.of(java.toString(), "-cp", jar.get().toString(),
                SelfAttach.class.getName(), String.valueOf(ProcessHandle.current().pid()), jar.get().toString()))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        try {
            Process process = helper.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return new Outcome(false, "the helper that attaches the agent took longer than " + timeout);
            }
            if (process.exitValue() != 0) {
                return new Outcome(false, "the JVM refused the agent (is jdk.attach there, and is attaching allowed? "
                        + "-XX:+DisableAttachMechanism turns it off)");
            }
        } catch (IOException e) {
            return new Outcome(false, "the helper that attaches the agent did not start: " + e.getMessage());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return new Outcome(false, "interrupted while attaching the agent");
        }
        return EntitlementAgent.installed() ? new Outcome(true, "attached")
                : new Outcome(false, "the helper attached, but the agent did not install itself");
    }

    /** The helper: {@code SelfAttach PID AGENT_JAR}. */
    public static void main(String[] arguments) throws Exception {
        VirtualMachine target = VirtualMachine.attach(arguments[0]);
        try {
            target.loadAgent(arguments[1]);
        } finally {
            target.detach();
        }
    }

    private static Optional<Path> agentJar() {
        CodeSource source = SelfAttach.class.getProtectionDomain().getCodeSource();
        try {
            Path location = source == null ? null : Path.of(source.getLocation().toURI());
            return location != null && Files.isRegularFile(location) ? Optional.of(location) : Optional.empty();
        } catch (URISyntaxException | IllegalArgumentException notAFile) {
            return Optional.empty();
        }
    }
}
