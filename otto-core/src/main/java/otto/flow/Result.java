package otto.flow;

import java.util.Map;

/**
 * What a {@link Run} produced: the draws (unconstrained), the trace, timings, the faults met and
 * how the run ended.
 *
 * @param method       the flow's name
 * @param settings     the flow's settings
 * @param seed         the run's seed
 * @param threads      threads used for batched evaluation
 * @param iterations   iterations completed
 * @param stopReason   why the run ended ({@code completed}, {@code converged}, {@code stopping rule})
 * @param totalSeconds wall time of the run
 * @param medianSecondsPerIteration median wall time of one iteration
 * @param trace        the recorded trace
 * @param draws        the draws, unconstrained
 * @param faults       numerical faults met
 * @param info         final facts from the method
 */
public record Result(String method, Map<String, Object> settings, long seed, int threads, int iterations,
                     String stopReason, double totalSeconds, double medianSecondsPerIteration,
                     Trace trace, Draws draws, Faults faults, Map<String, Object> info) {
    /**
     * The key in {@link #info()} that says the draws are the final cloud of so many particles of a
     * deterministic flow (SVGD, the blob flow): not a Markov chain, so their ESS, R-hat and MCSE
     * describe them as if they were independent draws, which they are not.
     */
    public static final String CLOUD_PARTICLES = "cloud_particles";
}
