/**
 * Gaussian representations of the flow: forward–backward VI (an exact JKO step on the entropy
 * after a gradient step on the potential) and Bures–Wasserstein VI (an explicit step along the
 * Bures–Wasserstein geometry), sharing one state machine ({@code GaussianViState}) and differing
 * only in their covariance step; the Laplace approximation that starts them; and the
 * {@link otto.flow.gaussian.Gaussian} value type.
 */
package otto.flow.gaussian;
