package otto.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import otto.ad.Var;
import otto.diagnostics.Summary;
import otto.flow.gaussian.ForwardBackwardVi;
import otto.flow.gaussian.GaussianViSettings;
import otto.flow.grid.Box;
import otto.flow.grid.FokkerPlanck;
import otto.flow.grid.GridSettings;
import otto.model.Declarations;
import otto.model.Model;
import otto.model.Params;

/** {@link Result#summary(Model)}: the summaries of summary.csv, on the constrained scale. */
class SummariesTest {
    /** mu ~ N(1, 1) and sigma ~ exponential(1), independent: sigma is positive, its mean 1. */
    static Model model() {
        return new Model("normal_exponential") {
            protected void declare(Declarations d) {
                d.real("mu").lower("sigma", 0);
            }

            protected Var logDensity(Params p) {
                Var z = p.get("mu").sub(1.0);
                return z.mul(z).mul(-0.5).sub(p.get("sigma"));
            }
        };
    }

    /** One dimension, for the grid: sigma ~ exponential(1) alone. */
    static Model exponential() {
        return new Model("exponential") {
            protected void declare(Declarations d) {
                d.lower("sigma", 0);
            }

            protected Var logDensity(Params p) {
                return p.get("sigma").neg();
            }
        };
    }

    @Test
    void summariesOfTheConstrainedDrawsColumnByColumn() {
        Model model = model();
        Result r = Run.of(model, new ForwardBackwardVi(GaussianViSettings.defaults().withIterations(200).withDraws(500)))
                .seed(3).execute();
        List<Summary> s = r.summary(model);
        Draws constrained = r.draws().constrain(model);
        assertThat(s).extracting(Summary::name).containsExactly("mu", "sigma");
        for (int j = 0; j < constrained.columns(); j++) {
            assertThat(s.get(j)).isEqualTo(Summary.of(constrained.names().get(j), constrained.column(j)));
        }
        assertThat(Summaries.of(model, r, constrained)).isEqualTo(s);
        // on the constrained scale: every draw of sigma is positive, so is its 5 % quantile
        assertThat(s.get(1).q5()).isPositive();
        assertThat(s.get(0).mean()).isCloseTo(1.0, within(0.2));
        assertThat(s.get(0).essBulk()).isPositive();
        assertThat(s.get(0).rhat()).isCloseTo(1.0, within(0.05));
    }

    @Test
    void gridResultsAreSummarisedByQuadrature() {
        Model model = exponential();
        GridSettings g = FokkerPlanck.Settings.defaults().grid().withCells(400).withBox(Box.cube(1, -12, 4)).withTime(40)
                .withSteps(80).withDraws(50);
        Result r = Run.of(model, new FokkerPlanck(FokkerPlanck.Settings.defaults().withGrid(g))).seed(1).execute();
        Summary sigma = r.summary(model).get(0);
        // the exponential(1): mean 1, sd 1, median log 2, and no Monte Carlo error to report
        assertThat(sigma.mean()).isCloseTo(1.0, within(0.01));
        assertThat(sigma.sd()).isCloseTo(1.0, within(0.02));
        assertThat(sigma.median()).isCloseTo(Math.log(2), within(0.01));
        assertThat(sigma.essBulk()).isNaN();
        assertThat(sigma.rhat()).isNaN();
        // not from the 4 × 50 draws, which only sample the density
        assertThat(sigma).isNotEqualTo(Summaries.of(r.draws().constrain(model)).get(0));
    }

    @Test
    void drawsThatOverflowOnTheConstrainedScaleAreRefusedByName() {
        Model model = model();
        double[][] chains = {{0.1, 0.2, 0.3, 800.0, 0.5, 0.1, 0.2, 0.3}};   // sigma = exp(800) overflows
        Result r = new Result("hand", Map.of(), 1, 1, 4, "completed", 0, 0, new Trace(),
                Draws.unconstrained(2, chains, Map.of()), new Faults(), Map.of());
        assertThat(Summaries.firstNonFiniteColumn(r.draws().constrain(model))).isEqualTo("sigma");
        assertThatThrownBy(() -> r.summary(model)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("draws of sigma are not finite (they overflow on the constrained scale)");
    }
}
