/**
 * The Eulerian picture: the density itself on a grid in 1, 2 or 3 dimensions, evolved by the
 * Wasserstein gradient flow of the free energy with no sampling noise.
 *
 * <ul>
 *   <li>{@link otto.flow.grid.Box}, {@link otto.flow.grid.Grid}: the domain and its cells, laid out
 *       in coordinates z that a {@link otto.flow.grid.Frame} maps to the model's
 *       ({@code θ = mode + L z}, whitened by the Laplace fit, by default);
 *       {@link otto.flow.grid.Potential}: {@code V = -log π̃} at the cell centres (cells where the
 *       target's log density is {@code -∞} or NaN are outside the support: {@code π = 0}, no
 *       flux).</li>
 *   <li>{@link otto.flow.grid.Functionals}: the discrete mass, entropy, potential and free energy
 *       (on the same axis as every other method: {@code F = ∫ρ log ρ + ∫ρV}), the KL divergence
 *       to the discrete posterior, the first variation and the velocity field.</li>
 *   <li>{@link otto.flow.grid.FokkerPlanckSolver}: implicit Euler steps of
 *       {@code ∂ρ = TΔρ + ∇·(ρ∇V)} by Scharfetter–Gummel finite volumes (direct in 1-D,
 *       conjugate gradients with a Jacobi or multigrid preconditioner in 2-D and 3-D), and
 *       {@link otto.flow.grid.FokkerPlanck}, its {@link otto.flow.Flow} ({@code fokker-planck}).</li>
 *   <li>{@link otto.flow.grid.EntropicJkoSolver}: steps of the entropic JKO scheme (Peyré 2015) by
 *       log-domain Sinkhorn-type iterations with separable kernels, and
 *       {@link otto.flow.grid.EntropicJko}, its {@link otto.flow.Flow} ({@code jko}).</li>
 *   <li>{@link otto.flow.grid.GridSettings}, {@link otto.flow.grid.Start},
 *       {@link otto.flow.grid.GridSetup}: what both flows share and how they choose a box, a time
 *       and a start; {@link otto.flow.grid.GridSolution} and {@link otto.flow.grid.Marginals}:
 *       the kept densities and posterior summaries by quadrature.</li>
 * </ul>
 */
package otto.flow.grid;
