package otto.flow;

import org.apache.commons.rng.RandomProviderState;
import org.apache.commons.rng.RestorableUniformRandomProvider;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.core.RandomProviderDefaultState;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

/** One independent stream of random numbers (a chain's, a particle's, or a run's own). */
public final class RandomStream {
    private final UniformRandomProvider rng;
    private final ZigguratSampler.NormalizedGaussian gaussian;

    RandomStream(UniformRandomProvider rng) {
        this.rng = rng;
        this.gaussian = ZigguratSampler.NormalizedGaussian.of(rng);
    }

    /** A uniform number in [0, 1). */
    public double nextDouble() {
        return rng.nextDouble();
    }

    /** A standard normal number. */
    public double nextGaussian() {
        return gaussian.sample();
    }

    /** Fills {@code out} with standard normal numbers. */
    public void nextGaussian(double[] out) {
        for (int i = 0; i < out.length; i++) {
            out[i] = gaussian.sample();
        }
    }

    /**
     * The stream's state, for a checkpoint: the generator's (Commons RNG's saved state, with the
     * bits it caches for {@code nextInt}); the Ziggurat normal sampler keeps no state of its own.
     */
    byte[] state() {
        return ((RandomProviderDefaultState) restorable(rng).saveState()).getState();
    }

    /** Puts the stream back in a state from {@link #state()}. */
    void restore(byte[] state) {
        RandomProviderState s = new RandomProviderDefaultState(state);
        restorable(rng).restoreState(s);
    }

    static RestorableUniformRandomProvider restorable(UniformRandomProvider rng) {
        if (rng instanceof RestorableUniformRandomProvider r) {
            return r;
        }
        throw new IllegalStateException("the random generator " + rng.getClass().getSimpleName() + " cannot save its state");
    }

    /** A uniform number in [a, b). */
    public double nextUniform(double a, double b) {
        return a + (b - a) * rng.nextDouble();
    }
}
