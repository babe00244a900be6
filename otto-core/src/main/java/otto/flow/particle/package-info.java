/**
 * Particle and chain representations of the flow: the Metropolis-adjusted Langevin algorithm
 * with Stan-style warm-up (dual-averaged step size, windowed dense or diagonal metric), and the
 * deterministic particle flows — Stein variational gradient descent ({@link otto.flow.particle.Svgd})
 * and the blob method ({@link otto.flow.particle.BlobFlow}) — which share a cloud started from the
 * Laplace approximation or uniformly ({@link otto.flow.particle.CloudStart}) and a blocked,
 * parallel, deterministic engine for their {@code O(n²d)} pairwise kernel sums and the median of
 * the pairwise distances ({@code Pairwise}, {@code Select}).
 */
package otto.flow.particle;
