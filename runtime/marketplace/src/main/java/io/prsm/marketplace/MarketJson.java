package io.prsm.marketplace;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.prsm.limits.PlatformJson;

/**
 * The marketplace's JSON mapper, made on first use. The marketplace is activated while the
 * runtime starts (the shell's commands need it), and a mapper made there loaded some 400 Jackson
 * classes before the shell was ready, when most runtimes have no repository list or origins file
 * to read.
 *
 * <p>Concurrent semantics: the mapper is published by class initialization and is thread-safe.
 */
final class MarketJson {

    private MarketJson() {
    }

    static ObjectMapper mapper() {
        return Holder.MAPPER;
    }

    private static final class Holder {

        static final ObjectMapper MAPPER = PlatformJson.mapper();

        private Holder() {
        }
    }
}
