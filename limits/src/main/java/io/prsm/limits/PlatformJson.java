package io.prsm.limits;

import com.fasterxml.jackson.core.ErrorReportConfiguration;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The platform's Jackson factories and mappers, with every process-wide default of jackson-core
 * spelled out. jackson-core is one bundle shared by the platform and the plugins that import it,
 * and its defaults are static and settable by anyone
 * ({@code StreamWriteConstraints.overrideDefaultStreamWriteConstraints} and its siblings): a
 * factory that takes them (as {@code new ObjectMapper()} does) lets one plugin's call change, or
 * break, what the runtime reads and writes for every plugin until the JVM restarts. The builders
 * used here start from jackson-core's constants, never from those defaults.
 *
 * <p>Concurrent semantics: stateless; each call builds a new factory or mapper.
 */
public final class PlatformJson {

    private PlatformJson() {
    }

    /** A factory builder whose constraints are jackson-core's own constants, not its overridable defaults. */
    public static JsonFactoryBuilder factoryBuilder() {
        return new JsonFactoryBuilder()
                .streamReadConstraints(StreamReadConstraints.builder().build())
                .streamWriteConstraints(StreamWriteConstraints.builder().build())
                .errorReportConfiguration(ErrorReportConfiguration.builder().build());
    }

    /** A mapper as {@code new ObjectMapper()} makes one, immune to the process-wide defaults. */
    public static ObjectMapper mapper() {
        return JsonMapper.builder(factoryBuilder().build()).build();
    }
}
