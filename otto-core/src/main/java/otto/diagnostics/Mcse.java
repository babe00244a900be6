package otto.diagnostics;

/** Monte Carlo standard errors of the mean and of the standard deviation, as ArviZ computes them. */
public final class Mcse {
    private Mcse() {
    }

    /** {@code sd / √ESS_mean}. */
    public static double mean(double[][] chains) {
        if (Ess.tooShort(chains)) {
            return Double.NaN;
        }
        return Math.sqrt(Moments.variance(Chains.pool(chains)) / Ess.mean(chains));
    }

    /**
     * By the delta method on the variance: with {@code s = (x - x̄)²}, {@code Var(s̄) ≈ (E s² - (E s)²) / ESS(s)}
     * and {@code MCSE(sd) = √(Var(s̄) / (4 E s))}.
     */
    public static double sd(double[][] chains) {
        if (Ess.tooShort(chains)) {
            return Double.NaN;
        }
        double mean = Moments.mean(Chains.pool(chains));
        double[][] sq = Chains.map(chains, v -> (v - mean) * (v - mean));
        double[] all = Chains.pool(sq);
        double ess = Ess.mean(sq);
        double evar = Moments.mean(all);
        double e2 = 0.0;
        for (double v : all) {
            e2 += v * v;
        }
        e2 /= all.length;
        double varvar = (e2 - evar * evar) / ess;
        return Math.sqrt(varvar / evar / 4.0);
    }
}
