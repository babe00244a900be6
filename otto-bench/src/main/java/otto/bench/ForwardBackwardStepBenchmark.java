package otto.bench;

import java.util.concurrent.TimeUnit;
import org.apache.commons.rng.UniformRandomProvider;
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
import org.openjdk.jmh.annotations.Warmup;
import otto.flow.Result;
import otto.flow.Run;
import otto.flow.gaussian.ForwardBackwardVi;
import otto.flow.gaussian.GaussianViSettings;
import otto.model.Target;
import otto.models.ModelZoo;
import otto.models.StanData;

/**
 * Forward–backward VI on a logistic regression ({@code N = 10 000} rows, {@code d} predictors):
 * 20 iterations of 10 samples (4 with exact Hessians) after the Laplace start (no early stop), as
 * the cost of a step. The per-iteration median from the run's own timing is printed too.
 *
 * <pre>java -jar otto-bench/target/benchmarks.jar ForwardBackwardStepBenchmark</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class ForwardBackwardStepBenchmark {
    @Param({"25", "200"})
    int d;

    Target model;

    @Setup
    public void setup() {
        int n = 10_000;
        UniformRandomProvider rng = RandomSource.L64_X256_MIX.create(7);
        StringBuilder json = new StringBuilder("{\"N\":" + n + ",\"K\":" + d + ",\"X\":[");
        double[] beta = new double[d];
        for (int j = 0; j < d; j++) {
            beta[j] = (rng.nextDouble() - 0.5) / Math.sqrt(d);
        }
        StringBuilder y = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            json.append(i == 0 ? "[" : ",[");
            double eta = 0;
            for (int j = 0; j < d; j++) {
                double x = rng.nextDouble() * 2 - 1;
                eta += x * beta[j];
                json.append(j == 0 ? "" : ",").append(x);
            }
            json.append(']');
            y.append(i == 0 ? "" : ",").append(rng.nextDouble() < 1 / (1 + Math.exp(-eta)) ? 1 : 0);
        }
        json.append("],\"y\":").append(y).append("]}");
        model = ModelZoo.get("logistic_regression").create(StanData.parse(json.toString(), "benchmark"));
    }

    @Benchmark
    public double twentySteps() {
        Result r = Run.of(model, new ForwardBackwardVi(GaussianViSettings.defaults().withIterations(20).withDraws(10).withTolerance(0)))
                .seed(1).execute();
        return r.medianSecondsPerIteration();
    }
}
