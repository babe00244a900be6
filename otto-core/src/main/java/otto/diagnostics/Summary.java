package otto.diagnostics;

import java.util.Arrays;

/**
 * The posterior summary of one quantity from draws laid out as {@code chains × draws}: mean, sd,
 * median, MAD, 5/50/95 % quantiles, bulk and tail ESS, rank-normalised split R-hat, MCSE of the
 * mean and of the sd. With fewer than 4 draws per chain the diagnostics are NaN.
 *
 * @param name     the quantity
 * @param mean     the mean
 * @param sd       the standard deviation (denominator n - 1)
 * @param median   the median
 * @param mad      the median absolute deviation, scaled by 1.4826 (as {@code posterior::mad})
 * @param q5       the 5 % quantile
 * @param q50      the 50 % quantile
 * @param q95      the 95 % quantile
 * @param essBulk  bulk effective sample size
 * @param essTail  tail effective sample size
 * @param rhat     rank-normalised split R-hat
 * @param mcseMean Monte Carlo standard error of the mean
 * @param mcseSd   Monte Carlo standard error of the sd
 */
public record Summary(String name, double mean, double sd, double median, double mad, double q5, double q50,
                      double q95, double essBulk, double essTail, double rhat, double mcseMean, double mcseSd) {

    /**
     * Summarises {@code chains} (each of the same length).
     *
     * @throws IllegalArgumentException if chains differ in length or a value is not finite
     */
    public static Summary of(String name, double[][] chains) {
        if (chains.length == 0 || chains[0].length == 0) {
            throw new IllegalArgumentException(name + ": no draws to summarise");
        }
        for (double[] c : chains) {
            if (c.length != chains[0].length) {
                throw new IllegalArgumentException(name + ": chains have different lengths");
            }
            for (double v : c) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException(name + ": a draw is not finite (" + v + ")");
                }
            }
        }
        double[] all = Chains.pool(chains);
        double[] sorted = all.clone();
        Arrays.sort(sorted);
        double mean = Moments.mean(all);
        double sd = all.length > 1 ? Math.sqrt(Moments.variance(all)) : Double.NaN;
        double median = Quantiles.sorted(sorted, 0.5);
        double[] dev = new double[all.length];
        for (int i = 0; i < all.length; i++) {
            dev[i] = Math.abs(all[i] - median);
        }
        double mad = 1.4826 * Quantiles.of(dev, 0.5);
        return new Summary(name, mean, sd, median, mad, Quantiles.sorted(sorted, 0.05), median,
                Quantiles.sorted(sorted, 0.95), Ess.bulk(chains), Ess.tail(chains), Rhat.rank(chains),
                Mcse.mean(chains), Mcse.sd(chains));
    }
}
