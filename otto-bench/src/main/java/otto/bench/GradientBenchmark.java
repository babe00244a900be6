package otto.bench;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import otto.ad.Gradients;
import otto.ad.Matrix;
import otto.ad.ScalarFunction;
import otto.ad.Var;
import otto.model.Target;

/**
 * The gradient of the 10 000 × 25 logistic regression ({@link LogisticRegressionData}): through the
 * tape, through the model's plain-array path at one point, and batched for {@value #BATCH} points
 * (one and two threads, split as {@code otto.flow.Evaluator} splits them). The points are fixed
 * draws near the posterior (coordinates uniform in ±0.05), not zero.
 *
 * <p>The forks run with {@code --add-modules jdk.incubator.vector}, so the model's kernel is the
 * Vector API one; pass {@code -jvmArgsAppend -Dotto.vector=false} for the plain-Java path.
 *
 * <pre>java -jar otto-bench/target/benchmarks.jar GradientBenchmark</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class GradientBenchmark {
    static final int BATCH = 1000;
    @Param({"10000"})
    int n;
    @Param({"25"})
    int k;

    double[] beta;
    double[] gradient;
    double[] points;
    double[] lps;
    double[] gradients;
    ScalarFunction logLikelihood;
    Target model;
    ExecutorService pool;

    @Setup
    public void setup() {
        LogisticRegressionData data = new LogisticRegressionData(n, k);
        Matrix design = new Matrix(n, k, data.x);
        double[] y = data.y;
        model = data.model();
        UniformRandomProvider rng = RandomSource.L64_X256_MIX.create(2);
        points = new double[BATCH * k];
        for (int i = 0; i < points.length; i++) {
            points[i] = (rng.nextDouble() - 0.5) * 0.1;
        }
        beta = java.util.Arrays.copyOf(points, k);
        gradient = new double[k];
        lps = new double[BATCH];
        gradients = new double[BATCH * k];
        logLikelihood = b -> {
            Var eta = design.times(b);
            return eta.mul(eta.tape().constant(y)).sub(eta.log1pExp()).sum();
        };
        pool = Executors.newFixedThreadPool(2);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        pool.shutdownNow();
    }

    /** Through the generic tape: a handful of array nodes. */
    @Benchmark
    public double tape() {
        return Gradients.valueAndGradient(logLikelihood, beta, gradient);
    }

    /** The logistic-regression model's own plain-array path (log posterior, prior included), one point. */
    @Benchmark
    public double model() {
        return model.logDensity(beta, gradient);
    }

    /** {@value #BATCH} points in one call, one thread: divide by {@value #BATCH} for a gradient. */
    @Benchmark
    public double batched() {
        model.logDensities(points, BATCH, lps, gradients);
        return lps[0];
    }

    /** {@value #BATCH} points split into two contiguous halves on two threads. */
    @Benchmark
    public double batchedTwoThreads() throws Exception {
        int half = BATCH / 2;
        Future<?> other = pool.submit(() -> evaluate(half, BATCH));
        evaluate(0, half);
        other.get();
        return lps[0];
    }

    private void evaluate(int from, int to) {
        int m = to - from;
        double[] p = java.util.Arrays.copyOfRange(points, from * k, to * k);
        double[] lp = new double[m];
        double[] g = new double[m * k];
        model.logDensities(p, m, lp, g);
        System.arraycopy(lp, 0, lps, from, m);
        System.arraycopy(g, 0, gradients, from * k, m * k);
    }
}
