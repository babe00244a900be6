package otto.flow.gaussian;

import otto.math.Dense;
import otto.math.Vectors;
import otto.model.Target;

/**
 * The Laplace approximation: the mode of {@code log π} found by damped Newton iterations with
 * exact Hessians (Levenberg-regularised where the Hessian is not negative definite, with a
 * backtracking line search), and the Gaussian {@code N(mode, (-∇² log π)⁻¹)} there.
 */
public final class Laplace {
    private Laplace() {
    }

    /**
     * The result of a mode search.
     *
     * @param mode        the point reached
     * @param logDensity  {@code log π} there
     * @param covariance  {@code (-∇² log π)⁻¹} at the mode, row-major, or null if the Hessian is
     *                    not negative definite there
     * @param iterations  Newton iterations taken
     * @param converged   whether the Newton decrement fell below tolerance
     */
    public record Fit(double[] mode, double logDensity, double[] covariance, int iterations, boolean converged) {
    }

    /** Searches from {@code start} for at most {@code maxIterations} Newton steps. */
    public static Fit find(Target target, double[] start, int maxIterations) {
        int d = target.dimension();
        double[] x = start.clone();
        double[] g = new double[d];
        double lp = target.logDensity(x, g);
        if (!Double.isFinite(lp) || !Vectors.allFinite(g)) {
            return new Fit(x, lp, null, 0, false);
        }
        double[] h = new double[d * d];
        double[] trial = new double[d];
        double[] gTrial = new double[d];
        boolean converged = false;
        int it = 0;
        for (; it < maxIterations; it++) {
            target.hessian(x, h);
            double[] l = regularisedCholesky(h, d);
            if (l == null) {
                break;
            }
            double[] p = new double[d];
            Dense.solveLower(l, d, g, p);
            double decrement = 0.0;
            for (double v : p) {
                decrement += v * v;
            }
            solveUpperTransposed(l, d, p);
            if (decrement < 1e-10) {
                // within the quadratic region: one last full Newton step squares the error away
                for (int i = 0; i < d; i++) {
                    trial[i] = x[i] + p[i];
                }
                double last = target.logDensity(trial, gTrial);
                if (Double.isFinite(last) && Vectors.allFinite(gTrial) && last >= lp - 1e-12 * Math.max(1.0, Math.abs(lp))) {
                    System.arraycopy(trial, 0, x, 0, d);
                    System.arraycopy(gTrial, 0, g, 0, d);
                    lp = last;
                }
                converged = true;
                break;
            }
            double slope = 0.0;
            for (int i = 0; i < d; i++) {
                slope += g[i] * p[i];
            }
            double t = 1.0;
            double lpTrial = Double.NaN;
            boolean accepted = false;
            for (int ls = 0; ls < 60; ls++) {
                for (int i = 0; i < d; i++) {
                    trial[i] = x[i] + t * p[i];
                }
                lpTrial = target.logDensity(trial, gTrial);
                if (Double.isFinite(lpTrial) && Vectors.allFinite(gTrial) && lpTrial >= lp + 1e-4 * t * slope) {
                    accepted = true;
                    break;
                }
                t *= 0.5;
            }
            if (!accepted) {
                break;
            }
            System.arraycopy(trial, 0, x, 0, d);
            System.arraycopy(gTrial, 0, g, 0, d);
            double change = lpTrial - lp;
            lp = lpTrial;
            if (change < 1e-12 * Math.max(1.0, Math.abs(lp)) && t < 1e-6) {
                break;
            }
        }
        target.hessian(x, h);
        double[] neg = new double[d * d];
        for (int i = 0; i < d * d; i++) {
            neg[i] = -h[i];
        }
        double[] l = Dense.cholesky(neg, d);
        double[] cov = l == null ? null : Dense.inverseFromCholesky(l, d);
        return new Fit(x, lp, cov, it, converged);
    }

    /** Cholesky of {@code -H + λI} with the smallest λ (from a doubling sequence) that works. */
    private static double[] regularisedCholesky(double[] h, int d) {
        double[] a = new double[d * d];
        double scale = 0.0;
        for (int i = 0; i < d * d; i++) {
            a[i] = -h[i];
            if (!Double.isFinite(a[i])) {
                return null;
            }
        }
        for (int i = 0; i < d; i++) {
            scale = Math.max(scale, Math.abs(a[i * d + i]));
        }
        double lambda = 0.0;
        for (int attempt = 0; attempt < 60; attempt++) {
            double[] b = a.clone();
            for (int i = 0; i < d; i++) {
                b[i * d + i] += lambda;
            }
            double[] l = Dense.cholesky(b, d);
            if (l != null) {
                return l;
            }
            lambda = lambda == 0.0 ? 1e-8 * Math.max(1.0, scale) : lambda * 10.0;
        }
        return null;
    }

    /** Solves {@code Lᵀ x = b} in place. */
    private static void solveUpperTransposed(double[] l, int d, double[] b) {
        for (int i = d - 1; i >= 0; i--) {
            double s = b[i];
            for (int k = i + 1; k < d; k++) {
                s -= l[k * d + i] * b[k];
            }
            b[i] = s / l[i * d + i];
        }
    }
}
