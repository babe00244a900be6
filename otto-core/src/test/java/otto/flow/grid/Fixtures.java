package otto.flow.grid;

import java.util.function.ToDoubleFunction;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import otto.model.Target;

/** Targets and densities with known answers for the grid tests. */
final class Fixtures {
    private Fixtures() {
    }

    /** A target from a log density (no gradient: grid methods need none). */
    static Target target(int d, ToDoubleFunction<double[]> logDensity) {
        return new Target() {
            @Override
            public int dimension() {
                return d;
            }

            @Override
            public double logDensity(double[] x, double[] gradient) {
                if (gradient != null) {
                    // central differences: only the Laplace fit of the automatic box asks for gradients
                    double h = 1e-5;
                    for (int a = 0; a < d; a++) {
                        double[] p = x.clone();
                        double[] m = x.clone();
                        p[a] += h;
                        m[a] -= h;
                        gradient[a] = (logDensity.applyAsDouble(p) - logDensity.applyAsDouble(m)) / (2 * h);
                    }
                }
                return logDensity.applyAsDouble(x);
            }
        };
    }

    /**
     * An unnormalised 2-D Gaussian with the given means, sds and correlation, with its exact
     * gradient and Hessian (the Laplace fit of a ridge this narrow needs them).
     */
    static Target correlatedGaussian(double[] mean, double[] sd, double corr) {
        double det = 1 - corr * corr;
        double p00 = 1 / (sd[0] * sd[0] * det);
        double p11 = 1 / (sd[1] * sd[1] * det);
        double p01 = -corr / (sd[0] * sd[1] * det);
        return new Target() {
            @Override
            public int dimension() {
                return 2;
            }

            @Override
            public double logDensity(double[] x, double[] gradient) {
                double a = x[0] - mean[0];
                double b = x[1] - mean[1];
                double ga = p00 * a + p01 * b;
                double gb = p01 * a + p11 * b;
                if (gradient != null) {
                    gradient[0] = -ga;
                    gradient[1] = -gb;
                }
                return -0.5 * (a * ga + b * gb);
            }

            @Override
            public void hessian(double[] x, double[] out) {
                out[0] = -p00;
                out[1] = -p01;
                out[2] = -p01;
                out[3] = -p11;
            }
        };
    }

    /** Independent Gaussians {@code N(mean_a, sd_a²)}: the OU process's stationary law. */
    static Target gaussian(double[] mean, double[] sd) {
        return target(mean.length, x -> {
            double s = 0.0;
            for (int a = 0; a < x.length; a++) {
                double z = (x[a] - mean[a]) / sd[a];
                s += z * z;
            }
            return -0.5 * s;
        });
    }

    /** The potential of a target on a grid, evaluated directly. */
    static Potential potential(Grid grid, ToDoubleFunction<double[]> logDensity) {
        double[] v = new double[grid.size()];
        double[] x = new double[grid.dimension()];
        for (int i = 0; i < v.length; i++) {
            grid.centre(i, x);
            double l = logDensity.applyAsDouble(x);
            v[i] = Double.isNaN(l) ? Double.NaN : -l;
        }
        return Potential.of(grid, v);
    }

    /** A density at the cell centres, normalised on the grid. */
    static double[] density(Grid grid, ToDoubleFunction<double[]> f) {
        double[] r = new double[grid.size()];
        double[] x = new double[grid.dimension()];
        for (int i = 0; i < r.length; i++) {
            grid.centre(i, x);
            r[i] = f.applyAsDouble(x);
        }
        double m = Functionals.mass(grid, r);
        for (int i = 0; i < r.length; i++) {
            r[i] /= m;
        }
        return r;
    }

    /** The Gaussian density shape {@code exp(-½ Σ ((x - m)/s)²)}. */
    static ToDoubleFunction<double[]> bump(double[] mean, double[] sd) {
        return x -> {
            double s = 0.0;
            for (int a = 0; a < x.length; a++) {
                double z = (x[a] - mean[a]) / sd[a];
                s += z * z;
            }
            return Math.exp(-0.5 * s);
        };
    }

