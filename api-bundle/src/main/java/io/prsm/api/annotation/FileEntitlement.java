package io.prsm.api.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.annotation.bundle.Capability;

/**
 * Declares that the plugin reads (or also writes) files under {@link #path()}, beyond its own
 * data folder (which a sandbox plugin may always use). It takes effect only where the operator's
 * {@code policy.json} grants the same path ({@code entitlements.grants.<plugin id>.files}); a
 * declaration alone grants nothing, and shows in {@code prsm:validate} and {@code prsm:info}.
 *
 * <pre>
 * &#64;FileEntitlement(path = "imports", mode = FileEntitlement.Mode.READ)
 * &#64;FileEntitlement(path = "/srv/exports", mode = FileEntitlement.Mode.READ_WRITE)
 * </pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@Repeatable(FileEntitlement.List.class)
@Capability(namespace = FileEntitlement.NAMESPACE, name = "files",
        attribute = { "path=${#path}", "mode=${tolower;${#mode}}" })
public @interface FileEntitlement {

    /** The capability namespace of every entitlement a plugin declares. */
    String NAMESPACE = "prsm.entitlement";

    /** How the plugin uses the files. */
    enum Mode {
        READ, READ_WRITE
    }

    /** A path relative to the plugin's data folder, or an absolute one; everything below it is included. */
    String path();

    Mode mode() default Mode.READ;

    /** Holds several {@link FileEntitlement} annotations. */
    @Documented
    @Retention(RetentionPolicy.CLASS)
    @Target(ElementType.TYPE)
    @interface List {
        FileEntitlement[] value();
    }
}
