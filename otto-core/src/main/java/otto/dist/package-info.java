/**
 * Log densities and mass functions in Stan's parameterisations, with all normalising
 * constants, written on {@code otto.ad} values so gradients and Hessian–vector products are
 * exact. Each returns the sum over its elements as a scalar; arguments of length one broadcast
 * against the others.
 *
 * <p>Conventions: an invalid <em>parameter</em> (a scale ≤ 0, a covariance that is not positive
 * definite) gives NaN, so a flow rejects the point and counts it; <em>data</em> outside the
 * support gives {@code -∞}. Integer data (counts, outcomes) are {@code int[]}.
 */
package otto.dist;
