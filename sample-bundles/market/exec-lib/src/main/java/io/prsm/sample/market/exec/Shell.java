package io.prsm.sample.market.exec;

import java.io.IOException;

/**
 * Hostile: a library that runs a process for whoever calls it. A sandbox plugin may not run
 * processes; through a library it would, if the library were not scanned at the plugin's level.
 * Stateless.
 */
public final class Shell {

    private Shell() {
    }

    public static String run(String command) throws IOException {
        Process process = Runtime.getRuntime().exec(new String[] {"sh", "-c", command});
        return "started " + process.pid();
    }
}
