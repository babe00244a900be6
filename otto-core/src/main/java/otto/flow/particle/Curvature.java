package otto.flow.particle;

import otto.math.Dense;
import otto.model.Target;

/**
 * The stiffness of a target in preconditioned coordinates: the spectral radius of
 * {@code Lᵀ(-∇² log π(x))L} ({@code Σ = LLᵀ}), by power iteration on Hessian–vector products.
 * An unadjusted method's default step is chosen from it, as an explicit scheme's is from the
 * largest eigenvalue of its linearisation.
 */
final class Curvature {
    private static final int ITERATIONS = 30;

    private Curvature() {
    }

    /**
     * The spectral radius at {@code x}, or NaN if the Hessian–vector products are not finite.
     * The start vector is fixed (all ones), so the estimate is deterministic.
     */
    static double spectralRadius(Target target, double[] x, double[] chol) {
        int d = target.dimension();
        double[] v = new double[d];
        java.util.Arrays.fill(v, 1.0 / Math.sqrt(d));
        double[] u = new double[d];
        double[] hu = new double[d];
        double lambda = 0.0;
        for (int it = 0; it < ITERATIONS; it++) {
            Dense.multiplyLower(chol, d, v, u);
            target.hessianVectorProduct(x, u, hu);
            // w = -Lᵀ H L v
            double norm = 0.0;
            double[] w = new double[d];
            for (int j = 0; j < d; j++) {
                double s = 0.0;
                for (int i = j; i < d; i++) {
                    s += chol[i * d + j] * hu[i];
                }
                w[j] = -s;
                norm += s * s;
            }
            norm = Math.sqrt(norm);
            if (!Double.isFinite(norm)) {
                return Double.NaN;
            }
            if (norm == 0.0) {
                return 0.0;
            }
            lambda = norm;
            for (int j = 0; j < d; j++) {
                v[j] = w[j] / norm;
            }
        }
        return lambda;
    }
}
