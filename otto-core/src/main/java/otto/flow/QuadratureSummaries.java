package otto.flow;

import java.util.List;
import java.util.function.Function;
import otto.diagnostics.Summary;

/**
 * A posterior held as a density rather than only as draws (the final density of a grid method):
 * its summaries come by quadrature over the density, with no Monte Carlo error, instead of from
 * draws. A {@link Result} whose {@link Result#info() info()} carries one is summarised through it
 * by {@link Summaries#of(otto.model.Model, Result)}.
 */
public interface QuadratureSummaries {
    /**
     * One summary per output quantity, by quadrature: mean, sd, median, MAD and quantiles; the
     * Monte Carlo diagnostics (ESS, R-hat, MCSE) are NaN, as there is no Monte Carlo error.
     *
     * @param output maps a point on the unconstrained scale to the output quantities (a model's
     *               {@code output}: constrained and transformed parameters)
     * @param names  the names of the output quantities
     */
    List<Summary> summaries(Function<double[], double[]> output, String[] names);
}
