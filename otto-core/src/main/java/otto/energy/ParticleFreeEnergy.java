package otto.energy;

import java.util.Objects;
import otto.flow.Parallel;

/**
 * The free energy {@code F(q) = ∫ V q + ∫ q log q = KL(q || π) - log Z} of a particle cloud
 * {@code θ_1 … θ_n ~ q}, from the particles and their log densities {@code log π̃(θ_i) = -V(θ_i)}
 * (up to the constant {@code log Z} of the target):
 *
 * <pre>
 *     F̂ = (1/n) Σ_i V(θ_i) - Ĥ,
 * </pre>
 *
 * with {@code Ĥ} the {@link KozachenkoLeonenko} entropy estimate. For {@code q = π} the answer is
 * {@code -log Z}; in general {@code F̂ + log Z} estimates {@code KL(q || π)}, and {@code -F̂} the
 * ELBO.
 *
 * <p><b>Standard error</b> (approximate). Both parts are means over the particles, so
 * {@code F̂ = const + mean_i(V(θ_i) - d log ε_i)}, and the standard error is the standard deviation
 * of these paired terms over {@code √n}. Pairing matters: {@code d log ε_i ≈ -log q(θ_i)} up to
 * noise, so near convergence ({@code q ≈ π}) the two parts cancel particle by particle and the
 * error is far smaller than either part's. As for the entropy, the terms are not independent and
 * the standard error is a guide; the entropy's bias (see {@link KozachenkoLeonenko}) carries over
 * to {@code F̂} unchanged, and near convergence it is the larger error.
 *
 * <p><b>Subset.</b> The nearest-neighbour search is the cost ({@code O(n log n)} to
 * {@code O(n² d)}); with {@link #withMaxParticles(int) withMaxParticles(m)} a cloud of more than
 * {@code m} particles is estimated from its first {@code m}. Particles of a flow are exchangeable
 * (their labels carry no information), so the first {@code m} are a random subset; the estimate is
 * then that of a cloud of {@code m}, with its larger bias and error.
 *
 * <p><b>Duplicates</b> are merged as in the entropy estimate: the mean of {@code V} is taken over
 * the same distinct particles as the entropy, so that the terms pair.
 *
 * <p>Instances are immutable.
 *
 * <pre>{@code
 * Estimate f = ParticleFreeEnergy.defaults().estimate(points, logDensities, n, d, context.parallel());
 * monitors.put(Monitors.FREE_ENERGY, f.value()).put(Monitors.FREE_ENERGY_SE, f.standardError());
 * }</pre>
 */
public final class ParticleFreeEnergy {
    private static final ParticleFreeEnergy DEFAULTS =
            new ParticleFreeEnergy(KozachenkoLeonenko.defaults(), Integer.MAX_VALUE);

    private final KozachenkoLeonenko entropy;
    private final int maxParticles;

    private ParticleFreeEnergy(KozachenkoLeonenko entropy, int maxParticles) {
        this.entropy = entropy;
        this.maxParticles = maxParticles;
    }

    /** The default entropy estimator, every particle. */
    public static ParticleFreeEnergy defaults() {
        return DEFAULTS;
    }

    /** With the given entropy estimator. */
    public ParticleFreeEnergy withEntropy(KozachenkoLeonenko estimator) {
        return new ParticleFreeEnergy(Objects.requireNonNull(estimator, "estimator"), maxParticles);
    }

    /** Estimate from at most the first {@code m} particles (at least 2). */
    public ParticleFreeEnergy withMaxParticles(int m) {
        if (m < 2) {
            throw new IllegalArgumentException("the free energy needs at least 2 particles, got a maximum of " + m);
        }
        return new ParticleFreeEnergy(entropy, m);
    }

    /** The entropy estimator. */
    public KozachenkoLeonenko entropy() {
        return entropy;
    }

    /** The largest number of particles used ({@link Integer#MAX_VALUE}: all). */
    public int maxParticles() {
        return maxParticles;
    }

    /** {@link #estimate(double[], double[], int, int, Parallel)} on the calling thread. */
    public Estimate estimate(double[] points, double[] logDensities, int n, int d) {
        return estimate(points, logDensities, n, d, Parallel.serial());
    }

    /**
     * {@code F̂} of the {@code n} particles stored row-major in {@code points[0, n·d)}, with
     * {@code logDensities[i] = log π̃(θ_i)}; {@link Estimate#samples()} is the number of distinct
     * particles used.
     *
     * @throws IllegalArgumentException if a log density of the {@code n} particles is not finite
     *                                  (NaN, or {@code -∞} where the target has no mass: then
     *                                  {@code F} is infinite), or as
     *                                  {@link KozachenkoLeonenko#entropy(double[], int, int, Parallel)}
     */
    public Estimate estimate(double[] points, double[] logDensities, int n, int d, Parallel parallel) {
        if (logDensities.length < n) {
            throw new IllegalArgumentException("expected " + n + " log densities, got " + logDensities.length);
        }
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(logDensities[i])) {
                throw new IllegalArgumentException("the log density of particle " + i + " is not finite ("
                        + logDensities[i] + "): the free energy of the cloud is not finite");
            }
        }
        int m = Math.min(n, maxParticles);
        KozachenkoLeonenko.Terms h = entropy.terms(points, m, d, parallel);
        double[] terms = h.terms();
        int[] kept = h.kept();
        int count = terms.length;
        double[] paired = new double[count];
        double sum = 0.0;
        for (int i = 0; i < count; i++) {
            paired[i] = -logDensities[kept[i]] - terms[i];
            sum += paired[i];
        }
        double mean = sum / count;
        double ss = 0.0;
        for (double t : paired) {
            ss += (t - mean) * (t - mean);
        }
        double se = Math.sqrt(ss / (count - 1.0) / count);
        return new Estimate(mean - h.constant(), se, count);
    }
}
