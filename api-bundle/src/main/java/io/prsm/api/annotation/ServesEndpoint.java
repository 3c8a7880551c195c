package io.prsm.api.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.annotation.bundle.Capability;

/**
 * An HTTP endpoint path the plugin serves outside its own prefix. A plugin may always serve below
 * {@code /api/v1/<plugin id>/}; any other path must be declared here, and belongs to the first
 * plugin that serves it: a second plugin's endpoint on a path that is taken is refused, naming
 * both. bnd writes {@code Provide-Capability: prsm.endpoint;prsm.endpoint="/api/v1/analytics/dashboard"}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@Repeatable(ServesEndpoint.List.class)
@Capability(namespace = ServesEndpoint.NAMESPACE, name = "${#value}")
public @interface ServesEndpoint {

    /** The capability namespace of declared endpoint paths. */
    String NAMESPACE = "prsm.endpoint";

    /** The path, for example {@code /api/v1/analytics/dashboard}. */
    String value();

    /** Holds several {@link ServesEndpoint} annotations. */
    @Documented
    @Retention(RetentionPolicy.CLASS)
    @Target(ElementType.TYPE)
    @interface List {
        ServesEndpoint[] value();
    }
}
