package io.prsm.limits;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.util.List;
import java.util.Map;

import org.junit.After;
import org.junit.Test;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** What a plugin did with jackson-core's process-wide defaults (overrides-jackson-defaults). */
public class PlatformJsonTest {

    private static final Object NESTED = Map.of("a", List.of(Map.of("b", 1)));

    @After
    public void restoreDefaults() {
        StreamReadConstraints.overrideDefaultStreamReadConstraints(null);
        StreamWriteConstraints.overrideDefaultStreamWriteConstraints(null);
    }

    @Test
    public void thePlatformsMappersKeepTheirLimitsWhenSomeoneOverridesJacksonsDefaults() throws Exception {
        StreamWriteConstraints.overrideDefaultStreamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(1)
                .build());
        StreamReadConstraints.overrideDefaultStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(1)
                .build());
        // what every mapper taking the defaults now does: the attack works on them
        assertThrows(JsonMappingException.class, () -> new ObjectMapper().writeValueAsString(NESTED));
        assertThrows(StreamConstraintsException.class, () -> new ObjectMapper().readTree("{\"a\":[{\"b\":1}]}"));

        String written = PlatformJson.mapper().writeValueAsString(NESTED);
        assertEquals(NESTED, PlatformJson.mapper().readValue(written, Map.class));
        assertEquals(PlatformJson.mapper().valueToTree(NESTED), BoundedJson.of(JsonLimits.DEFAULTS).read(written, "a test"));
    }
}
