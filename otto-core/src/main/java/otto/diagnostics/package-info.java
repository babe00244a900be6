/**
 * Convergence diagnostics and summaries of draws: bulk and tail effective sample sizes,
 * rank-normalised split R-hat (Vehtari, Gelman, Simpson, Carpenter, Bürkner 2021), Monte Carlo
 * standard errors and quantiles, computed as ArviZ computes them (checked against its numbers).
 */
package otto.diagnostics;
