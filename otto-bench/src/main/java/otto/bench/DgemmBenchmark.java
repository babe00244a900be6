package otto.bench;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.ejml.concurrency.EjmlConcurrency;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.CommonOps_MT_DDRM;
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
import otto.math.Dense;

/**
 * Plain double-precision matrix products {@code C = A B} (row-major, {@code m × k} times
 * {@code k × n}) with the candidate libraries, on one or two threads (rows of A split in two):
 * Otto's own loop ({@code Dense.multiply}), EJML ({@code CommonOps_DDRM.mult}, and
 * {@code CommonOps_MT_DDRM.mult} for two threads), and netlib-java's pure-Java BLAS
 * ({@code dev.ludovic.netlib:blas}, {@code JavaBLAS.getInstance()}: its Vector-API
 * {@code VectorBLAS} when the incubator module is present, as in these forks; its plain-Java
 * {@code Java11BLAS} with {@code -jvmArgs -Dx=y} replacing the module flag). Shapes: a square 1000³
 * product (the machine's rate) and the two products of a batched GLM gradient of 1000 points on
 * 10 000 × 25 data ({@code B Xᵀ} and {@code D X}). Score: ms per product; GFLOP/s =
 * {@code 2mkn / time}.
 *
 * <pre>java -jar otto-bench/target/benchmarks.jar DgemmBenchmark</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class DgemmBenchmark {
    @Param({"1000x1000x1000", "1000x25x10000", "1000x10000x25"})
    String shape;
    @Param({"dense", "ejml", "netlib-java"})
    String impl;
    @Param({"1", "2"})
    int threads;

    int m;
    int k;
    int n;
    double[] a;
    double[] b;
    double[] c;
    DMatrixRMaj ma;
    DMatrixRMaj mb;
    DMatrixRMaj mc;
    dev.ludovic.netlib.blas.BLAS blas;
    ExecutorService pool;

    @Setup
    public void setup() {
        String[] s = shape.split("x");
        m = Integer.parseInt(s[0]);
        k = Integer.parseInt(s[1]);
        n = Integer.parseInt(s[2]);
        java.util.SplittableRandom rng = new java.util.SplittableRandom(1);
        a = new double[m * k];
        b = new double[k * n];
        c = new double[m * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = rng.nextDouble() - 0.5;
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = rng.nextDouble() - 0.5;
        }
        ma = DMatrixRMaj.wrap(m, k, a);
        mb = DMatrixRMaj.wrap(k, n, b);
        mc = DMatrixRMaj.wrap(m, n, c);
        blas = switch (impl) {
            case "netlib-java" -> dev.ludovic.netlib.blas.JavaBLAS.getInstance();
            default -> null;
        };
        if (blas != null) {
            System.out.println("netlib implementation: " + blas.getClass().getName());
        }
        EjmlConcurrency.setMaxThreads(threads);
        pool = Executors.newFixedThreadPool(2);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        pool.shutdownNow();
    }

    @Benchmark
    public double multiply() throws Exception {
        if (impl.equals("ejml") && threads == 2) {
            CommonOps_MT_DDRM.mult(ma, mb, mc);
            return c[0];
        }
        if (threads == 1) {
            rows(0, m);
        } else {
            Future<?> f = pool.submit(() -> rows(m / 2, m));
            rows(0, m / 2);
            f.get();
        }
        return c[0];
    }

    private void rows(int from, int to) {
        int r = to - from;
        switch (impl) {
            case "dense" -> System.arraycopy(Dense.multiply(java.util.Arrays.copyOfRange(a, from * k, to * k), b, r, k, n),
                    0, c, from * n, r * n);
            case "ejml" -> {
                DMatrixRMaj part = DMatrixRMaj.wrap(r, k, java.util.Arrays.copyOfRange(a, from * k, to * k));
                DMatrixRMaj out = new DMatrixRMaj(r, n);
                CommonOps_DDRM.mult(part, mb, out);
                System.arraycopy(out.data, 0, c, from * n, r * n);
            }
            default ->
                // row-major C = A B is column-major Cᵀ = Bᵀ Aᵀ: dgemm("N", "N", n, r, k, B, A)
                blas.dgemm("N", "N", n, r, k, 1.0, b, 0, n, a, from * k, k, 0.0, c, from * n, n);
        }
    }
}
