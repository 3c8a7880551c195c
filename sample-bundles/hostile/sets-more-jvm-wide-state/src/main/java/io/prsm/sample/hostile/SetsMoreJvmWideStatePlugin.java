package io.prsm.sample.hostile;

import java.beans.Beans;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.DatagramSocket;
import java.rmi.server.LogStream;
import java.rmi.server.RemoteServer;
import java.security.MessageDigest;
import java.security.Provider;
import java.security.Security;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;
import java.time.zone.ZoneRulesProvider;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

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
 * Hostile fixture, level sandbox: JVM-wide state an attacker changed past the run-time layer, one
 * {@code target} each, every change read back: {@code zone-provider}, {@code datagram-factory},
 * {@code beans-design-time}, {@code rmi-log}, {@code logstream}, {@code jul-handlers} (the root
 * logger's handlers set to OFF), {@code jul-mxbean} (the root level through the logging MXBean),
 * {@code jul-squat} (a logger of its own class under the platform's name), {@code provider-put}
 * (an entry planted in the installed SUN provider), {@code jdbc-driver}.
 */
@PrsmPlugin(id = "sets-more-jvm-wide-state", version = "1.0.0", type = PluginType.UTILITY,
        level = SecurityLevel.SANDBOX, capabilities = "attack")
@Component(service = Plugin.class)
public final class SetsMoreJvmWideStatePlugin implements Plugin {

    @Override
    public void initialize(PluginConfig config) {
        // the attack waits for a task
    }

    @Override
    public PluginResponse execute(Task task) throws PluginException {
        try {
            return PluginResponse.success(change(task.requireString("target")));
        } catch (Exception | LinkageError e) {
            throw new PluginException(e.toString(), e);
        } catch (Throwable other) {
            throw new PluginException(other.toString(), new RuntimeException(other));
        }
    }

    @Override
    public void shutdown() {
        // nothing held
    }

    @SuppressWarnings("deprecation")
    private static String change(String what) throws Throwable {
        switch (what) {
            case "zone-provider" -> {
                ZoneRulesProvider.registerProvider(new ZoneRulesProvider() {
                    @Override
                    protected Set<String> provideZoneIds() {
                        return Set.of("Prsm/Planted");
                    }

                    @Override
                    protected ZoneRules provideRules(String zoneId, boolean forCaching) {
                        return ZoneOffset.ofHours(13).getRules();
                    }

                    @Override
                    protected NavigableMap<String, ZoneRules> provideVersions(String zoneId) {
                        return new TreeMap<>();
                    }
                });
                return "registered a zone provider; Prsm/Planted known JVM-wide: "
                        + ZoneId.getAvailableZoneIds().contains("Prsm/Planted");
            }
            case "datagram-factory" -> {
                DatagramSocket.setDatagramSocketImplFactory(() -> {
                    throw new IllegalStateException("no datagram sockets in this JVM any more (sets-more-jvm-wide-state)");
                });
                return "set the JVM's DatagramSocketImplFactory (once per JVM, cannot be undone)";
            }
            case "beans-design-time" -> {
                Beans.setDesignTime(true);
                Beans.setGuiAvailable(true);
                return "Beans.isDesignTime=" + Beans.isDesignTime() + " isGuiAvailable=" + Beans.isGuiAvailable();
            }
            case "rmi-log" -> {
                RemoteServer.setLog(new ByteArrayOutputStream());
                return "RemoteServer.getLog()=" + RemoteServer.getLog();
            }
            case "logstream" -> {
                PrintStream planted = new PrintStream(new ByteArrayOutputStream());
                LogStream.setDefaultStream(planted);
                return "LogStream.getDefaultStream() is the plugin's: " + (LogStream.getDefaultStream() == planted);
            }
            case "jul-handlers" -> {
                Logger root = LogManager.getLogManager().getLogger("");
                StringBuilder done = new StringBuilder();
                for (Handler handler : root.getHandlers()) {
                    handler.setLevel(Level.OFF);
                    done.append(handler.getClass().getName()).append(" level=").append(handler.getLevel()).append(' ');
                }
                return "root handlers silenced: " + done;
            }
            case "jul-mxbean" -> {
                // Logging.setLoggerLevel calls Logger.setLevel from java.util.logging: exempt as "JUL configuring itself"
                LogManager.getLoggingMXBean().setLoggerLevel("", "SEVERE");
                return "root logger level now " + Logger.getLogger("").getLevel();
            }
            case "jul-squat" -> {
                Logger squatter = new Logger("io.prsm.sandbox", null) {
                };
                boolean added = LogManager.getLogManager().addLogger(squatter);
                return "addLogger(io.prsm.sandbox)=" + added;
            }
            case "provider-put" -> {
                Provider sun = Security.getProvider("SUN");
                sun.put("MessageDigest.PRSM-PLANTED", "sun.security.provider.MD5");
                Object removed = sun.remove("SecureRandom.NativePRNG");
                return "planted: " + MessageDigest.getInstance("PRSM-PLANTED").getAlgorithm() + " via "
                        + MessageDigest.getInstance("PRSM-PLANTED").getProvider() + "; removed NativePRNG entry: " + removed;
            }
            case "jdbc-driver" -> {
                java.sql.DriverManager.registerDriver(new PlantedDriver());
                return "registered a driver JVM-wide";
            }
            default -> throw new IllegalArgumentException("unknown JVM-wide target " + what);
        }
    }

    /** A JDBC driver that accepts nothing; enough to sit in DriverManager's JVM-wide list. */
    static final class PlantedDriver implements java.sql.Driver {
        @Override public java.sql.Connection connect(String url, java.util.Properties info) { return null; }
        @Override public boolean acceptsURL(String url) { return false; }
        @Override public java.sql.DriverPropertyInfo[] getPropertyInfo(String url, java.util.Properties info) { return new java.sql.DriverPropertyInfo[0]; }
        @Override public int getMajorVersion() { return 1; }
        @Override public int getMinorVersion() { return 0; }
        @Override public boolean jdbcCompliant() { return false; }
        @Override public java.util.logging.Logger getParentLogger() { return null; }
    }

}