    /**
     * A random smooth non-log-concave log density from a seed: a confining quadratic plus a few
     * random cosines of amplitude up to 1.5 (several wells).
     */
    static ToDoubleFunction<double[]> randomLogDensity(long seed, int d) {
        UniformRandomProvider rng = RandomSource.L64_X256_MIX.create(seed);
        int k = 4;
        double[][] freq = new double[k][d];
        double[] phase = new double[k];
        double[] amp = new double[k];
        for (int j = 0; j < k; j++) {
            for (int a = 0; a < d; a++) {
                freq[j][a] = rng.nextDouble(-2, 2);
            }
            phase[j] = rng.nextDouble(0, 2 * Math.PI);
            amp[j] = rng.nextDouble(0, 1.5);
        }
        double scale = rng.nextDouble(0.7, 1.5);
        return x -> {
            double s = 0.0;
            for (int a = 0; a < d; a++) {
                s -= x[a] * x[a] / (2 * scale * scale);
            }
            for (int j = 0; j < k; j++) {
                double t = phase[j];
                for (int a = 0; a < d; a++) {
                    t += freq[j][a] * x[a];
                }
                s += amp[j] * Math.cos(t);
            }
            return s;
        };
    }

    /** A random positive start: a mixture of three bumps placed from the seed, plus a floor. */
    static ToDoubleFunction<double[]> randomStart(long seed, int d) {
        UniformRandomProvider rng = RandomSource.L64_X256_MIX.create(seed ^ 0x5DEECE66DL);
        double[][] centre = new double[3][d];
        double[] width = new double[3];
        for (int j = 0; j < 3; j++) {
            for (int a = 0; a < d; a++) {
                centre[j][a] = rng.nextDouble(-3, 3);
            }
            width[j] = rng.nextDouble(0.3, 1.0);
        }
        return x -> {
            double s = 1e-6;
            for (int j = 0; j < 3; j++) {
                double q = 0.0;
                for (int a = 0; a < d; a++) {
                    double z = (x[a] - centre[j][a]) / width[j];
                    q += z * z;
                }
                s += Math.exp(-0.5 * q);
            }
            return s;
        };
    }

    /** Mean of coordinate a under ρ (midpoint quadrature). */
    static double mean(Grid g, double[] rho, int a) {
        Functionals.Sum s = new Functionals.Sum();
        for (int i = 0; i < rho.length; i++) {
            s.add(g.centre(i, a) * rho[i]);
        }
        return s.value() * g.cellVolume() / Functionals.mass(g, rho);
    }

    /** Variance of coordinate a under ρ (midpoint quadrature). */
    static double variance(Grid g, double[] rho, int a) {
        double m = mean(g, rho, a);
        Functionals.Sum s = new Functionals.Sum();
        for (int i = 0; i < rho.length; i++) {
            double z = g.centre(i, a) - m;
            s.add(z * z * rho[i]);
        }
        return s.value() * g.cellVolume() / Functionals.mass(g, rho);
    }

    /**
     * A bound on the rounding error of {@link Functionals#freeEnergy}: each term
     * {@code ρ(log ρ + V)} carries a few ulps, the compensated sum adds {@code 2ε Σ|terms|}; 8ε
     * of the sum of magnitudes covers both (the potential's own shift is exact).
     */
    static double freeEnergyRounding(Grid g, double[] rho, Potential v) {
        double s = 0.0;
        double m = v.minimum();
        for (int i = 0; i < rho.length; i++) {
            if (rho[i] > 0) {
                s += Math.abs(rho[i] * Math.log(rho[i])) + Math.abs(rho[i] * (v.value(i) - m)) + Math.abs(rho[i] * m);
            }
        }
        return 8 * Math.ulp(1.0) * s * g.cellVolume();
    }
}
