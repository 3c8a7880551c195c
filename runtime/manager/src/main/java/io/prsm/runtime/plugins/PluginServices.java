package io.prsm.runtime.plugins;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;

import io.prsm.api.hooks.HookHandler;
import io.prsm.api.http.Endpoint;

/**
 * What a plugin offers the platform besides its {@code Plugin} service, read from the services
 * its bundle registers: the hooks it subscribes to and the endpoints it serves.
 *
 * <p>Concurrent semantics: stateless.
 */
public final class PluginServices {

    private PluginServices() {
    }

    /** The hooks named by the bundle's {@link HookHandler} services. */
    public static List<String> hooks(Bundle bundle) {
        List<String> hooks = new ArrayList<>();
        for (ServiceReference<?> reference : registered(bundle)) {
            for (String hook : strings(reference.getProperty(HookHandler.HOOKS))) {
                if (!hooks.contains(hook)) {
                    hooks.add(hook);
                }
            }
        }
        return hooks;
    }

    /** The bundle's {@link Endpoint} services, each as {@code path (permission)}. */
    public static List<String> endpoints(Bundle bundle) {
        List<String> endpoints = new ArrayList<>();
        for (ServiceReference<?> reference : registered(bundle)) {
            Object path = reference.getProperty(Endpoint.PATH);
            if (path != null && isA(reference, Endpoint.class)) {
                endpoints.add(path + " (" + reference.getProperty(Endpoint.PERMISSION) + ")");
            }
        }
        return endpoints;
    }

    /** A service property that may be a string, an array or a collection, as strings. */
    public static List<String> strings(Object value) {
        List<String> strings = new ArrayList<>();
        if (value instanceof String text) {
            strings.add(text);
        } else if (value instanceof String[] array) {
            strings.addAll(List.of(array));
        } else if (value instanceof Collection<?> collection) {
            collection.forEach(element -> strings.add(String.valueOf(element)));
        }
        return strings;
    }

    private static List<ServiceReference<?>> registered(Bundle bundle) {
        try {
            ServiceReference<?>[] references = bundle.getRegisteredServices();
            return references == null ? List.of() : List.of(references);
        } catch (IllegalStateException uninstalled) {
            return List.of();
        }
    }

    private static boolean isA(ServiceReference<?> reference, Class<?> type) {
        Object classes = reference.getProperty(org.osgi.framework.Constants.OBJECTCLASS);
        return classes instanceof String[] names && List.of(names).contains(type.getName());
    }
}
