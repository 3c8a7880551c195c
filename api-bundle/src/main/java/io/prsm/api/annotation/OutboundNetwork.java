package io.prsm.api.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.annotation.bundle.Attribute;
import org.osgi.annotation.bundle.Capability;

/**
 * Declares the hosts the plugin resolves and connects to, as {@code host:port} patterns
 * ({@code *} for any one name part or any port: {@code "*.example.org:443"}). In effect only for
 * the patterns the operator's {@code policy.json} grants ({@code entitlements.grants.<plugin
 * id>.outbound_network}).
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@Capability(namespace = FileEntitlement.NAMESPACE, name = "outbound_network")
public @interface OutboundNetwork {

    @Attribute("hosts")
    String[] hosts();
}
