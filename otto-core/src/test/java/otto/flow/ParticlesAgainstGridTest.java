package otto.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import otto.flow.grid.Box;
import otto.flow.grid.FokkerPlanck;
import otto.flow.grid.Grid;
import otto.flow.grid.GridSettings;
import otto.flow.grid.GridSolution;
import otto.flow.grid.Start;
import otto.flow.particle.Mala;
import otto.flow.particle.Metric;
import otto.flow.particle.Ula;
import otto.model.Target;

/**
 * The two pictures of one flow agree: the law of ULA or MALA chains at time t (20 000 chains
 * started uniformly in (-2, 2)^d, step h = 10⁻³, so t = k h after k steps) is the grid's
 * Fokker–Planck density at time t from the same start. Each marginal's empirical CDF is compared
 * with the grid's by the Kolmogorov–Smirnov distance; the critical value at level 10⁻³ is
 * 1.95/√n = 0.0138, far above both discretisations' errors (of order h, Δt and Δx², about 10⁻³),
 * while the same statistic rejects the grid's density at t/2 (checked too, so the test has power:
 * measured distances 0.024 to 0.036 against the critical 0.0138).
 */
class ParticlesAgainstGridTest {
    private static final int CHAINS = 20_000;
    private static final double H = 1e-3;

    /** An asymmetric double well per axis, {@code V = Σ (x⁴/4 - x² + 0.3 x)}: far from Gaussian. */
    static Target doubleWell(int d) {
        return new Target() {
            public int dimension() {
                return d;
            }

            public double logDensity(double[] x, double[] g) {
                double v = 0;
                for (int i = 0; i < d; i++) {
                    double xi = x[i];
                    v += xi * xi * xi * xi / 4 - xi * xi + 0.3 * xi;
                    if (g != null) {
                        g[i] = -(xi * xi * xi - 2 * xi + 0.3);
                    }
                }
                return -v;
            }
        };
    }

    @ParameterizedTest
    @CsvSource({"ula, 1, 0.25", "ula, 1, 1.0", "mala, 1, 1.0", "ula, 2, 0.5", "mala, 2, 0.5"})
    void chainsFollowTheGridDensity(String method, int d, double t) {
        Target target = doubleWell(d);
        int steps = (int) Math.round(t / H);
        Flow chains = method.equals("ula")
                ? new Ula(Ula.Settings.defaults().withMetric(Metric.UNIT).withStep(H).withChains(CHAINS).withWarmup(steps - 1).withDraws(1))
                : new Mala(Mala.Settings.defaults().withMetric(Metric.UNIT).withStep(H).withChains(CHAINS).withWarmup(steps - 1).withDraws(1));
        Draws draws = Run.of(target, chains).seed(17).execute().draws();
        int cells = d == 1 ? 2000 : 200;
        GridSettings g = GridSettings.defaults().withCells(cells).withBox(Box.cube(d, -4, 4)).withDt(d == 1 ? H / 2 : H)
                .withTime(t).withDensityTimes(t / 2, t)
                .withStart(Start.function(x -> Arrays.stream(x).allMatch(v -> Math.abs(v) < 2) ? 1.0 : 0.0));
        Result grid = Run.of(target, new FokkerPlanck(FokkerPlanck.Settings.defaults().withGrid(g))).execute();
        GridSolution solution = (GridSolution) grid.info().get(GridSolution.INFO_KEY);
        double[] atT = solution.density(solution.snapshots() - 1);
        double[] atHalf = solution.density(0);
        assertThat(solution.times()[solution.snapshots() - 1]).isCloseTo(t, org.assertj.core.data.Offset.offset(1e-9));
        double critical = 1.95 / Math.sqrt(CHAINS);
        for (int axis = 0; axis < d; axis++) {
            double[] x = new double[CHAINS];
            for (int c = 0; c < CHAINS; c++) {
                x[c] = draws.get(c, 0, axis);
            }
            Arrays.sort(x);
            double distance = ks(x, marginalCdf(solution.grid(), atT, axis), solution.grid(), axis);
            assertThat(distance).as("%s, d = %d, t = %s, axis %d: KS distance to the grid at t", method, d, t, axis)
                    .isLessThan(critical);
            double wrong = ks(x, marginalCdf(solution.grid(), atHalf, axis), solution.grid(), axis);
            assertThat(wrong).as("power: the grid at t/2 is told apart").isGreaterThan(critical);
        }
    }

    /** The marginal cell masses of {@code density} along {@code axis}, accumulated: CDF at the cells' upper edges. */
    static double[] marginalCdf(Grid grid, double[] density, int axis) {
        double[] mass = new double[grid.cells(axis)];
        for (int i = 0; i < grid.size(); i++) {
            mass[grid.index(i, axis)] += density[i] * grid.cellVolume();
        }
        double total = Arrays.stream(mass).sum();
        double[] cdf = new double[mass.length];
        double s = 0;
        for (int j = 0; j < mass.length; j++) {
            s += mass[j] / total;
            cdf[j] = s;
        }
        return cdf;
    }

    /** The KS distance between sorted points and a cell-wise CDF, linear within each cell. */
    static double ks(double[] sorted, double[] cdf, Grid grid, int axis) {
        int n = sorted.length;
        double dx = grid.spacing(axis);
        double lo = grid.centre(0, axis) - 0.5 * dx;
        double worst = 0;
        for (int k = 0; k < n; k++) {
            double u = (sorted[k] - lo) / dx;
            int j = (int) Math.floor(u);
            double f;
            if (j < 0) {
                f = 0;
            } else if (j >= cdf.length) {
                f = 1;
            } else {
                double below = j == 0 ? 0 : cdf[j - 1];
                f = below + (cdf[j] - below) * (u - j);
            }
            worst = Math.max(worst, Math.max(Math.abs((k + 1.0) / n - f), Math.abs(k / (double) n - f)));
        }
        return worst;
    }
}
