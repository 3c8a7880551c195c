package io.prsm.api.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.annotation.bundle.Capability;

/**
 * Declares that the plugin starts threads (which an isolated plugin may not by default) and
 * changes threads it did not start (interrupts them, renames them, sets their class loader). In
 * effect only where the operator's {@code policy.json} grants it
 * ({@code entitlements.grants.<plugin id>.manage_threads: true}).
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@Capability(namespace = FileEntitlement.NAMESPACE, name = "manage_threads")
public @interface ManageThreads {
}
