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

/**
 * This machine's memory bandwidth from Java, STREAM-style (McCalpin): {@code copy}
 * {@code a[i] = b[i]} (16 bytes per element as STREAM counts them) and {@code triad}
 * {@code a[i] = b[i] + s·c[i]} (24 bytes), on arrays of 2²⁴ doubles (128 MiB each, far beyond the
 * caches), one thread. GB/s = bytes per element × n / (seconds per operation).
 *
 * <pre>java -jar otto-bench/target/benchmarks.jar StreamBenchmark -f 1 -wi 2 -i 3 -w 1 -r 1</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class StreamBenchmark {
    @Param({"16777216"})
    int n;

    double[] a;
    double[] b;
    double[] c;

    @Setup
    public void setup() {
        a = new double[n];
        b = new double[n];
        c = new double[n];
        for (int i = 0; i < n; i++) {
            b[i] = i * 1e-9;
            c[i] = 1.0 - i * 1e-9;
        }
    }

    @Benchmark
    public double[] copy() {
        System.arraycopy(b, 0, a, 0, n);
        return a;
    }

    @Benchmark
    public double[] copyLoop() {
        double[] x = a;
        double[] y = b;
        for (int i = 0; i < x.length; i++) {
            x[i] = y[i];
        }
        return x;
    }

    @Benchmark
    public double[] triad() {
        double[] x = a;
        double[] y = b;
        double[] z = c;
        double s = 3.0;
        for (int i = 0; i < x.length; i++) {
            x[i] = y[i] + s * z[i];
        }
        return x;
    }
}
