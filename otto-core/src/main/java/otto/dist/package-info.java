/**
 * Log densities and mass functions in Stan's parameterisations, with all normalising
 * constants, written on {@link otto.ad.Var} values so that gradients and Hessian–vector products
 * are exact.
 *
 * <h2>What lives here</h2>
 * One final class per family, named after the distribution, with a static {@code lpdf}
 * (continuous) or {@code lpmf} (discrete) and a {@code double} convenience overload that builds a
 * throwaway tape:
 * <ul>
 *   <li>continuous, univariate: {@link otto.dist.Normal} (μ, σ), {@link otto.dist.StudentT}
 *       (ν, μ, σ), {@link otto.dist.Cauchy} (μ, σ), {@link otto.dist.DoubleExponential} (μ, σ),
 *       {@link otto.dist.Logistic} (μ, s), {@link otto.dist.Exponential} (rate β),
 *       {@link otto.dist.Gamma} (shape α, rate β), {@link otto.dist.InvGamma} (shape α, scale β),
 *       {@link otto.dist.Weibull} (shape α, scale σ), {@link otto.dist.Beta} (a, b),
 *       {@link otto.dist.LogNormal} (μ, σ of log y), {@link otto.dist.Uniform} (α, β);</li>
 *   <li>discrete: {@link otto.dist.BernoulliLogit} (log-odds α), {@link otto.dist.BinomialLogit}
 *       (N, log-odds α), {@link otto.dist.PoissonLog} (log rate α),
 *       {@link otto.dist.NegBinomial2Log} (log mean η, precision φ),
 *       {@link otto.dist.CategoricalLogit} (K logits β; outcomes 1-based as in Stan);</li>
 *   <li>multivariate: {@link otto.dist.MultiNormal} (μ, Σ), {@link otto.dist.MultiNormalCholesky}
 *       (μ, L with Σ = LLᵀ), {@link otto.dist.Dirichlet} (α), {@link otto.dist.LkjCorrCholesky}
 *       (η).</li>
 * </ul>
 *
 * <h2>Sums and broadcasting</h2>
 * Each function returns the <em>sum</em> of the log densities of its elements as a scalar
 * {@code Var}. Every argument may have length 1 or a common length n; a length-1 argument is
 * used for every element (so {@code Normal.lpdf(y, mu, sigma)} with a vector y and scalar μ, σ is
 * the sum of the n scalar calls). Sizes that do not broadcast throw
 * {@link java.lang.IllegalArgumentException}. Integer data (counts, outcomes) are {@code int[]}.
 * Matrices are row-major {@code double} arrays with an explicit dimension; multivariate variates
 * hold m vectors of length k one after another.
 *
 * <h2>Support conventions</h2>
 * <ul>
 *   <li>An invalid <em>parameter</em> gives {@code NaN}, so that a flow rejects the point and
 *       counts it: a scale, shape, rate, precision or concentration that is not positive and
 *       finite; a location, logit or log rate that is not finite; {@code β ≤ α} for the uniform;
 *       a covariance that is not symmetric (to 1e-8) and positive definite; a Cholesky factor
 *       with a non-positive diagonal.</li>
 *   <li>A <em>variate</em> outside the support gives {@code -∞} (the density there is 0): a
 *       negative y for the exponential, gamma and Weibull; {@code y ≤ 0} for the inverse gamma
 *       and log-normal; y outside {@code [0, 1]} for the beta or {@code [α, β]} for the uniform;
 *       a count that is negative or above N, an outcome not in {0, 1} or {1..K}; a θ off the
 *       simplex (a negative coordinate or a sum more than 1e-8 from 1); an L that is not lower
 *       triangular with a positive diagonal and unit rows (to 1e-8). Parameters are checked
 *       first, so an invalid parameter gives NaN even with data outside the support.</li>
 *   <li>On the closed boundary of a support ({@code y = 0} for the gamma and Weibull,
 *       {@code y ∈ {0, 1}} for the beta, {@code θ_k = 0} for the Dirichlet) the density is its
 *       limit, with {@code 0 · log 0 = 0}: finite where the exponent vanishes (a gamma of shape
 *       1 at 0), else {@code -∞} or {@code +∞}. Derivatives there are not meaningful.</li>
 * </ul>
 *
 * <h2>Numerics</h2>
 * Logit-scale families use {@code log(1 + e^x)} forms accurate in both tails; the negative
 * binomial uses Stan's {@code log(1 + e^{η - log φ})} form; differences {@code log Γ(x + a) -
 * log Γ(x)} (Student t's ν, the negative binomial's φ) switch to Stirling's series for
 * {@code x ≥ 10}, so large ν or φ keep their digits. A scalar parameter over many data points
 * (a Bernoulli, binomial or Poisson with one α) costs O(1) tape work.
 */
package otto.dist;
