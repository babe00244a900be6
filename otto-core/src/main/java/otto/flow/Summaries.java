package otto.flow;

import java.util.ArrayList;
import java.util.List;
import otto.diagnostics.Summary;
import otto.model.Model;

/**
 * The posterior summaries of a run, per output quantity on the constrained scale, as the command
 * line writes them to {@code summary.csv}: mean, sd, median, MAD, 5/50/95 % quantiles, bulk and
 * tail ESS, rank-normalised R-hat and the MCSE of the mean and sd ({@link Summary}).
 *
 * <p>The summaries come from the draws, chain by chain, except for a result that holds its
 * posterior as a density (the grid methods, {@link QuadratureSummaries}): those are summarised by
 * quadrature over the final density, their draws only sampling it. The draws of a deterministic
 * particle flow (SVGD, the blob flow: {@link Result#CLOUD_PARTICLES} in the info) are its final
 * cloud, summarised as one chain of independent draws, which they are not: read their ESS, R-hat
 * and MCSE with that in mind.
 *
 * <pre>{@code
 * Result result = Run.of(model, flow).seed(42).execute();
 * for (Summary s : result.summary(model)) {          // the same as Summaries.of(model, result)
 *     System.out.printf("%s %.3f ± %.3f%n", s.name(), s.mean(), s.sd());
 * }
 * }</pre>
 */
public final class Summaries {
    private Summaries() {
    }

    /**
     * The summaries of a run of {@code model}: its draws mapped to the constrained scale
     * ({@link Draws#constrain(Model)}), or the quadrature of its density.
     *
     * @throws IllegalArgumentException if the draws do not belong to the model, or a constrained
     *                                  draw is not finite (it overflowed: the summary would mean nothing)
     */
    public static List<Summary> of(Model model, Result result) {
        QuadratureSummaries density = quadrature(result);
        if (density != null) {
            return density.summaries(model::output, model.outputNames());
        }
        return of(result.draws().constrain(model));
    }

    /**
     * As {@link #of(Model, Result)}, with the result's draws already constrained by the caller
     * (to save mapping them again): {@code constrained} must be {@code result.draws().constrain(model)}.
     */
    public static List<Summary> of(Model model, Result result, Draws constrained) {
        QuadratureSummaries density = quadrature(result);
        if (density != null) {
            return density.summaries(model::output, model.outputNames());
        }
        return of(constrained);
    }

    /**
     * The summary of every column of {@code draws}, in order.
     *
     * @throws IllegalArgumentException if a draw is not finite (the message names the column)
     */
    public static List<Summary> of(Draws draws) {
        String bad = firstNonFiniteColumn(draws);
        if (bad != null) {
            throw new IllegalArgumentException("draws of " + bad + " are not finite (they overflow on the constrained scale)");
        }
        List<Summary> out = new ArrayList<>(draws.columns());
        for (int j = 0; j < draws.columns(); j++) {
            out.add(Summary.of(draws.names().get(j), draws.column(j)));
        }
        return out;
    }

    /** The name of the first column of {@code draws} with a non-finite value, or null when all are finite. */
    public static String firstNonFiniteColumn(Draws draws) {
        for (int j = 0; j < draws.columns(); j++) {
            for (double[] chain : draws.column(j)) {
                for (double v : chain) {
                    if (!Double.isFinite(v)) {
                        return draws.names().get(j);
                    }
                }
            }
        }
        return null;
    }

    private static QuadratureSummaries quadrature(Result result) {
        for (Object v : result.info().values()) {
            if (v instanceof QuadratureSummaries q) {
                return q;
            }
        }
        return null;
    }
}
