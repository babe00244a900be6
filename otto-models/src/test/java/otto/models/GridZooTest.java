package otto.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.hipparchus.special.Erf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import otto.diagnostics.Summary;
import otto.flow.Result;
import otto.flow.Run;
import otto.flow.grid.Box;
import otto.flow.grid.FokkerPlanck;
import otto.flow.grid.Functionals;
import otto.flow.grid.Grid;
import otto.flow.grid.GridSettings;
import otto.flow.grid.GridSolution;
import otto.model.Model;

/**
 * The grid methods on models of the zoo: the stationary density of the Fokker–Planck flow matches
 * the posterior in total variation to the discretisation error (a 1-D Gaussian mixture, the 2-D
 * banana), and the summaries by quadrature are the model's outputs.
 */
class GridZooTest {
    static final double SQRT2 = Math.sqrt(2);

    static GridSolution solve(Model m, GridSettings g) {
        Result r = Run.of(m, new FokkerPlanck(FokkerPlanck.Settings.defaults().withGrid(g))).execute();
        assertThat((double) r.info().get("kl_to_grid_posterior")).as("relaxed: %s", r.info()).isLessThan(1e-9);
        return (GridSolution) r.info().get(GridSolution.INFO_KEY);
    }

    /**
     * {@code gaussian_mixture} with D = 1: TV between the final density and the exact cell masses
     * (erf) over Δx is at most the midpoint error {@code (Δx²/48)∫|π''|}, with 10 % for the
     * {@code O(Δx⁴)} remainder, plus the mass outside the box (below 1e-12 here).
     */
    @ParameterizedTest(name = "separation {0}")
    @CsvSource({"2", "4"})
    void gaussianMixtureIn1d(double m) {
        Model model = ModelZoo.get("gaussian_mixture").create(StanData.parse("{\"D\": 1, \"separation\": " + m + "}"));
        Box box = Box.cube(1, -m - 7.5, m + 7.5);
        int cells = 300;
        GridSolution sol = solve(model, GridSettings.defaults().withBox(box).withCells(cells).withTime(20000).withSteps(400));
        Grid g = sol.grid();
        double h = g.spacing(0);
        double[] exact = new double[cells];
        double second = 0.0;
        for (int i = 0; i < cells; i++) {
            double a = box.lo()[0] + i * h;
            double b = a + h;
            exact[i] = 0.25 * (Erf.erf((b + m) / SQRT2) - Erf.erf((a + m) / SQRT2) + Erf.erf((b - m) / SQRT2)
                    - Erf.erf((a - m) / SQRT2)) / h;
            double x = g.centre(i, 0);
            second += Math.abs(d2(x, m)) * h;
        }
        double tv = Functionals.totalVariation(g, sol.finalDensity(), exact);
        assertThat(tv).isLessThanOrEqualTo(1.1 * h * h / 48 * second + 1e-12);
        // the posterior's mean is 0 and its variance 1 + m²
        List<Summary> s = sol.summaries(model::output, model.outputNames());
        assertThat(s.get(0).mean()).isCloseTo(0.0, within(1e-9));
        assertThat(s.get(0).sd()).isCloseTo(Math.sqrt(1 + m * m), within(1e-6));
    }

    /** π'' of ½N(-m, 1) + ½N(m, 1). */
    private static double d2(double x, double m) {
        double s = 0;
        for (double c : new double[] {-m, m}) {
            double z = x - c;
            s += 0.5 * (z * z - 1) * Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
        }
        return s;
    }

