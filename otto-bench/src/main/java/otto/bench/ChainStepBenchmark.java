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
import otto.flow.Flow;
import otto.flow.Run;
import otto.flow.particle.KineticLangevin;
import otto.flow.particle.Mala;
import otto.flow.particle.Metric;
import otto.flow.particle.Ula;
import otto.model.Target;

/**
 * Steps of the chain methods on the 10 000 × 25 logistic regression: a run of
 * {@value #STEPS} iterations of one chain at a fixed step with the identity metric (no Laplace
 * fit, no tuning), so that the time is the steps' — one batched gradient each, plus the
 * proposal and, for MALA, the acceptance. Divide the score by {@value #STEPS} for one step.
 *
 * <pre>java -jar otto-bench/target/benchmarks.jar ChainStepBenchmark</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class ChainStepBenchmark {
    static final int STEPS = 200;

    @Param({"mala", "ula", "kinetic"})
    String method;
    @Param({"1", "4"})
    int chains;

    Target model;
    Flow flow;

    @Setup
    public void setup() {
        model = new LogisticRegressionData(10_000, 25).model();
        double step = 1e-4;
        flow = switch (method) {
            case "mala" -> new Mala(Mala.Settings.defaults().withMetric(Metric.UNIT).withStep(step).withWarmup(0)
                    .withDraws(STEPS).withChains(chains));
            case "ula" -> new Ula(Ula.Settings.defaults().withMetric(Metric.UNIT).withStep(step).withWarmup(0)
                    .withDraws(STEPS).withChains(chains));
            case "kinetic" -> new KineticLangevin(KineticLangevin.Settings.defaults().withMetric(Metric.UNIT).withStep(0.01)
                    .withWarmup(0).withDraws(STEPS).withChains(chains));
            default -> throw new IllegalArgumentException(method);
        };
    }

    /** {@value #STEPS} iterations of every chain. */
    @Benchmark
    public Object run() {
        return Run.of(model, flow).seed(1).execute().draws();
    }
}
