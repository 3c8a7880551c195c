package io.prsm.api.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.annotation.bundle.Attribute;
import org.osgi.annotation.bundle.Capability;

/**
 * Declares the ports the plugin listens on and accepts connections or datagrams on ({@code "*"}
 * for any). In effect only for the ports the operator's {@code policy.json} grants
 * ({@code entitlements.grants.<plugin id>.inbound_network}).
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@Capability(namespace = FileEntitlement.NAMESPACE, name = "inbound_network")
public @interface InboundNetwork {

    @Attribute("ports")
    String[] ports();
}
