package io.prsm.api.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.annotation.bundle.Attribute;
import org.osgi.annotation.bundle.Capability;
import org.osgi.annotation.bundle.Requirement;

import io.prsm.api.PluginType;
import io.prsm.api.SecurityLevel;

/**
 * Declares that the bundle is a PRSM plugin. Put it on the class that implements
 * {@link io.prsm.api.Plugin}; bnd writes, for example:
 *
 * <pre>
 * Provide-Capability: prsm.plugin;prsm.plugin=analytics-dashboard;version:Version=1.0.0;
 *   type=analytics;security.level=sandbox;capabilities:List&lt;String&gt;="a,b";
 *   memory:Long=268435456;cpu:Double=0.25;storage:Long=52428800
 * Require-Capability: prsm.runtime;filter:="(version&gt;=1.0.0)"
 * </pre>
 *
 * Name, description, vendor, contact and documentation URL come from the standard OSGi headers
 * ({@code Bundle-Name}, {@code Bundle-Description}, {@code Bundle-Vendor},
 * {@code Bundle-ContactAddress}, {@code Bundle-DocURL}, {@code Bundle-Category}).
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@Capability(namespace = PrsmPlugin.NAMESPACE, name = "${#id}", version = "${#version}",
        attribute = { "type=${tolower;${#type}}", "security.level=${tolower;${#level}}" })
@Requirement(namespace = PrsmPlugin.RUNTIME_NAMESPACE, filter = "(version>=${#runtime})")
public @interface PrsmPlugin {

    /** The capability namespace that identifies a plugin. */
    String NAMESPACE = "prsm.plugin";

    /** The capability namespace the runtime provides, with its version. */
    String RUNTIME_NAMESPACE = "prsm.runtime";

    /** The plugin id: a lower-case letter, then lower-case letters, digits and dashes. */
    String id();

    /** The plugin version, {@code X.Y.Z}. */
    String version();

    /** What kind of plugin this is. */
    PluginType type();

    /** How far the plugin asks to be trusted. */
    SecurityLevel level() default SecurityLevel.SANDBOX;

    /** What the plugin can do, as names of lower-case letters, digits and underscores. */
    @Attribute("capabilities")
    String[] capabilities();

    /** Memory the plugin needs, in bytes. */
    @Attribute("memory")
    long memory() default 128L * 1024 * 1024;

    /** Share of one CPU core the plugin needs. */
    @Attribute("cpu")
    double cpu() default 0.25;

    /** Storage the plugin needs for its {@link io.prsm.api.PluginStorage}, in bytes. */
    @Attribute("storage")
    long storage() default 10L * 1024 * 1024;

    /**
     * The task types the plugin accepts, as names of lower-case letters, digits and underscores:
     * the runtime lists them ({@code prsm:info}, {@code prsm:validate}, completion, the HTTP API) and
     * answers a task of another type itself, naming these. Empty: not declared, every task reaches
     * the plugin.
     *
     * @since 1.1
     */
    @Attribute("task.types")
    String[] taskTypes() default {};

    /** The lowest runtime version the plugin works with. */
    String runtime() default "1.0.0";
}
