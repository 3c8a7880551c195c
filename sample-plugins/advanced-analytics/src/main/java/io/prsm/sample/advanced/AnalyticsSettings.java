package io.prsm.sample.advanced;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The plugin's configuration as the runtime shows and checks it (bnd writes the metatype
 * description from this; the runtime checks values against it before the plugin sees them).
 * Metatype turns {@code _} in a method name into {@code .} and {@code __} into {@code _}, so
 * {@code recent__events} is the key {@code recent_events}.
 */
@ObjectClassDefinition(pid = "prsm.plugin.advanced-analytics", name = "Advanced Analytics",
        description = "How much activity the analytics plugin keeps and shows")
@interface AnalyticsSettings {

    @AttributeDefinition(description = "How many of the latest events the dashboard lists", min = "1", max = "100")
    int recent__events() default 10;

    @AttributeDefinition(description = "How many events are kept per user", min = "10", max = "100000")
    int retained__events() default 1000;
}
