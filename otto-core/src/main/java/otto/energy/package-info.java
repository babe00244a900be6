/**
 * The free energy {@code F(q) = ∫ q log q + ∫ V q = KL(q || π) - log p(y) = -ELBO} and its
 * estimators, with Monte Carlo standard errors: the one number every method reports.
 *
 * <ul>
 *   <li>{@link otto.energy.FreeEnergy#ofGaussian FreeEnergy.ofGaussian}: a Gaussian {@code q},
 *       exact entropy and antithetic Monte Carlo for {@code E_q[V]}.</li>
 *   <li>{@link otto.energy.ParticleFreeEnergy}: a particle cloud, {@code mean V(θ_i) - Ĥ} with a
 *       paired standard error.</li>
 *   <li>{@link otto.energy.KozachenkoLeonenko}: the k-nearest-neighbour entropy {@code Ĥ} of a
 *       cloud, whitened by default (k-d tree or blocked brute force, multi-threaded, the same
 *       numbers on any number of threads); its bias is documented and grows with the
 *       dimension.</li>
 *   <li>{@link otto.energy.KernelSteinDiscrepancy}: the IMQ kernel Stein discrepancy of a cloud
 *       from the target, from points and scores alone (no normalising constant, no density of
 *       {@code q}).</li>
 * </ul>
 *
 * <p>Points, scores and log densities are plain row-major {@code double[]} with explicit
 * {@code n} and {@code d}; estimator settings are immutable values.
 */
package otto.energy;
