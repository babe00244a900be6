package otto.flow;

import java.util.function.ToDoubleFunction;

/** Batch-means estimate of {@code E f} and its Monte Carlo standard error from MCMC draws. */
final class BatchMeans {
    private BatchMeans() {
    }

    /**
     * {@code [estimate, standard error]} of {@code E f(x_i, x_j)} over all chains, with
     * non-overlapping batches of 100 draws.
     */
    static double[] of(Draws draws, ToDoubleFunction<double[]> f, int i, int j) {
        int batch = 100;
        int perChain = draws.draws() / batch;
        int nb = perChain * draws.chains();
        double[] means = new double[nb];
        int k = 0;
        for (int c = 0; c < draws.chains(); c++) {
            for (int b = 0; b < perChain; b++) {
                double s = 0.0;
                for (int t = b * batch; t < (b + 1) * batch; t++) {
                    s += f.applyAsDouble(new double[] {draws.get(c, t, i), draws.get(c, t, j)});
                }
                means[k++] = s / batch;
            }
        }
        double m = 0.0;
        for (double v : means) {
            m += v / nb;
        }
        double var = 0.0;
        for (double v : means) {
            var += (v - m) * (v - m) / (nb - 1);
        }
        return new double[] {m, Math.sqrt(var / nb)};
    }
}
