package io.prsm.sandbox.bytecode;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.junit.Test;

import io.prsm.api.containment.PluginCodeStopped;
import io.prsm.platform.CodeStops;

/**
 * Regular expressions in woven code are matched against checked text: a pattern that backtracks
 * for ever in the JDK's matcher stops when its thread is stopped, and every rewritten call answers
 * what the JDK's own does.
 */
public class CheckedRegexTest {

    /** Counted down by the woven class (public: its loader, a child of this one's, makes it another package) as it starts matching. */
    public static final CountDownLatch MATCHING = new CountDownLatch(1);

    /** Plays a plugin's class: each of the calls the weaver rewrites. */
    public static final class Regexes implements Function<String, Object[]> {
        private static final Pattern BACKTRACKS = Pattern.compile("(.*a){20}");

        @Override
        public Object[] apply(String text) {
            if (text.equals("backtrack")) {
                String backtracks = "a".repeat(60) + "b";
                MATCHING.countDown();
                return new Object[] { BACKTRACKS.matcher(backtracks).matches() };
            }
            return new Object[] { text.matches("a.c.*"), text.replaceAll("[aeiou]", "_"), text.replaceFirst("b+", "B"),
                    text.split(","), text.split(",", 2), Pattern.matches(".*c,.*", text),
                    Pattern.compile("c").matcher(text).find(), BACKTRACKS.matcher("").reset(text).lookingAt() };
        }
    }

    private static Function<String, Object[]> woven(long bundleId) throws Exception {
        byte[] bytes;
        try (InputStream in = CheckedRegexTest.class.getResourceAsStream("CheckedRegexTest$Regexes.class")) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        byte[] wovenBytes = new CheckpointWeaver().weave(bytes, bundleId, false);
        String name = Regexes.class.getName();
        ClassLoader loader = new ClassLoader(CheckedRegexTest.class.getClassLoader()) {
            @Override
            protected Class<?> loadClass(String wanted, boolean resolve) throws ClassNotFoundException {
                if (wanted.equals(name)) {
                    synchronized (getClassLoadingLock(wanted)) {
                        Class<?> done = findLoadedClass(wanted);
                        return done != null ? done : defineClass(wanted, wovenBytes, 0, wovenBytes.length);
                    }
                }
                return super.loadClass(wanted, resolve);
            }
        };
        @SuppressWarnings("unchecked")
        Function<String, Object[]> regexes = (Function<String, Object[]>) Class.forName(name, true, loader)
                .getConstructor().newInstance();
        return regexes;
    }

    @Test
    public void theCheckedCallsAnswerWhatTheJdksDo() throws Exception {
        String text = "abc,bbd,ace";
        Object[] expected = new Regexes().apply(text);
        Object[] answered = woven(7).apply(text);
        assertEquals(expected.length, answered.length);
        for (int i = 0; i < expected.length; i++) {
            if (expected[i] instanceof Object[] parts) {
                assertArrayEquals("call " + i, parts, (Object[]) answered[i]);
            } else {
                assertEquals("call " + i, expected[i], answered[i]);
            }
        }
    }

    @Test
    public void aPatternThatBacktracksForEverStopsWhenItsThreadIsStopped() throws Exception {
        Function<String, Object[]> regexes = woven(7);
        AtomicReference<Throwable> ended = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        Thread thread = new Thread(() -> {
            try {
                regexes.apply("backtrack");
            } catch (Throwable stopped) {
                ended.set(stopped);
            } finally {
                done.countDown();
            }
        }, "backtracks");
        thread.start();
        try {
            // some 60^20 steps (the JDK's matcher does not memoize this one): once it matches, it is still matching whenever the stop comes
            assertTrue(MATCHING.await(30, TimeUnit.SECONDS));
            CodeStops.raise(thread, "deadline passed");
            assertTrue("the matcher still runs", done.await(30, TimeUnit.SECONDS));
        } finally {
            CodeStops.lower(thread);
        }
        assertTrue(String.valueOf(ended.get()), ended.get() instanceof PluginCodeStopped);
        assertFalse(CodeStops.anyRaised());
    }

    @Test
    public void withoutABundleTheCheckedTextUsesThePlainCheck() throws Exception {
        assertEquals("__c", woven(-1).apply("aec")[1]);
    }
}
