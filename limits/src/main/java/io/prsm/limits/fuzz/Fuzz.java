package io.prsm.limits.fuzz;

import java.util.Random;

/**
 * The randomness of one fuzz test: seeded, and the seed is printed when the test starts and
 * carried in every failure message, so a failure on any machine replays with
 * {@code -Dprsm.fuzz.seed=SEED}. Without that property each run takes a new seed, so the build
 * explores more cases over time. {@code -Dprsm.fuzz.cases=N} changes how many cases a test runs.
 *
 * <p>Concurrent semantics: not thread-safe, like the {@link Random} it holds; one per test.
 */
public final class Fuzz {

    public static final String SEED_PROPERTY = "prsm.fuzz.seed";
    public static final String CASES_PROPERTY = "prsm.fuzz.cases";

    private final String test;
    private final long seed;
    private final Random random;

    private Fuzz(String test, long seed) {
        this.test = test;
        this.seed = seed;
        this.random = new Random(seed);
    }

    /** A fuzz run for {@code test}, seeded from {@value #SEED_PROPERTY} or, without it, anew. */
    public static Fuzz of(String test) {
        Long given = Long.getLong(SEED_PROPERTY);
        long seed = given != null ? given : new java.security.SecureRandom().nextLong();
        Fuzz fuzz = new Fuzz(test, seed);
        System.out.println("Fuzz " + test + ": " + fuzz.replay());
        return fuzz;
    }

    public Random random() {
        return random;
    }

    public long seed() {
        return seed;
    }

    /** How many cases to run: {@value #CASES_PROPERTY} if set, else {@code count}. */
    public int cases(int count) {
        return Integer.getInteger(CASES_PROPERTY, count);
    }

    /** What a failure message says so the run can be repeated. */
    public String replay() {
        return "seed " + seed + " (replay " + test + " with -D" + SEED_PROPERTY + "=" + seed + ")";
    }

    /** {@code message} with the seed, for an assertion. */
    public String says(String message) {
        return message + " [" + replay() + "]";
    }

    /** One of {@code choices}. */
    @SafeVarargs
    public final <T> T pick(T... choices) {
        return choices[random.nextInt(choices.length)];
    }
}
