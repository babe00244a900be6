package otto.bench;

import otto.flow.Result;
import otto.flow.Run;
import otto.flow.gaussian.ForwardBackwardVi;
import otto.flow.gaussian.GaussianViSettings;
import otto.model.Target;

/**
 * Repeated whole runs of forward–backward VI with default settings on the 10 000 × 25 logistic
 * regression, for profiling (JFR) and wall-clock timing outside JMH.
 *
 * <pre>java -cp otto-bench/target/benchmarks.jar otto.bench.FbviRun [repeats] [threads]</pre>
 */
public final class FbviRun {
    private FbviRun() {
    }

    public static void main(String[] args) {
        int repeats = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        long t0 = System.nanoTime();
        Target model = new LogisticRegressionData(10_000, 25).model();
        System.out.printf("model built in %.3f s%n", (System.nanoTime() - t0) * 1e-9);
        for (int r = 0; r < repeats; r++) {
            long s = System.nanoTime();
            Result res = Run.of(model, new ForwardBackwardVi(GaussianViSettings.defaults())).seed(1 + r).threads(threads).execute();
            System.out.printf("run %d: %.3f s wall, %d iterations, %.5f s median step, reason %s%n", r,
                    (System.nanoTime() - s) * 1e-9, res.iterations(), res.medianSecondsPerIteration(), res.stopReason());
        }
    }
}
