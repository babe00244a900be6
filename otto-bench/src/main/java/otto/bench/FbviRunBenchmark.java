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
import otto.flow.Result;
import otto.flow.Run;
import otto.flow.gaussian.ForwardBackwardVi;
import otto.flow.gaussian.GaussianViSettings;
import otto.model.Target;

/**
 * A whole default run of forward–backward VI on the 10 000 × 25 logistic regression
 * ({@link LogisticRegressionData}, the peer figures' posterior): Laplace start, the steps until
 * the early stop, 4 × 1000 draws with their log densities and the ELBO from them. JVM start-up
 * and the model's construction are outside the measurement. {@link FbviAccuracy} gives the
 * accuracy of the same runs against an importance-sampling reference.
 *
 * <pre>java -jar otto-bench/target/benchmarks.jar FbviRunBenchmark</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class FbviRunBenchmark {
    @Param({"1", "2"})
    int threads;

    Target model;

    @Setup
    public void setup() {
        model = new LogisticRegressionData(10_000, 25).model();
    }

    @Benchmark
    public Result defaultRun() {
        return Run.of(model, new ForwardBackwardVi(GaussianViSettings.defaults())).seed(1).threads(threads).execute();
    }
}
