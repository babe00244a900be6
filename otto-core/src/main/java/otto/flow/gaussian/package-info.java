/**
 * Gaussian representations of the flow: forward–backward VI (an exact JKO step on the entropy
 * after a gradient step on the potential) and Bures–Wasserstein VI (an explicit step along the
 * Bures–Wasserstein geometry), sharing one state machine ({@code GaussianViState}, full or
 * diagonal covariance, exact or Stein-lemma curvature) and differing only in their covariance
 * step; Gaussian-mixture VI, whose components follow the flow under {@code V + log q}; ADVI, the
 * Euclidean stochastic-gradient baseline; what they report about their fit ({@code GaussianFit}:
 * draws, ELBO, evidence, Pareto k̂); the Laplace approximation that starts them; and the
 * {@link otto.flow.gaussian.Gaussian} value type.
 */
package otto.flow.gaussian;
