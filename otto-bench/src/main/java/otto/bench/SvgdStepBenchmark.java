package otto.bench;

import java.util.concurrent.TimeUnit;
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
import otto.flow.Stepper;
import otto.flow.particle.Svgd;
import otto.model.Target;

/**
 * One step of SVGD on a standard normal, whose gradient costs next to
 * nothing, so that the pairwise work is what is timed: the median bandwidth recomputed every step
 * ({@code bandwidth = median}, exact selection at these sizes) or given ({@code fixed}), the
 * {@code O(n²d)} kernel sums, the move and the batched gradients. The cloud is the one SVGD
 * reaches after a few steps from its start.
 *
 * <pre>java -jar otto-bench/target/benchmarks.jar SvgdStep -f 1 -wi 2 -i 3 -w 1 -r 1</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class SvgdStepBenchmark {
    @Param({"256", "1024", "4096"})
    int n;
    @Param({"2", "16", "64"})
    int d;
    @Param({"1", "2"})
    int threads;
    @Param({"median", "fixed"})
    String bandwidth;

    Stepper svgd;

    /** {@code N(0, I)}: {@code log π = -|x|²/2}, {@code ∇log π = -x}, batched. */
    static Target standardNormal(int d) {
        return new Target() {
            @Override
            public int dimension() {
                return d;
            }

            @Override
            public double logDensity(double[] x, double[] g) {
                double s = 0.0;
                for (int k = 0; k < d; k++) {
                    s += x[k] * x[k];
                    if (g != null) {
                        g[k] = -x[k];
                    }
                }
                return -0.5 * s;
            }

            @Override
            public void logDensities(double[] points, int count, double[] lp, double[] g) {
                for (int i = 0; i < count; i++) {
                    double s = 0.0;
                    for (int k = 0; k < d; k++) {
                        double v = points[i * d + k];
                        s += v * v;
                        if (g != null) {
                            g[i * d + k] = -v;
                        }
                    }
                    lp[i] = -0.5 * s;
                }
            }

            @Override
            public void hessian(double[] x, double[] out) {
                java.util.Arrays.fill(out, 0.0);
                for (int k = 0; k < d; k++) {
                    out[k * d + k] = -1.0;
                }
            }
        };
    }

    @Setup(Level.Trial)
    public void setup() {
        Svgd.Settings s = Svgd.Settings.defaults().withParticles(n).withIterations(Integer.MAX_VALUE);
        if (bandwidth.equals("fixed")) {
            s = s.withBandwidth(2.0 * d / Math.log(n));
        }
        svgd = Stepper.start(standardNormal(d), new Svgd(s), 1, threads);
        for (int i = 0; i < 3; i++) {
            svgd.step();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        svgd.close();
    }

    /** One SVGD step. */
    @Benchmark
    public int step() {
        svgd.step();
        return svgd.iteration();
    }
}
