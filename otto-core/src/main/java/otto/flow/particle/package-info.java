/**
 * Particle and chain representations of the flow: the Metropolis-adjusted Langevin algorithm
 * with Stan-style warm-up (dual-averaged step size, windowed dense or diagonal metric).
 */
package otto.flow.particle;
