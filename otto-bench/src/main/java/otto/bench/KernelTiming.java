package otto.bench;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import otto.model.Target;

/**
 * A quick A/B harness for the GLM kernel outside JMH: minimum and median thread CPU time of the
 * single-point gradient and of a batch of 1000 points on the 10 000 × 25 logistic regression.
 * CPU time and the minimum are the figures least disturbed by other load on a shared machine (a
 * 100 ms call cannot escape being descheduled; its CPU time does not count the wait).
 *
 * <pre>java --add-modules jdk.incubator.vector -cp otto-bench/target/benchmarks.jar otto.bench.KernelTiming [seconds]</pre>
 */
public final class KernelTiming {
    private KernelTiming() {
    }

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
        Target model = new LogisticRegressionData(10_000, 25).model();
        int k = 25;
        int batch = 1000;
        UniformRandomProvider rng = RandomSource.L64_X256_MIX.create(2);
        double[] points = new double[batch * k];
        for (int i = 0; i < points.length; i++) {
            points[i] = (rng.nextDouble() - 0.5) * 0.1;
        }
        double[] beta = java.util.Arrays.copyOf(points, k);
        double[] g = new double[k];
        double[] lps = new double[batch];
        double[] gs = new double[batch * k];
        System.out.println("kernel " + otto.math.GlmKernel.implementation());
        LogisticRegressionData data = new LogisticRegressionData(10_000, k);
        for (otto.math.GlmKernel.Family f : otto.math.GlmKernel.Family.values()) {
            otto.math.GlmKernel kernel = otto.math.GlmKernel.of(data.x, 10_000, k, data.y, f);
            double[] t = time(() -> kernel.evaluate(points, k, batch, lps, gs), seconds / 2);
            double[] v = time(() -> kernel.evaluate(points, k, batch, lps, null), seconds / 4);
            double[] h = time(() -> kernel.meanWeightedGram(points, k, 4, gs), seconds / 4);
            System.out.printf("kernel alone, %s: batch of %d: min %.2f ms (%.1f GFLOP/s); values alone %.1f µs/point"
                    + " (%.1f GFLOP/s); mean Gram of 4 points: min %.3f ms%n", f, batch,
                    t[0] * 1e3, 4.0 * batch * 10_000 * k / t[0] * 1e-9, v[0] * 1e6 / batch,
                    2.0 * batch * 10_000 * k / v[0] * 1e-9, h[0] * 1e3);
        }
        for (int round = 0; round < 3; round++) {
            double[] single = time(() -> model.logDensity(beta, g), seconds / 2);
            double[] batched = time(() -> model.logDensities(points, batch, lps, gs), seconds / 2);
            double[] valuesOnly = time(() -> model.logDensities(points, batch, lps, null), seconds / 4);
            System.out.printf("log densities only, batch of %d: min %.2f ms (%.1f µs/point)%n", batch, valuesOnly[0] * 1e3, valuesOnly[0] * 1e6 / batch);
            System.out.printf("single: min %.1f µs, median %.1f µs | batch of %d: min %.2f ms (%.1f µs/point, %.1f GFLOP/s), median %.2f ms%n",
                    single[0] * 1e6, single[1] * 1e6, batch, batched[0] * 1e3, batched[0] * 1e6 / batch,
                    4.0 * batch * 10_000 * k / batched[0] * 1e-9, batched[1] * 1e3);
        }
    }

    static double[] time(Runnable r, double seconds) {
        double[] t = new double[100_000];
        int n = 0;
        long end = System.nanoTime() + (long) (seconds * 1e9);
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        while (n < t.length && (System.nanoTime() < end || n < 5)) {
            long s = mx.getCurrentThreadCpuTime();
            r.run();
            t[n++] = (mx.getCurrentThreadCpuTime() - s) * 1e-9;
        }
        double[] u = java.util.Arrays.copyOf(t, n);
        java.util.Arrays.sort(u);
        return new double[] {u[0], u[n / 2]};
    }
}
