package io.prsm.runtime.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.Test;

import io.prsm.limits.fuzz.Fuzz;

public class LaunchOptionsTest {

    @Test
    public void eachWrongOptionIsOneLineThatPointsAtTheHelp() {
        assertEquals("Unknown argument '--bogus'. Run java -jar prsm.jar --help to see the options.",
                assertThrows(IllegalArgumentException.class, () -> LaunchOptions.parse(List.of("--bogus"))).getMessage());
        assertEquals("--storage is given twice; give it once. Run java -jar prsm.jar --help to see the options.",
                assertThrows(IllegalArgumentException.class,
                        () -> LaunchOptions.parse(List.of("--storage", "a", "--storage", "b"))).getMessage());
        assertEquals("--plugins needs a value. Run java -jar prsm.jar --help to see the options.",
                assertThrows(IllegalArgumentException.class, () -> LaunchOptions.parse(List.of("--plugins"))).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LaunchOptions.parse(List.of("--storage", "a\0b")))
                .getMessage().startsWith("--storage 'a\\u0000b' is not a valid path"));
    }

    @Test
    public void aHugeArgumentIsQuotedByItsPrefix() {
        String huge = "--" + "x".repeat(5_000_000);
        String message = assertThrows(IllegalArgumentException.class, () -> LaunchOptions.parse(List.of(huge)))
                .getMessage();
        assertTrue(message, message.length() < 300);
    }

    /** Random command lines from the options and hostile values: each parses, or is refused in one line. */
    @Test
    public void randomCommandLinesParseOrAreRefusedInOneLine() {
        Fuzz fuzz = Fuzz.of("LaunchOptionsTest.commandLines");
        String[] words = { "--storage", "--plugins", "--batch", "--http-port", "--encrypt-storage", "--help", "-h", "-",
            "-1", "0", "65536", "99999999999999999999", "", " ", "--", "a\0b", "/tmp", "relative/dir", "\u00e9\ud83d\ude00",
            "x".repeat(10_000), "--storage=x", "\n", "--HELP" };
        for (int i = 0, cases = fuzz.cases(2000); i < cases; i++) {
            List<String> args = new ArrayList<>();
            for (int n = fuzz.random().nextInt(6); n > 0; n--) {
                args.add(fuzz.pick(words));
            }
            try {
                LaunchOptions.parse(args);
            } catch (IllegalArgumentException refused) {
                String message = refused.getMessage();
                assertFalse(fuzz.says(args + " gave " + message), message.contains("\n") || message.length() > 400);
            } catch (RuntimeException | Error escaped) {
                throw new AssertionError(fuzz.says(args + " escaped as " + escaped), escaped);
            }
        }
    }
}
