package otto.flow;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import otto.model.Target;

/**
 * Batched evaluation of a {@link Target} over many points, split into contiguous blocks across
 * threads. Each point's value does not depend on the split, so results are the same whatever
 * the thread count.
 */
public final class Evaluator {
    private final Target target;
    private final ExecutorService pool;
    private final int threads;

    Evaluator(Target target, ExecutorService pool, int threads) {
        this.target = target;
        this.pool = pool;
        this.threads = threads;
    }

    /** The target evaluated. */
    public Target target() {
        return target;
    }

    /**
     * Log densities (and gradients, row-major, when {@code gradients} is non-null) of
     * {@code count} points stored row-major in {@code points}.
     */
    public void evaluate(double[] points, int count, double[] logDensities, double[] gradients) {
        if (pool == null || threads <= 1 || count < 2) {
            target.logDensities(points, count, logDensities, gradients);
            return;
        }
        int d = target.dimension();
        int blocks = Math.min(threads, count);
        List<Future<?>> futures = new ArrayList<>(blocks);
        for (int b = 0; b < blocks; b++) {
            int from = (int) ((long) count * b / blocks);
            int to = (int) ((long) count * (b + 1) / blocks);
            futures.add(pool.submit(() -> {
                int n = to - from;
                double[] p = java.util.Arrays.copyOfRange(points, from * d, to * d);
                double[] lp = new double[n];
                double[] g = gradients == null ? null : new double[n * d];
                target.logDensities(p, n, lp, g);
                System.arraycopy(lp, 0, logDensities, from, n);
                if (g != null) {
                    System.arraycopy(g, 0, gradients, from * d, n * d);
                }
            }));
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RunFailedException("interrupted while evaluating the target", e);
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                if (c instanceof RuntimeException r) {
                    throw r;
                }
                throw new RunFailedException("evaluating the target failed: " + c, c);
            }
        }
    }
}
