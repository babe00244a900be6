package otto.diagnostics;

/**
 * Effective sample sizes (Vehtari, Gelman, Simpson, Carpenter, Bürkner 2021), computed as ArviZ
 * does: autocorrelations combined across chains, truncated by Geyer's initial positive sequence
 * and made monotone, {@code τ̂ ≥ 1/log₁₀(S)}.
 */
public final class Ess {
    private Ess() {
    }

    /** Bulk ESS: of the rank-normalised split chains. */
    public static double bulk(double[][] chains) {
        if (tooShort(chains)) {
            return Double.NaN;
        }
        return of(Chains.zScale(Chains.split(chains)));
    }

    /** Tail ESS: the smaller ESS of the indicators of the 5 % and 95 % quantiles, split chains. */
    public static double tail(double[][] chains) {
        if (tooShort(chains)) {
            return Double.NaN;
        }
        double[] all = Chains.pool(chains);
        double q05 = Quantiles.of(all, 0.05);
        double q95 = Quantiles.of(all, 0.95);
        double[][] split = Chains.split(chains);
        double low = of(Chains.map(split, v -> v <= q05 ? 1.0 : 0.0));
        double high = of(Chains.map(split, v -> v <= q95 ? 1.0 : 0.0));
        return Math.min(low, high);
    }

    /** Mean ESS: of the split chains, without rank normalisation (for the MCSE of the mean). */
    public static double mean(double[][] chains) {
        if (tooShort(chains)) {
            return Double.NaN;
        }
        return of(Chains.split(chains));
    }

    /** The ESS of the given chains as they are (no splitting, no normalisation). */
    public static double of(double[][] chains) {
        int m = chains.length;
        int n = chains[0].length;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double[] c : chains) {
            for (double v : c) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        if (max - min < 1e-15) {
            return (double) m * n;
        }
        double[][] acov = new double[m][];
        double[] chainMean = new double[m];
        for (int c = 0; c < m; c++) {
            acov[c] = Autocovariance.of(chains[c]);
            double s = 0.0;
            for (double v : chains[c]) {
                s += v;
            }
            chainMean[c] = s / n;
        }
        double meanVar = meanAt(acov, 0) * n / (n - 1.0);
        double varPlus = meanVar * (n - 1.0) / n;
        if (m > 1) {
            varPlus += Moments.variance(chainMean);
        }
        double[] rho = new double[n];
        double rhoEven = 1.0;
        rho[0] = rhoEven;
        double rhoOdd = 1.0 - (meanVar - meanAt(acov, 1)) / varPlus;
        rho[1] = rhoOdd;
        int t = 1;
        while (t < n - 3 && rhoEven + rhoOdd > 0.0) {
            rhoEven = 1.0 - (meanVar - meanAt(acov, t + 1)) / varPlus;
            rhoOdd = 1.0 - (meanVar - meanAt(acov, t + 2)) / varPlus;
            if (rhoEven + rhoOdd >= 0) {
                rho[t + 1] = rhoEven;
                rho[t + 2] = rhoOdd;
            }
            t += 2;
        }
        int maxT = t - 2;
        if (rhoEven > 0) {
            rho[maxT + 1] = rhoEven;
        }
        t = 1;
        while (t <= maxT - 2) {
            if (rho[t + 1] + rho[t + 2] > rho[t - 1] + rho[t]) {
                rho[t + 1] = (rho[t - 1] + rho[t]) / 2.0;
                rho[t + 2] = rho[t + 1];
            }
            t += 2;
        }
        double total = (double) m * n;
        double sum = 0.0;
        for (int k = 0; k <= maxT; k++) {
            sum += rho[k];
        }
        double tau = -1.0 + 2.0 * sum + (maxT + 1 < n ? rho[maxT + 1] : 0.0);
        tau = Math.max(tau, 1.0 / Math.log10(total));
        for (double r : rho) {
            if (Double.isNaN(r)) {
                return Double.NaN;
            }
        }
        return total / tau;
    }

    private static double meanAt(double[][] acov, int lag) {
        double s = 0.0;
        for (double[] a : acov) {
            s += a[lag];
        }
        return s / acov.length;
    }

    static boolean tooShort(double[][] chains) {
        return chains.length == 0 || chains[0].length < 4;
    }
}
