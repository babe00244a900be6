package otto.flow;

import otto.model.Target;

/**
 * A way of simulating the Wasserstein gradient flow of the free energy on some representation of
 * the density (particles, chains, a Gaussian, a grid). A flow implements only its step; the
 * {@link Run} driver does the counting, recording, stopping, seeding and timing.
 */
public interface Flow {
    /** The method's name as the command line knows it ({@code mala}, {@code fbvi}, …). */
    String name();

    /** The method's settings, for {@code run.json} and the draws file header. */
    java.util.Map<String, Object> settings();

    /**
     * Starts the method on a target: initial state drawn from the context's random streams.
     *
     * @throws RunFailedException if no valid initial state can be found
     */
    FlowState start(Target target, RunContext context);

    /** The number of iterations this flow runs by default (warm-up included). */
    int iterations();

    /**
     * What a run of this flow on a target of the given dimension will hold in memory, from its
     * settings, before it starts: so that a run can state what it needs when that is large and
     * refuse what cannot fit rather than fail with an {@link OutOfMemoryError} part way. The default
     * is {@link MemoryEstimate#SMALL}; the flows whose memory grows with their settings override it.
     */
    default MemoryEstimate memory(int dimension) {
        return MemoryEstimate.SMALL;
    }
}
