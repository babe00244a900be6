/**
 * The driver every method shares. A {@link otto.flow.Flow} simulates the Wasserstein gradient
 * flow of the free energy on its own representation and implements only its step; a
 * {@link otto.flow.Run} starts it with a seed (one split random stream per chain or particle, so
 * results do not depend on threads), counts iterations, records a {@link otto.flow.Trace} of the
 * free energy / ELBO and the method's monitors, applies stopping rules, reports progress and
 * times the run ({@link otto.flow.Stepper} drives a flow one step at a time, for benchmarks). A
 * {@link otto.flow.Result} gives its posterior summaries on the constrained scale
 * ({@link otto.flow.Summaries}: from the draws, or by quadrature for a result that holds a density,
 * {@link otto.flow.QuadratureSummaries}).
 * Sub-packages hold the methods: {@code particle} (ULA, MALA, kinetic Langevin, SVGD, the blob
 * flow), {@code gaussian} (forward–backward and Bures–Wasserstein VI, mixtures, ADVI) and
 * {@code grid} (Fokker–Planck finite volumes, entropic JKO).
 */
package otto.flow;
