package dev.sharedsecret;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * A small timing-leak detector in the style of dudect (Reparaz, Balasch and Verbauwhede, "Dude, is
 * my code constant time?", DATE 2017): it times an operation on inputs of two classes, interleaved
 * at random, and applies Welch's t-test to the two classes' timings. A large |t| means that the
 * timings of the two classes have different means, so the operation's time depends on the class of
 * its input: {@value #LEAK_LIKELY} is the usual "leak likely" bound, and beyond {@value #LEAKS} dudect
 * calls the code "definitely not constant time". Unlike dudect, a set of samples counts only if the
 * difference of the means is also at least a resolution per call: {@value #RESOLUTION_NANOS} ns
 * (see {@link #RESOLUTION_NANOS}) unless the comparison names a larger one. A small |t| is
 * evidence, not proof: it says that no difference was seen at the resolution the samples allowed.
 *
 * <p>How one comparison runs ({@link #compare}):
 * <ul>
 *   <li>All inputs are made before anything is timed: a pool of "recipes" per class (the bytes of a
 *       header value, say), both of the same size. The class of every sample, and the place in the
 *       pool it starts from, are drawn at random beforehand.
 *   <li>One sample is the time, by {@link System#nanoTime()}, of a <em>batch</em> of calls on
 *       consecutive recipes of the sample's class. A batch lasts microseconds, so the resolution of
 *       the clock and the cost of reading it do not matter (and they are the same for both classes).
 *   <li>Just before the clock is read, each recipe of the batch is turned into a fresh input (a new
 *       {@code String}, say) in the same reused array, by the same code for both classes. So the
 *       inputs of both classes lie in the same kind of memory (just allocated, wherever the
 *       allocation pointer is, and in the cache), as a request's header value does. Without this,
 *       each class would be timed on its own long-lived objects, and where the garbage collector
 *       happened to put them is enough on its own for |t| in the tens on the cropped sets: two pools
 *       of random values from the same generator were "told apart" that way. Nothing is allocated
 *       in the timed loop but what the operation itself allocates.
 *   <li>The results of the calls are added up and written to a volatile field (a blackhole) after
 *       each batch, so the JIT can neither drop the calls nor hoist them out of the loop.
 *   <li>The same loop first runs untimed on both classes (warm-up), so that the JIT has compiled it,
 *       with the profile of both classes, before the samples that count are taken.
 *   <li>As dudect does, the t-test is computed on all the samples and again on the samples below
 *       each of several percentiles of all the timings ({@link #CROPS}): long samples (interrupts,
 *       GC, another process on the core) add variance that can hide a small difference of the
 *       means. The result keeps the uncropped t and the t of largest magnitude over all the sets.
 *       Means and variances are computed online with Welford's algorithm.
 * </ul>
 *
 * <p>Unlike dudect, which runs until stopped, it takes the number of samples it is asked for,
 * unless that takes longer than {@link #MEASURE_BUDGET_SECONDS} (a loaded machine), in which case
 * it stops there but takes at least a fifth of them; the result says how many it took. It does not
 * do dudect's second-order (centred product) test.
 */
final class Dudect {
    /** |t| above which a leak is likely. */
    static final double LEAK_LIKELY = 4.5;
    /** |t| above which dudect calls the code "definitely not constant time". */
    static final double LEAKS = 10;
    /** The cropped sets keep the samples at most these percentiles of all the timings. */
    static final double[] CROPS = {0.50, 0.75, 0.90, 0.95, 0.99, 0.999};
    /** Measuring stops after this many seconds, once it has at least a fifth of the samples. */
    static final int MEASURE_BUDGET_SECONDS = 8;
    /** The warm-up runs a quarter as many batches as are measured, or stops after this many seconds. */
    static final int WARMUP_BUDGET_SECONDS = 2;
    /**
     * The smallest difference of the mean time of a call, in nanoseconds, that counts as a leak,
     * however large |t| is, unless a comparison names a larger one: about a third of a cycle at
     * 3 GHz, and one step of this machine's clock (10 ns) over a batch of 100 calls. The tightest
     * cropped sets resolve far less than that with 100,000 samples, and then see differences of
     * where objects lie in memory: a 32-byte and a 64-byte secret array, made afresh for every call,
     * differed by 0.03 to 0.07 ns per call, with |t| up to 12.6, and by up to 0.32 ns now and then
     * (hence {@link ConstantTimeEvidenceTest#SECRET_LENGTH_RESOLUTION_NANOS}). Each result prints
     * the difference, so a reader sees what was ignored.
     */
    static final double RESOLUTION_NANOS = 0.1;

    /** Where the results of the timed calls go, so that the JIT cannot drop the calls. */
    @SuppressWarnings("unused")
    private static volatile long sink;

    private Dudect() {}

    /**
     * What one comparison found. Set 0 holds all the samples, set {@code s > 0} those at most the
     * percentile {@code CROPS[s - 1]}.
     *
     * @param ts Welch's t of each set (positive when class A is slower)
     * @param deltas in each set, the mean time of a call of class A minus that of class B, in ns
     * @param nanosA the mean time of a call of class A, over all its samples
     * @param seconds how long the timed samples took, warm-up excluded
     * @param resolution the smallest |A-B| per call, in ns, that counts as a leak
     */
    record Result(String name, int samplesA, int samplesB, int batch, double[] ts, double[] deltas, double nanosA,
            double nanosB, double seconds, double resolution) {
        /** Welch's t on all the samples. */
        double t() {
            return ts[0];
        }

        /** The set with the largest |t|. */
        int maxSet() {
            int max = 0;
            for (int s = 1; s < ts.length; s++) {
                if (Math.abs(ts[s]) > Math.abs(ts[max])) {
                    max = s;
                }
            }
            return max;
        }

        double maxAbsT() {
            return Math.abs(ts[maxSet()]);
        }

        /** Whether a set has |t| above {@code bound} and a difference of at least {@link #resolution}. */
        boolean exceeds(double bound) {
            for (int s = 0; s < ts.length; s++) {
                if (Math.abs(ts[s]) > bound && Math.abs(deltas[s]) >= resolution) {
                    return true;
                }
            }
            return false;
        }

        boolean leakLikely() {
            return exceeds(LEAK_LIKELY);
        }

        boolean leaks() {
            return exceeds(LEAKS);
        }

        @Override
        public String toString() {
            int max = maxSet();
            String crop = max == 0 ? "uncropped" : String.format(Locale.ROOT, "below p%.1f", CROPS[max - 1] * 100);
            String verdict = leaks() ? "LEAKS (>10)"
                    : leakLikely() ? "leak likely (>4.5)"
                    : maxAbsT() > LEAK_LIKELY ? "ok (|A-B|<" + resolution + ")"
                    : "ok (<4.5)";
            return String.format(Locale.ROOT,
                    "dudect: %-44s t=%+6.2f  max|t|=%6.2f (%s, A-B %+.2f ns/call)  %-18s  samples=%d (A %d, B %d)"
                            + " x batch %d in %.1fs  ns/call A %.1f B %.1f",
                    name, t(), maxAbsT(), crop, deltas[max], verdict, samplesA + samplesB, samplesA, samplesB,
                    batch, seconds, nanosA, nanosB);
        }
    }

    /**
     * Times {@code operation} on fresh inputs made from the recipes of {@code classA} and
     * {@code classB}, at random, and compares the timings of the two classes.
     *
     * @param classA the recipes of class A; {@code classB} must have as many, and at least {@code batch}
     * @param prepare makes a fresh input from a recipe; it runs untimed, just before the batch
     * @param samples how many batches to time after the warm-up (about half of each class)
     * @param batch how many calls one sample times
     * @param seed for the random choice of classes and places in the pools
     * @param resolution the smallest difference of the mean time of a call, in ns, that counts as a
     *     leak; at least {@link #RESOLUTION_NANOS}
     */
    static <T, U> Result compare(String name, T[] classA, T[] classB, Function<? super T, ? extends U> prepare,
            ToIntFunction<? super U> operation, int samples, int batch, long seed, double resolution) {
        if (resolution < RESOLUTION_NANOS) {
            throw new IllegalArgumentException("a resolution finer than RESOLUTION_NANOS");
        }
        if (classA.length != classB.length || classA.length < batch) {
            throw new IllegalArgumentException("pools of different sizes, or smaller than a batch");
        }
        SplittableRandom random = new SplittableRandom(seed);
        int places = classA.length - batch + 1;
        Object[] inputs = new Object[batch];

        // Warm-up: the same loop on both classes, timings thrown away.
        long warmupEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(WARMUP_BUDGET_SECONDS);
        for (int i = 0; i < samples / 4 && ((i & 0xFF) != 0 || System.nanoTime() < warmupEnd); i++) {
            time(random.nextBoolean() ? classA : classB, random.nextInt(places), inputs, prepare, operation);
        }

        boolean[] isA = new boolean[samples];
        int[] from = new int[samples];
        for (int i = 0; i < samples; i++) {
            isA[i] = random.nextBoolean();
            from[i] = random.nextInt(places);
        }
        long[] nanos = new long[samples];
        int taken = 0;
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(MEASURE_BUDGET_SECONDS);
        while (taken < samples && (taken < samples / 5 || (taken & 0xFF) != 0 || System.nanoTime() < end)) {
            nanos[taken] = time(isA[taken] ? classA : classB, from[taken], inputs, prepare, operation);
            taken++;
        }
        double seconds = (System.nanoTime() - start) / 1e9;

        long[] sorted = Arrays.copyOf(nanos, taken);
        Arrays.sort(sorted);
        Welch[] sets = new Welch[CROPS.length + 1];
        long[] limits = new long[CROPS.length + 1];
        sets[0] = new Welch();
        limits[0] = Long.MAX_VALUE;
        for (int c = 0; c < CROPS.length; c++) {
            sets[c + 1] = new Welch();
            limits[c + 1] = sorted[(int) (CROPS[c] * (taken - 1))];
        }
        for (int i = 0; i < taken; i++) {
            for (int s = 0; s < sets.length; s++) {
                if (nanos[i] <= limits[s]) {
                    sets[s].add(isA[i], nanos[i]);
                }
            }
        }
        double[] ts = new double[sets.length];
        double[] deltas = new double[sets.length];
        for (int s = 0; s < sets.length; s++) {
            ts[s] = sets[s].t();
            deltas[s] = (sets[s].a.mean - sets[s].b.mean) / batch;
        }
        Welch all = sets[0];
        return new Result(name, (int) all.a.n, (int) all.b.n, batch, ts, deltas, all.a.mean / batch,
                all.b.mean / batch, seconds, resolution);
    }

    /**
     * Makes {@code inputs.length} fresh inputs from {@code pool[from...]}, then returns the time of
     * calling {@code operation} on each of them: the loop between the two readings of the clock is
     * the only timed code.
     */
    @SuppressWarnings("unchecked")
    private static <T, U> long time(T[] pool, int from, Object[] inputs, Function<? super T, ? extends U> prepare,
            ToIntFunction<? super U> operation) {
        int batch = inputs.length;
        for (int i = 0; i < batch; i++) {
            inputs[i] = prepare.apply(pool[from + i]);
        }
        int results = 0;
        long start = System.nanoTime();
        for (int i = 0; i < batch; i++) {
            results += operation.applyAsInt((U) inputs[i]);
        }
        long elapsed = System.nanoTime() - start;
        sink = results;
        return elapsed;
    }

    /** Welch's t-test on two classes of observations. */
    static final class Welch {
        final Moments a = new Moments();
        final Moments b = new Moments();

        void add(boolean classA, double x) {
            (classA ? a : b).add(x);
        }

        /** (mean A - mean B) / sqrt(var A / n A + var B / n B); 0 while a class has fewer than 2 observations. */
        double t() {
            if (a.n < 2 || b.n < 2) {
                return 0;
            }
            double se = Math.sqrt(a.variance() / a.n + b.variance() / b.n);
            return se == 0 ? 0 : (a.mean - b.mean) / se;
        }
    }

    /** Count, mean and sum of squared deviations, updated one observation at a time (Welford). */
    static final class Moments {
        long n;
        double mean;
        double m2;

        void add(double x) {
            n++;
            double delta = x - mean;
            mean += delta / n;
            m2 += delta * (x - mean);
        }

        /** The sample variance (n - 1 in the denominator). */
        double variance() {
            return n < 2 ? 0 : m2 / (n - 1);
        }
    }
}
