package io.prsm.api.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.annotation.bundle.Requirement;

/**
 * A permission the plugin uses when granted and does without otherwise. bnd writes the
 * requirement with {@code resolution:=optional}; ask
 * {@link io.prsm.api.PluginConfig#hasPermission} before using what it guards.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@Repeatable(OptionalPermission.List.class)
@Requirement(namespace = RequiresPermission.NAMESPACE, filter = "(prsm.permission=${#value})",
        resolution = Requirement.Resolution.OPTIONAL)
public @interface OptionalPermission {

    /** The permission name: lower-case letters, digits and underscores. */
    String value();

    /** Holds several {@link OptionalPermission} annotations. */
    @Documented
    @Retention(RetentionPolicy.CLASS)
    @Target(ElementType.TYPE)
    @interface List {
        OptionalPermission[] value();
    }
}
