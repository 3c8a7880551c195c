package io.prsm.seeds;

import java.nio.file.Path;

/**
 * The sample plugins the seeds' suites test: the tutorial's analytics dashboard and the runbook's
 * advanced analytics, as the build made them.
 */
final class SeedPlugins {

    private SeedPlugins() {
    }

    static Path analyticsDashboard() {
        return Path.of(System.getProperty("seed.analyticsDashboard"));
    }

    static Path advancedAnalytics() {
        return Path.of(System.getProperty("seed.advancedAnalytics"));
    }
}
