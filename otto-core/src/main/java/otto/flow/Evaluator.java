package otto.flow;

import otto.model.Target;

/**
 * Batched evaluation of a {@link Target} over many points, split into contiguous blocks across
 * threads. Each point's value does not depend on the split, so results are the same whatever
 * the thread count.
 */
public final class Evaluator {
    private final Target target;
    private final Parallel parallel;

    Evaluator(Target target, Parallel parallel) {
        this.target = target;
        this.parallel = parallel;
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
        int threads = parallel.threads();
        if (threads <= 1 || count < 2) {
            target.logDensities(points, count, logDensities, gradients);
            return;
        }
        int d = target.dimension();
        int blocks = Math.min(threads, count);
        parallel.forEach(blocks, b -> {
            int from = (int) ((long) count * b / blocks);
            int to = (int) ((long) count * (b + 1) / blocks);
            int n = to - from;
            double[] p = java.util.Arrays.copyOfRange(points, from * d, to * d);
            double[] lp = new double[n];
            double[] g = gradients == null ? null : new double[n * d];
            target.logDensities(p, n, lp, g);
            System.arraycopy(lp, 0, logDensities, from, n);
            if (g != null) {
                System.arraycopy(g, 0, gradients, from * d, n * d);
            }
        });
    }
}
