/**
 * Gaussian representations of the flow: forward–backward VI (an exact JKO step on the entropy
 * after a gradient step on the potential), the Laplace approximation used to start it, and the
 * {@link otto.flow.gaussian.Gaussian} value type.
 */
package otto.flow.gaussian;
