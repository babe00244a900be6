package otto.bench;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import otto.energy.Estimate;
import otto.energy.KernelSteinDiscrepancy;
import otto.energy.KozachenkoLeonenko;
import otto.flow.Parallel;

/**
 * The particle-cloud estimators of {@code otto.energy} on a correlated Gaussian cloud of
 * {@code n} points in {@code ℝ^d}: the Kozachenko–Leonenko entropy (whitened, automatic search,
 * and each search forced) and the IMQ kernel Stein discrepancy, on 1 and 2 threads.
 *
 * <pre>java -jar otto-bench/target/benchmarks.jar ParticleEnergyBenchmark -f 1 -wi 2 -i 3 -w 1 -r 1</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class ParticleEnergyBenchmark {
    @Param({"1024", "4096"})
    int n;
    @Param({"2", "16", "64"})
    int d;
    @Param({"1", "2"})
    int threads;

    double[] points;
    double[] scores;
    ExecutorService pool;
    Parallel parallel;
    KozachenkoLeonenko entropy = KozachenkoLeonenko.defaults();
    KozachenkoLeonenko tree = entropy.withSearch(KozachenkoLeonenko.Search.KD_TREE);
    KozachenkoLeonenko bruteForce = entropy.withSearch(KozachenkoLeonenko.Search.BRUTE_FORCE);
    KernelSteinDiscrepancy ksd = KernelSteinDiscrepancy.imq();

    @Setup
    public void setup() {
        UniformRandomProvider rng = RandomSource.L64_X256_MIX.create(1);
        ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
        points = new double[n * d];
        scores = new double[n * d];
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < d; a++) {
                double v = g.sample() + (a > 0 ? 0.5 * points[i * d + a - 1] : 0.0);
                points[i * d + a] = v;
                scores[i * d + a] = -v;
            }
        }
        pool = threads > 1 ? Executors.newFixedThreadPool(threads) : null;
        parallel = threads > 1 ? Parallel.of(pool, threads) : Parallel.serial();
    }

    @TearDown
    public void tearDown() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    /** The entropy with the defaults (whitened, k = 2, automatic search). */
    @Benchmark
    public Estimate entropy() {
        return entropy.entropy(points, n, d, parallel);
    }

    /** The entropy, k-d tree forced. */
    @Benchmark
    public Estimate entropyKdTree() {
        return tree.entropy(points, n, d, parallel);
    }

    /** The entropy, brute force forced. */
    @Benchmark
    public Estimate entropyBruteForce() {
        return bruteForce.entropy(points, n, d, parallel);
    }

    /** The squared KSD (IMQ, β = -1/2, c = 1). */
    @Benchmark
    public double ksd() {
        return ksd.squared(points, scores, n, d, parallel);
    }
}
