package io.prsm.api.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.annotation.bundle.Attribute;
import org.osgi.annotation.bundle.Capability;

/**
 * Declares how many threads the plugin runs at once at most, besides the runtime's task threads
 * (0 to 10000). The runtime refuses a thread start past it, and the operator's {@code policy.json}
 * caps it per level ({@code containment.threads}); without it the operator's default
 * ({@code prsm.plugin.threads}) applies, within the same cap. Writes
 * {@code prsm.entitlement;prsm.entitlement=threads;max:Long=N}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@Capability(namespace = FileEntitlement.NAMESPACE, name = "threads")
public @interface MaxThreads {

    /** The most threads the plugin runs at once. */
    @Attribute("max")
    int value();
}
