package io.prsm.api.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.annotation.bundle.Requirement;

/**
 * A permission the plugin cannot work without. bnd writes
 * {@code Require-Capability: prsm.permission;filter:="(prsm.permission=NAME)"}; a plugin that is
 * not granted it does not resolve, and the framework says which requirement is missing.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@Repeatable(RequiresPermission.List.class)
@Requirement(namespace = RequiresPermission.NAMESPACE, filter = "(prsm.permission=${#value})")
public @interface RequiresPermission {

    /** The requirement namespace of permissions. */
    String NAMESPACE = "prsm.permission";

    /** The permission name: lower-case letters, digits and underscores. */
    String value();

    /** Holds several {@link RequiresPermission} annotations. */
    @Documented
    @Retention(RetentionPolicy.CLASS)
    @Target(ElementType.TYPE)
    @interface List {
        RequiresPermission[] value();
    }
}
