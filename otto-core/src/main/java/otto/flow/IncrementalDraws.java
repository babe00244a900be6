package otto.flow;

/**
 * A {@link FlowState} whose draws grow as it runs (a sampler's chains keep one draw each per
 * iteration after warm-up), rather than being made from the final state: the {@link Run} driver
 * hands the new draws to its {@link RunListener} as they come, so that they can be written out
 * during the run.
 */
public interface IncrementalDraws {
    /** The draws kept so far, per chain. */
    int keptDraws();

    /** The kept draws {@code from … keptDraws() - 1} of every chain, unconstrained, with the sampler columns. */
    Draws keptDraws(int from);
}
