package otto.flow.grid;

import java.util.List;
import java.util.function.Function;
import otto.diagnostics.Summary;
import otto.flow.QuadratureSummaries;

/**
 * What a grid run leaves behind besides its draws: the grid, the potential on it, the densities
 * kept at the requested times, and the final density. A {@link otto.flow.Result} of a grid method
 * carries one in its {@code info()} under {@link #INFO_KEY}; {@code Result.summary(model)} summarises
 * the run by quadrature over its final density ({@link QuadratureSummaries}).
 */
public final class GridSolution implements QuadratureSummaries {
    /** The key of the solution in {@code Result.info()}. */
    public static final String INFO_KEY = "grid_solution";

    private final Grid grid;
    private final Potential potential;
    private final double[] times;
    private final double[][] densities;
    private final double finalTime;
    private final double[] finalDensity;

    GridSolution(Grid grid, Potential potential, List<Double> times, List<double[]> densities, double finalTime,
                 double[] finalDensity) {
        this.grid = grid;
        this.potential = potential;
        this.times = times.stream().mapToDouble(Double::doubleValue).toArray();
        this.densities = densities.toArray(new double[0][]);
        this.finalTime = finalTime;
        this.finalDensity = finalDensity.clone();
    }

    /** The grid. */
    public Grid grid() {
        return grid;
    }

    /** The potential on the grid. */
    public Potential potential() {
        return potential;
    }

    /** The times at which densities were kept (each the end of a step). */
    public double[] times() {
        return times.clone();
    }

    /** The number of kept densities. */
    public int snapshots() {
        return times.length;
    }

    /** The density kept at {@code times()[k]} (a copy). */
    public double[] density(int k) {
        return densities[k].clone();
    }

    /** The time the run ended. */
    public double finalTime() {
        return finalTime;
    }

    /** The density at the end of the run (a copy). */
    public double[] finalDensity() {
        return finalDensity.clone();
    }

    /**
     * Summaries of the final density's marginals by quadrature, for every output quantity of
     * {@code output} (a model's {@code output}: constrained and transformed parameters); see
     * {@link Marginals}.
     */
    @Override
    public List<Summary> summaries(Function<double[], double[]> output, String[] names) {
        return Marginals.summaries(grid, finalDensity, output, names);
    }
}
