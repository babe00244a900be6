package otto.flow;

import java.io.IOException;

/**
 * A {@link FlowState} that can be saved in a checkpoint and restored from one. The {@link Run}
 * driver restores a run by starting the flow again exactly as it first started (the same seed,
 * so the same fixed parts: grids, coordinates, preconditioners, pilot fits) and then calling
 * {@link #restore} with what {@link #save} wrote; so a state saves everything that changes as it
 * steps — positions, adaptation (step sizes, dual averaging, metric windows), running sums,
 * monitors' accumulators — and nothing it recomputes at its start. The random streams, the trace,
 * the faults and the iteration are saved by the driver. A restored state must go on bit for bit
 * as the saved one would have.
 */
public interface Checkpointable {
    /** Writes the state's changing parts. */
    void save(StateWriter out) throws IOException;

    /** Reads back what {@link #save} wrote, into a state just started by the same flow with the same seed. */
    void restore(StateReader in) throws IOException;
}
