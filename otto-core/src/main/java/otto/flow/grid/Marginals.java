package otto.flow.grid;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import otto.diagnostics.Summary;

/**
 * Posterior summaries computed from a density on a grid by quadrature rather than from draws:
 * each output quantity {@code f} (a model's constrained or transformed parameter) is evaluated at
 * the cell centres and weighted by the cell masses {@code ρ_i Δx^d} (the midpoint rule, error
 * {@code O(Δx²)} for smooth f). Mean and sd (without the {@code n - 1} of a sample) are weighted
 * sums; quantiles, median and MAD come from the weighted distribution of the values, its CDF
 * taken at each distinct value as the mass below it plus half the mass at it, and interpolated
 * linearly between values — for a coordinate itself, on a grid along the model's axes, this is
 * the exact CDF of the piecewise-constant density at the cell centres, so quantiles are also
 * second-order accurate (on a whitened grid the centres' coordinates are not a lattice, and the
 * quantiles are those of the weighted centres). ESS, R-hat
 * and MCSE do not apply (no Monte Carlo error) and are NaN.
 */
public final class Marginals {
    private Marginals() {
    }

    /**
     * One summary per output name.
     *
     * @param output maps a point (unconstrained, length d) to the output quantities
     */
    public static List<Summary> summaries(Grid grid, double[] rho, Function<double[], double[]> output, String[] names) {
        int n = grid.size();
        int d = grid.dimension();
        int m = names.length;
        int count = 0;
        for (double r : rho) {
            if (r > 0) {
                count++;
            }
        }
        double[][] values = new double[m][count];
        double[] weights = new double[count];
        double total = 0.0;
        double[] x = new double[d];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (!(rho[i] > 0)) {
                continue;
            }
            grid.centre(i, x);
            double[] out = output.apply(x);
            if (out.length != m) {
                throw new IllegalArgumentException("output has " + out.length + " values, " + m + " names");
            }
            for (int j = 0; j < m; j++) {
                values[j][k] = out[j];
            }
            weights[k] = rho[i];
            total += rho[i];
            k++;
        }
        if (count == 0) {
            throw new IllegalArgumentException("the density is zero everywhere: nothing to summarise");
        }
        for (int i = 0; i < count; i++) {
            weights[i] /= total;
        }
        List<Summary> out = new ArrayList<>(m);
        for (int j = 0; j < m; j++) {
            out.add(summary(names[j], values[j], weights));
        }
        return out;
    }

    /** The summary of values with normalised weights. */
    static Summary summary(String name, double[] v, double[] w) {
        for (double x : v) {
            if (!Double.isFinite(x)) {
                throw new IllegalArgumentException(name + ": a value on the grid is not finite (" + x + ")");
            }
        }
        Functionals.Sum s = new Functionals.Sum();
        for (int i = 0; i < v.length; i++) {
            s.add(w[i] * v[i]);
        }
        double mean = s.value();
        Functionals.Sum s2 = new Functionals.Sum();
        for (int i = 0; i < v.length; i++) {
            double c = v[i] - mean;
            s2.add(w[i] * c * c);
        }
        double sd = Math.sqrt(Math.max(0.0, s2.value()));
        Weighted dist = new Weighted(v, w);
        double median = dist.quantile(0.5);
        double[] dev = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            dev[i] = Math.abs(v[i] - median);
        }
        double mad = 1.4826 * new Weighted(dev, w).quantile(0.5);
        return new Summary(name, mean, sd, median, mad, dist.quantile(0.05), median, dist.quantile(0.95), Double.NaN,
                Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }

    /** A discrete distribution with its mid-point CDF at the distinct values. */
    static final class Weighted {
        final double[] values;
        final double[] cdf;

        Weighted(double[] v, double[] w) {
            Integer[] order = new Integer[v.length];
            for (int i = 0; i < v.length; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> Double.compare(v[a], v[b]));
            double[] vals = new double[v.length];
            double[] mass = new double[v.length];
            int k = -1;
            for (Integer i : order) {
                if (k >= 0 && v[i] == vals[k]) {
                    mass[k] += w[i];
                } else {
                    k++;
                    vals[k] = v[i];
                    mass[k] = w[i];
                }
            }
            int len = k + 1;
            values = Arrays.copyOf(vals, len);
            cdf = new double[len];
            double below = 0.0;
            for (int j = 0; j < len; j++) {
                cdf[j] = below + 0.5 * mass[j];
                below += mass[j];
            }
        }

        double quantile(double p) {
            int len = values.length;
            if (p <= cdf[0]) {
                return values[0];
            }
            if (p >= cdf[len - 1]) {
                return values[len - 1];
            }
            int lo = 0;
            int hi = len - 1;
            while (hi - lo > 1) {
                int mid = (lo + hi) >>> 1;
                if (cdf[mid] <= p) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            double f = (p - cdf[lo]) / (cdf[hi] - cdf[lo]);
            return values[lo] + f * (values[hi] - values[lo]);
        }
    }
}
