package otto.diagnostics;

/** Potential scale reduction factors (Gelman–Rubin), as ArviZ computes them. */
public final class Rhat {
    private Rhat() {
    }

    /**
     * Rank-normalised split R-hat (Vehtari et al. 2021): the larger of the R-hats of the
     * rank-normalised split chains and of their folded version {@code |x - median|}.
     */
    public static double rank(double[][] chains) {
        if (Ess.tooShort(chains)) {
            return Double.NaN;
        }
        double[][] split = Chains.split(chains);
        double bulk = classic(Chains.zScale(split));
        double median = Quantiles.of(Chains.pool(split), 0.5);
        double tail = classic(Chains.zScale(Chains.map(split, v -> Math.abs(v - median))));
        return Math.max(bulk, tail);
    }

    /** The classic split R-hat (no rank normalisation). */
    public static double splitClassic(double[][] chains) {
        if (Ess.tooShort(chains)) {
            return Double.NaN;
        }
        return classic(Chains.split(chains));
    }

    /** {@code √((B/W + n - 1)/n)} of the chains as given. */
    static double classic(double[][] chains) {
        int m = chains.length;
        int n = chains[0].length;
        double[] means = new double[m];
        double within = 0.0;
        for (int c = 0; c < m; c++) {
            means[c] = Moments.mean(chains[c]);
            within += Moments.variance(chains[c]) / m;
        }
        double between = n * Moments.variance(means);
        return Math.sqrt((between / within + n - 1.0) / n);
    }
}
