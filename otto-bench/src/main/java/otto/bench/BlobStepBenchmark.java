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
import otto.flow.particle.BlobFlow;

/**
 * One step of the blob flow on a standard normal (cheap gradient): the second pairwise pass (the
 * repulsion's three sums), the move, the batched gradients and the first pass (the mollified
 * densities) of the accepted trial cloud — plus, on rejected adaptive trials, another first pass.
 *
 * <pre>java -jar otto-bench/target/benchmarks.jar BlobStep -f 1 -wi 2 -i 3 -w 1 -r 1</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class BlobStepBenchmark {
    @Param({"1024", "4096"})
    int n;
    @Param({"16"})
    int d;
    @Param({"1", "2"})
    int threads;

    Stepper blob;

    @Setup(Level.Trial)
    public void setup() {
        blob = Stepper.start(SvgdStepBenchmark.standardNormal(d), new BlobFlow(BlobFlow.Settings.defaults().withParticles(n)
                .withIterations(Integer.MAX_VALUE)), 1, threads);
        for (int i = 0; i < 3; i++) {
            blob.step();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        blob.close();
    }

    /** One blob-flow step. */
    @Benchmark
    public int step() {
        blob.step();
        return blob.iteration();
    }
}
