package otto.flow;

import java.nio.file.Path;

/**
 * Told by {@link Run} what a run produces while it runs, so that it can be written out as it
 * comes (the command line streams {@code trace.csv} and the chains' draws): new trace rows, new
 * draws of a method whose draws grow ({@link IncrementalDraws}), and a {@link #flush()} at most
 * about a second after anything new, before every checkpoint and at the end. An exception thrown
 * here ends the run.
 */
public interface RunListener {
    /**
     * The run is about to step, fresh or restored from a checkpoint.
     *
     * @param iteration the iterations already done (0 for a fresh run)
     * @param trace     the trace so far
     * @param kept      the draws kept so far of a method whose draws grow, else null
     */
    default void started(int iteration, Trace trace, Draws kept) {
    }

    /** Rows {@code from … trace.size() - 1} of the trace are new. */
    default void traced(Trace trace, int from) {
    }

    /** New draws of every chain, following those already given (unconstrained, with sampler columns). */
    default void drew(Draws draws) {
    }

    /** Everything given so far should reach its files now. */
    default void flush() {
    }

    /** A checkpoint of the state after {@code iteration} iterations was written to {@code file}. */
    default void checkpointed(int iteration, Path file) {
    }
}
