package otto.flow.gaussian;

/**
 * One step of a Gaussian flow's covariance, in whitened coordinates: from {@code Σ}, the
 * curvature estimate {@code Ĥ = Ê[∇²V]} and the step {@code h}, the next {@code Σ} (null if it
 * cannot be formed).
 */
@FunctionalInterface
interface CovarianceStep {
    double[] apply(double[] sigma, double[] hessian, double h, int d);
}
