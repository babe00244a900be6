package otto.flow;

/** The evolving state of one run of a {@link Flow}. */
public interface FlowState {
    /** Advances by one iteration ({@code iteration} counts from 0). */
    void step(int iteration);

    /**
     * Records the method's monitors at the current iteration: the free energy where the method
     * can estimate it ({@link Monitors#FREE_ENERGY}), and its own (acceptance rate, step size …).
     */
    void record(Monitors monitors);

    /**
     * The draws this run produced, on the unconstrained scale: the samples of a sampler's
     * chains after warm-up, or independent draws from a fitted approximation.
     */
    Draws draws();

    /** Whether the method itself has converged and wants to stop early. Default: never. */
    default boolean converged() {
        return false;
    }

    /** Final facts about the run for the result (adapted step sizes, evidence estimates …). */
    default java.util.Map<String, Object> info() {
        return java.util.Map.of();
    }
}
