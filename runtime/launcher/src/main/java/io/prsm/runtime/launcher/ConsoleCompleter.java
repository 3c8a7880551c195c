package io.prsm.runtime.launcher;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.jline.builtins.Completers;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

import io.prsm.api.runtime.PluginInfo;
import io.prsm.runtime.embed.PrsmRuntime;

/**
 * TAB completion: the first word completes to a command ({@code prsm:list}, or {@code list} within
 * the prsm scope), a plugin argument to an installed plugin id, a jar argument to a file path, and
 * the task of {@code exec} to one of each task type the plugin declares.
 * Everything is read when TAB is pressed, so a plugin installed a moment ago completes too.
 *
 * <p>Concurrent semantics: called on the console thread only.
 */
final class ConsoleCompleter implements Completer {

    /** Commands whose first argument is a jar (path or URL). */
    private static final Set<String> TAKES_JAR = Set.of("install", "validate");
    /** Commands whose first argument is a plugin; swap's second is a jar. */
    private static final Set<String> TAKES_PLUGIN = Set.of("info", "start", "stop", "uninstall", "exec", "swap",
            "metrics", "config");

    private final PrsmRuntime runtime;
    private final Completer files = new Completers.FileNameCompleter();

    ConsoleCompleter(PrsmRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        if (line.wordIndex() == 0) {
            commands().forEach(command -> candidates.add(new Candidate(command)));
            return;
        }
        String command = line.words().get(0);
        String function = command.startsWith("prsm:") ? command.substring("prsm:".length()) : command;
        int argument = line.wordIndex();
        if ((argument == 1 && TAKES_JAR.contains(function)) || (argument == 2 && function.equals("swap"))) {
            files.complete(reader, line, candidates);
        } else if (argument == 1 && TAKES_PLUGIN.contains(function)) {
            for (PluginInfo plugin : runtime.plugins().list()) {
                candidates.add(new Candidate(plugin.pluginId()));
            }
        } else if (argument == 2 && function.equals("exec")) {
            taskTypes(line.words().get(1), candidates);
        }
    }

    /** A task of each type the plugin declares, as {@code exec} takes it. */
    private void taskTypes(String plugin, List<Candidate> candidates) {
        try {
            for (String type : runtime.plugins().info(plugin).taskTypes()) {
                candidates.add(new Candidate("'{\"type\":\"" + type + "\",\"config\":{}}'", type, null, null, null,
                        null, true));
            }
        } catch (io.prsm.api.runtime.PluginOperationException noSuchPlugin) {
            // nothing to offer for a plugin that is not installed
        }
    }

    /** Every registered Gogo command as scope:function, and the prsm ones also bare. */
    private Set<String> commands() {
        Set<String> names = new TreeSet<>();
        ServiceReference<?>[] references;
        try {
            references = runtime.bundleContext().getAllServiceReferences(null, "(osgi.command.scope=*)");
        } catch (InvalidSyntaxException impossible) {
            throw new IllegalStateException(impossible);
        }
        for (ServiceReference<?> reference : references == null ? new ServiceReference<?>[0] : references) {
            String scope = String.valueOf(reference.getProperty("osgi.command.scope"));
            Object functions = reference.getProperty("osgi.command.function");
            for (String function : functions instanceof String[] many ? many : new String[] {String.valueOf(functions)}) {
                names.add(scope + ":" + function);
                if (scope.equals("prsm")) {
                    names.add(function);
                }
            }
        }
        return names;
    }
}
