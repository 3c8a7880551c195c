package io.prsm.runtime.embed;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * Where the runtime's log goes (Logback, inside the framework): a file in {@code logs/} of the
 * storage folder, rotated daily and at 10 MiB, 14 days and 200 MiB kept, at INFO and up (DEBUG with
 * debug on), with stack traces; and standard error at {@code consoleLevel} and up, one line per
 * event, stack traces only with debug on; download progress always reaches standard error. Logback
 * reads the configuration this writes to {@code logs/logback.xml} unless the JVM names one of its
 * own with {@value #CONFIG_PROPERTY}.
 *
 * <p>Logback reads {@value #CONFIG_PROPERTY} when the framework starts it; a JVM that starts
 * several runtimes one after the other (a test suite) points it at each one's configuration in
 * turn, remembering with {@value #WRITTEN_BY_PRSM} that the property is PRSM's to change.
 *
 * @param consoleLevel trace, debug, info, warn or error
 * @param debug whether the console shows every event down to DEBUG with stack traces
 *
 * <p>Concurrent semantics: immutable.
 */
public record LogSettings(String consoleLevel, boolean debug) {

    static final String CONFIG_PROPERTY = "logback.configurationFile";
    /** Set when PRSM named the configuration, so the next runtime may name its own. */
    static final String WRITTEN_BY_PRSM = "prsm.logback.written";
    /** The logger of download progress (the plugin manager's). */
    static final String PROGRESS = "io.prsm.progress";
    /** The logger of Felix HTTP (Jetty). */
    static final String FELIX_HTTP = "org.apache.felix.http";
    private static final Set<String> LEVELS = Set.of("trace", "debug", "info", "warn", "error");

    /** WARN and up on the console, INFO and up in the file. */
    public static final LogSettings DEFAULT = new LogSettings("warn", false);

    public LogSettings {
        consoleLevel = consoleLevel.toLowerCase(Locale.ROOT);
        if (!LEVELS.contains(consoleLevel)) {
            throw new IllegalArgumentException("The log level is one of trace, debug, info, warn or error, not '"
                    + consoleLevel + "'");
        }
    }

    /** The log folder in {@code storage}. */
    public static Path folder(Path storage) {
        return storage.resolve("logs");
    }

    /**
     * Writes the configuration for {@code storage} and points Logback at it, unless the JVM named its
     * own; {@code httpOff} when the HTTP API is off on purpose.
     */
    void apply(Path storage, boolean httpOff) throws IOException {
        if (System.getProperty(CONFIG_PROPERTY) != null && System.getProperty(WRITTEN_BY_PRSM) == null) {
            // the application configures Logback itself
            return;
        }
        Path folder = folder(storage);
        Files.createDirectories(folder);
        Path config = folder.resolve("logback.xml");
        Files.writeString(config, xml(folder, httpOff), StandardCharsets.UTF_8);
        System.setProperty(CONFIG_PROPERTY, config.toString());
        System.setProperty(WRITTEN_BY_PRSM, "true");
    }

    String xml(Path folder) {
        return xml(folder, false);
    }

    String xml(Path folder, boolean httpOff) {
        String file = escape(folder.resolve("prsm.log").toString());
        String rolled = escape(folder.resolve("prsm.%d{yyyy-MM-dd}.%i.log.gz").toString());
        String console = debug ? "debug" : consoleLevel;
        return String.join("\n",
                "<!-- written by PRSM on every start; give -D" + CONFIG_PROPERTY + "=FILE to use your own -->",
                "<configuration>",
                "  <appender name=\"FILE\" class=\"ch.qos.logback.core.rolling.RollingFileAppender\">",
                "    <file>" + file + "</file>",
                "    <rollingPolicy class=\"ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy\">",
                "      <fileNamePattern>" + rolled + "</fileNamePattern>",
                "      <maxFileSize>10MB</maxFileSize><maxHistory>14</maxHistory><totalSizeCap>200MB</totalSizeCap>",
                "    </rollingPolicy>",
                "    <encoder><pattern>%d{ISO8601} %-5level [%thread] %logger - %msg%n</pattern></encoder>",
                "  </appender>",
                "  <appender name=\"CONSOLE\" class=\"ch.qos.logback.core.ConsoleAppender\">",
                "    <target>System.err</target>",
                "    <filter class=\"ch.qos.logback.classic.filter.ThresholdFilter\"><level>" + console
                        + "</level></filter>",
                "    <encoder><pattern>%level %logger{0} - %msg%n" + (debug ? "" : "%nopex") + "</pattern></encoder>",
                "  </appender>",
                // the console is written by Logback's own thread: a line logged by a command's thread that
                // Ctrl-C interrupted would go to that command's Gogo stream, closed by the interrupt, and be
                // lost; from this thread it reaches standard error, printed above the prompt
                "  <appender name=\"CONSOLE_ASYNC\" class=\"ch.qos.logback.classic.AsyncAppender\">",
                "    <filter class=\"ch.qos.logback.classic.filter.ThresholdFilter\"><level>" + console
                        + "</level></filter>",
                "    <discardingThreshold>0</discardingThreshold>",
                "    <appender-ref ref=\"CONSOLE\"/>",
                "  </appender>",
                // with the HTTP API off on purpose, Felix HTTP's warning that Jetty did not start says
                // nothing the operator does not know; its errors still show
                httpOff ? "  <logger name=\"" + FELIX_HTTP + "\" level=\"error\"/>" : "",
                // a download's progress is for whoever waits on it: on the console at INFO whatever the level
                "  <appender name=\"CONSOLE_PROGRESS\" class=\"ch.qos.logback.core.ConsoleAppender\">",
                "    <target>System.err</target>",
                "    <encoder><pattern>%msg%n</pattern></encoder>",
                "  </appender>",
                "  <appender name=\"PROGRESS\" class=\"ch.qos.logback.classic.AsyncAppender\">",
                "    <discardingThreshold>0</discardingThreshold>",
                "    <appender-ref ref=\"CONSOLE_PROGRESS\"/>",
                "  </appender>",
                "  <logger name=\"" + PROGRESS + "\" level=\"info\" additivity=\"false\">",
                "    <appender-ref ref=\"FILE\"/>",
                "    <appender-ref ref=\"PROGRESS\"/>",
                "  </logger>",
                "  <root level=\"" + (debug || consoleLevel.equals("trace") || consoleLevel.equals("debug")
                        ? console : "info") + "\">",
                "    <appender-ref ref=\"FILE\"/>",
                "    <appender-ref ref=\"CONSOLE_ASYNC\"/>",
                "  </root>",
                "</configuration>",
                "");
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