    /**
     * The banana with {@code a = 1, b = 0.5, scale = 2}: {@code x₁ ~ N(1, 1)}, {@code x₂ | x₁ ~ N(x₁², 2)}.
     * The exact cell masses come from Φ in x₂ and 8-point Gauss–Legendre in x₁; the midpoint error
     * bound is {@code ½ Σ_i Σ_a (Δx_a²/24) |∂_a²π(x_i)| Δx₁Δx₂} (second derivatives by central
     * differences), with 20 % for the remainder and the quadrature of the bound itself; the box
     * leaves out less than 1e-7 of the mass.
     */
    @Test
    void bananaIn2d() {
        Model model = ModelZoo.get("banana").create(StanData.parse("{\"a\": 1, \"b\": 0.5, \"scale\": 2}"));
        Box box = new Box(new double[] {-4.5, -9}, new double[] {6.5, 52});
        int n1 = 200;
        int n2 = 220;
        GridSolution sol = solve(model, GridSettings.defaults().withBox(box).withCells(n1, n2).withTime(400).withSteps(40));
        Grid g = sol.grid();
        double h1 = g.spacing(0);
        double h2 = g.spacing(1);
        double[] gl = {-0.9602898564975363, -0.7966664774136267, -0.5255324099163290, -0.1834346424956498,
            0.1834346424956498, 0.5255324099163290, 0.7966664774136267, 0.9602898564975363};
        double[] gw = {0.1012285362903763, 0.2223810344533745, 0.3137066458778873, 0.3626837833783620,
            0.3626837833783620, 0.3137066458778873, 0.2223810344533745, 0.1012285362903763};
        double sc = Math.sqrt(2.0);
        double[] exact = new double[g.size()];
        double bound = 0.0;
        for (int i = 0; i < g.size(); i++) {
            double c1 = g.centre(i, 0);
            double c2 = g.centre(i, 1);
            double mass = 0.0;
            for (int k = 0; k < 8; k++) {
                double x1 = c1 + 0.5 * h1 * gl[k];
                double p1 = Math.exp(-0.5 * (x1 - 1) * (x1 - 1)) / Math.sqrt(2 * Math.PI);
                double lo = (c2 - 0.5 * h2 - x1 * x1) / sc;
                double hi = (c2 + 0.5 * h2 - x1 * x1) / sc;
                mass += 0.5 * h1 * gw[k] * p1 * 0.5 * (Erf.erf(hi / SQRT2) - Erf.erf(lo / SQRT2));
            }
            exact[i] = mass / (h1 * h2);
            double e1 = 1e-3 * h1;
            double e2 = 1e-3 * h2;
            double d11 = (pi(c1 + e1, c2) - 2 * pi(c1, c2) + pi(c1 - e1, c2)) / (e1 * e1);
            double d22 = (pi(c1, c2 + e2) - 2 * pi(c1, c2) + pi(c1, c2 - e2)) / (e2 * e2);
            bound += 0.5 * (h1 * h1 * Math.abs(d11) + h2 * h2 * Math.abs(d22)) / 24 * h1 * h2;
        }
        double tv = Functionals.totalVariation(g, sol.finalDensity(), exact);
        assertThat(tv).isLessThanOrEqualTo(1.2 * bound + 1e-7);
        assertThat(tv).as("well resolved").isLessThan(0.01);
        // E x₁ = a = 1, E x₂ = a² + v = 2 with v = scale/2 = 1: midpoint moments to O(Δx²)
        List<Summary> s = sol.summaries(model::output, model.outputNames());
        assertThat(model.outputNames()).containsExactly("x.1", "x.2");
        assertThat(s.get(0).mean()).isCloseTo(1.0, within(h1 * h1));
        assertThat(s.get(1).mean()).isCloseTo(2.0, within(h2 * h2));
        // log Z = log(π s / √b) = log(2π√2)
        assertThat(sol.potential().logNormaliser()).isCloseTo(Math.log(2 * Math.PI * Math.sqrt(2)), within(1e-3));
    }

    /** The banana's normalised density: N(x₁; 1, 1) N(x₂; x₁², 2). */
    private static double pi(double x1, double x2) {
        double z = x2 - x1 * x1;
        return Math.exp(-0.5 * (x1 - 1) * (x1 - 1) - z * z / 4) / (2 * Math.PI * Math.sqrt(2));
    }
}
