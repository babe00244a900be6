package otto.flow.gaussian;

import otto.math.Dense;

/**
 * Bures–Wasserstein variational inference (Lambert, Chewi, Bach, Bonnabel, Rigollet 2022): the
 * Wasserstein gradient flow of the free energy restricted to Gaussians, {@code ṁ = -E∇V},
 * {@code Σ̇ = 2I - E[∇²V]Σ - ΣE[∇²V]}, discretised as a gradient step along the Bures–Wasserstein
 * geometry. Every particle moves by the flow's velocity {@code -(∇V + ∇log q)}, which for a
 * Gaussian is the affine map {@code x ↦ x - h(Ê[∇V] + (Ĥ - Σ⁻¹)(x - m))}, so
 *
 * <pre>
 *   m' = m - h Ê[∇V],   Σ' = (I - h(Ĥ - Σ⁻¹)) Σ (I - h(Ĥ - Σ⁻¹)).
 * </pre>
 *
 * <p>Unlike {@link ForwardBackwardVi} the entropy is stepped explicitly, so the step is limited
 * by the curvature of both terms. The machinery shared with the other Gaussian flows (whitening,
 * step size, averaging, evidence) is described in {@link GaussianViState}.
 */
public final class BuresWassersteinVi extends GaussianViFlow {
    public BuresWassersteinVi(GaussianViSettings settings) {
        super(settings, "bwvi", BuresWassersteinVi::explicit);
    }

    /** The explicit Bures–Wasserstein step of the covariance. */
    static double[] explicit(double[] sigma, double[] hessian, double h, int d) {
        double[] l = Dense.cholesky(sigma, d);
        if (l == null) {
            return null;
        }
        double[] precision = Dense.inverseFromCholesky(l, d);
        double[] m = Dense.identity(d);
        for (int i = 0; i < d * d; i++) {
            m[i] -= h * (hessian[i] - precision[i]);
        }
        return Dense.congruence(m, sigma, d);
    }
}
