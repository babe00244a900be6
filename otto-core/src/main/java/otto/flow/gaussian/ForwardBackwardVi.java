package otto.flow.gaussian;

import otto.math.Dense;

/**
 * Forward–backward Gaussian variational inference (Diao, Balasubramanian, Chewi, Salim 2023):
 * the JKO scheme of the free energy restricted to Gaussians, split into an explicit gradient step
 * on the potential energy {@code ∫ V q} and an exact proximal (JKO) step on the entropy:
 *
 * <pre>
 *   m' = m - h Ê[∇V],   M = I - h Ê[∇²V],   S = M Σ M,
 *   Σ' = ½ (S + 2hI + (S (S + 4hI))^{½})   (= U diag(½(λ + 2h + √(λ² + 4hλ))) Uᵀ for S = U diag(λ) Uᵀ)
 * </pre>
 *
 * <p>Σ' is positive definite for every step. The machinery shared with the other Gaussian flows
 * (whitening, step size, averaging, evidence) is described in {@link GaussianViState}.
 */
public final class ForwardBackwardVi extends GaussianViFlow {
    public ForwardBackwardVi(GaussianViSettings settings) {
        super(settings, "fbvi", ForwardBackwardVi::jko);
    }

    /** The backward (JKO) step on the entropy after the forward step on the potential. */
    static double[] jko(double[] sigma, double[] hessian, double h, int d) {
        double[] m = Dense.identity(d);
        for (int i = 0; i < d * d; i++) {
            m[i] -= h * hessian[i];
        }
        double[] s = Dense.congruence(m, sigma, d);
        return Dense.symmetricEigen(s, d).reconstruct(lambda -> {
            double l = Math.max(lambda, 0.0);
            return 0.5 * (l + 2.0 * h + Math.sqrt(l * l + 4.0 * h * l));
        });
    }
}
