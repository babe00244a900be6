/**
 * The little numerics the rest of Otto needs: special functions written to stay accurate in
 * the tails (logistic, {@code log1p(exp)}, log-sum-exp, log-gamma) and small helpers.
 */
package otto.math;
