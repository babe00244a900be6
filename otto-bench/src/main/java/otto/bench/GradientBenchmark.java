package otto.bench;

import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;
import otto.ad.Gradients;
import otto.ad.Matrix;
import otto.ad.ScalarFunction;
import otto.ad.Var;
import otto.model.Target;

/**
 * The gradient of a logistic-regression log likelihood ({@code N × K} data) through the tape:
 * {@code Σ y·η - log(1 + e^η)}, {@code η = Xβ}.
 *
 * <pre>java -jar otto-bench/target/benchmarks.jar GradientBenchmark</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class GradientBenchmark {
    @Param({"10000"})
    int n;
    @Param({"25"})
    int k;

    double[] beta;
    double[] gradient;
    ScalarFunction logLikelihood;
    Target model;

    @Setup
    public void setup() {
        LogisticRegressionData data = new LogisticRegressionData(n, k);
        Matrix design = new Matrix(n, k, data.x);
        double[] y = data.y;
        model = data.model();
        beta = new double[k];
        gradient = new double[k];
        logLikelihood = b -> {
            Var eta = design.times(b);
            return eta.mul(eta.tape().constant(y)).sub(eta.log1pExp()).sum();
        };
    }

    /** Through the generic tape: a handful of array nodes. */
    @Benchmark
    public double tape() {
        return Gradients.valueAndGradient(logLikelihood, beta, gradient);
    }

    /** The logistic-regression model's own plain-array path (log posterior, prior included). */
    @Benchmark
    public double model() {
        return model.logDensity(beta, gradient);
    }
}
