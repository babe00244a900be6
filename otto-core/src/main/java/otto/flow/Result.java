package otto.flow;

import java.util.List;
import java.util.Map;
import otto.diagnostics.Summary;
import otto.model.Model;

/**
 * What a {@link Run} produced: the draws (unconstrained), the trace, timings, the faults met and
 * how the run ended. {@link #summary(Model)} gives the posterior summaries the command line
 * writes to {@code summary.csv}; {@code draws().constrain(model)} the draws on the constrained scale.
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

    /**
     * The posterior summary of every output quantity of {@code model} (constrained and transformed
     * parameters, named as the model names them: {@code theta.1}, {@code mu}, …): mean, sd,
     * median, MAD, 5/50/95 % quantiles, bulk and tail ESS, R-hat and MCSE, computed as
     * {@code summary.csv} is ({@link Summaries#of(Model, Result)}: by quadrature for the grid
     * methods, else from the draws).
     *
     * @param model the model this result was run on
     * @throws IllegalArgumentException if the draws do not belong to the model or a constrained draw is not finite
     */
    public List<Summary> summary(Model model) {
        return Summaries.of(model, this);
    }
}
