package io.prsm.sandbox.entitlements;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.Test;

public class SuggestionTest {

    private final SinkActs acts = new SinkActs(type -> false);

    /** What no path or host rule can judge is never suggested as a grant: it is listed as what only trust allows. */
    @Test
    public void aLinkOrARelativeActIsNotSuggestedAsAFileGrant() {
        Path data = Path.of("/srv/prsm/plugins/p/data");
        String suggested = Suggestion.of("p", List.of(acts.describe("file.symlink", data.resolve("up"), data).get(0),
                acts.describe("file.relative:newByteChannel", Path.of("../secret"), null).get(0),
                acts.describe("file.write", data.resolve("kept"), null).get(0)));
        assertTrue(suggested, suggested.contains("\"path\" : \"" + data.resolve("kept") + "\""));
        assertFalse(suggested, suggested.contains("\"path\" : \"a symbolic link"));
        assertFalse(suggested, suggested.contains("\"path\" : \"a file relative"));
        assertTrue(suggested, suggested.contains("No entitlement allows these below trusted: file_write a file relative"));
        assertTrue(suggested, suggested.contains("file_write a symbolic link at " + data.resolve("up")));
    }
}
