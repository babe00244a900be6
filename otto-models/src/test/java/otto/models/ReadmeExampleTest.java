package otto.models;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import otto.ad.Var;
import otto.diagnostics.Summary;
import otto.flow.Draws;
import otto.flow.Result;
import otto.flow.Run;
import otto.flow.gaussian.ForwardBackwardVi;
import otto.flow.gaussian.GaussianViSettings;
import otto.flow.Monitors;
import otto.flow.particle.KineticLangevin;
import otto.flow.particle.Mala;
import otto.flow.particle.Preconditioner;
import otto.flow.particle.Svgd;
import otto.model.Declarations;
import otto.model.Model;
import otto.model.Params;

/** The Java quick start of the README, as written there. */
class ReadmeExampleTest {

    @Test
    void quickStart() {
        var model = ModelZoo.get("eight_schools_noncentered")
                .create(StanData.read(Path.of("../examples/eight_schools.json")));
        Result result = Run.of(model, new Mala(Mala.Settings.defaults())).seed(42).threads(2).execute();
        var draws = result.draws().constrain(model);
        List<Summary> summary = result.summary(model);
        assertThat(draws.names()).contains("theta.1", "mu", "tau", "theta_trans.1");
        assertThat(draws.chains()).isEqualTo(4);
        assertThat(draws.draws()).isEqualTo(2000);
        assertThat(summary).extracting(Summary::name).containsExactlyElementsOf(draws.names());
        assertThat(summary.get(draws.names().indexOf("tau")).q5()).isPositive();

        Result kinetic = Run.of(model, new KineticLangevin(KineticLangevin.Settings.defaults()
                .withPreconditioner(Preconditioner.VI))).seed(42).execute();
        Result svgd = Run.of(model, new Svgd(Svgd.Settings.defaults().withParticles(500))).seed(42).execute();
        double[] freeEnergy = svgd.trace().column(Monitors.FREE_ENERGY);
        assertThat(kinetic.info().get("metric_initialised_from")).isEqualTo("vi");
        assertThat(svgd.draws().draws()).isEqualTo(500);
        assertThat(freeEnergy[freeEnergy.length - 1]).isFinite().isLessThan(freeEnergy[0]);
    }

    /** The README's own model: normal data with unknown mean and sd; the posterior mean of mu is near ȳ. */
    @Test
    void yourOwnModel() {
        class Normal extends Model {
            final double[] y;

            Normal(double[] y) {
                super("normal");
                this.y = y;
            }

            protected void declare(Declarations d) {
                d.real("mu");
                d.lower("sigma", 0);
            }

            protected Var logDensity(Params p) {
                return otto.dist.Normal.lpdf(p.tape().constant(y), p.get("mu"), p.get("sigma"));
            }
        }
        double[] y = {4.1, 5.3, 4.8, 5.9, 5.0, 4.4, 5.6, 4.9};
        Normal model = new Normal(y);
        Result r = Run.of(model, new ForwardBackwardVi(GaussianViSettings.defaults())).seed(1).execute();
        Draws d = r.draws().constrain(model);
        double mean = 0;
        for (int c = 0; c < d.chains(); c++) {
            for (int i = 0; i < d.draws(); i++) {
                mean += d.get(c, i, 0) / (d.chains() * d.draws());
            }
        }
        assertThat(mean).isBetween(4.8, 5.2);
    }
}
