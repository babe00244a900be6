package otto.flow.grid;

import java.util.Arrays;
import java.util.function.ToDoubleFunction;

/**
 * The initial density of a grid flow, put on the cells of the grid (then set to 0 outside the
 * support and normalised to mass 1).
 */
public sealed interface Start {
    /** The Laplace approximation {@code N(mode, widen² Σ)} (uniform if the fit has no covariance). */
    static Start laplace(double widen) {
        return new Laplace(widen);
    }

    /** Independent Gaussians per axis. */
    static Start gaussian(double[] mean, double[] sd) {
        return new Gaussian(mean, sd);
    }

    /** Uniform on the cells in the support. */
    static Start uniform() {
        return new Uniform();
    }

    /** An (unnormalised, non-negative) density evaluated at the cell centres. */
    static Start function(ToDoubleFunction<double[]> density) {
        return new Function(density);
    }

    /** Given values, one per cell in the grid's order. */
    static Start values(double[] density) {
        return new Values(density);
    }

    /** A short description for settings and run.json. */
    String describe();

    /**
     * @param widen the Laplace standard deviations are multiplied by this (> 0)
     */
    record Laplace(double widen) implements Start {
        public Laplace {
            if (!(widen > 0) || !Double.isFinite(widen)) {
                throw new IllegalArgumentException("start: the Laplace widening must be positive, got " + widen);
            }
        }

        @Override
        public String describe() {
            return "laplace x" + widen;
        }
    }

    /**
     * @param mean per-axis means
     * @param sd   per-axis standard deviations (> 0)
     */
    record Gaussian(double[] mean, double[] sd) implements Start {
        public Gaussian {
            if (mean.length != sd.length) {
                throw new IllegalArgumentException("start: " + mean.length + " means and " + sd.length + " sds");
            }
            for (double s : sd) {
                if (!(s > 0) || !Double.isFinite(s)) {
                    throw new IllegalArgumentException("start: standard deviations must be positive, got " + s);
                }
            }
            mean = mean.clone();
            sd = sd.clone();
        }

        @Override
        public String describe() {
            return "gaussian mean " + Arrays.toString(mean) + " sd " + Arrays.toString(sd);
        }
    }

    /** Uniform on the support. */
    record Uniform() implements Start {
        @Override
        public String describe() {
            return "uniform";
        }
    }

    /** @param density evaluated at the cell centres */
    record Function(ToDoubleFunction<double[]> density) implements Start {
        @Override
        public String describe() {
            return "function";
        }
    }

    /** @param density one value per cell */
    record Values(double[] density) implements Start {
        public Values {
            density = density.clone();
        }

        @Override
        public String describe() {
            return "values";
        }
    }
}
