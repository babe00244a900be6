package otto.models;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.apache.commons.rng.sampling.distribution.PoissonSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import otto.flow.Draws;
import otto.flow.Flow;
import otto.flow.Result;
import otto.flow.Run;
import otto.flow.gaussian.ForwardBackwardVi;
import otto.flow.gaussian.GaussianViSettings;
import otto.flow.particle.KineticLangevin;
import otto.flow.particle.Mala;
import otto.flow.particle.Svgd;
import otto.model.Model;

/**
 * A model that overflows in its tails: a Poisson regression {@code y_i ~ Poisson(exp(β x_i))} with
 * covariates 200 to 490, so that {@code exp(β x)} overflows to infinity for β beyond about 1.45 —
 * inside the default start box (-2, 2), some 15 000 posterior sds from the posterior. Starts,
 * step-size searches and early proposals meet infinite log densities and gradients; each method
 * must pass them by (a start redrawn, a proposal rejected and counted as a fault) and still reach
 * the posterior, whose mean and sd are known here by quadrature (1-D, to 1e-10). With the unit
 * metric the chains start uniformly in the box itself, with no move to the Laplace fit.
 */
class TailOverflowTest {
    static final int N = 30;
    static final double BETA = 0.01;
    static final double[] X = x();
    static final int[] Y = y();

    static double[] x() {
        double[] x = new double[N];
        for (int i = 0; i < N; i++) {
            x[i] = 200 + 10 * i;
        }
        return x;
    }

    static int[] y() {
        var rng = RandomSource.XO_RO_SHI_RO_128_PP.create(20261201L);
        double[] x = x();
        int[] y = new int[N];
        for (int i = 0; i < N; i++) {
            y[i] = PoissonSampler.of(rng, Math.exp(BETA * x[i])).sample();
        }
        return y;
    }

    static Model model() {
        double[] x = X;
        int[] y = Y;
        StringBuilder json = new StringBuilder("{\"N\": " + N + ", \"K\": 1, \"X\": [");
        for (int i = 0; i < N; i++) {
            json.append(i == 0 ? "" : ", ").append('[').append(x[i]).append(']');
        }
        json.append("], \"y\": [");
        for (int i = 0; i < N; i++) {
            json.append(i == 0 ? "" : ", ").append(y[i]);
        }
        json.append("]}");
        return ModelZoo.create("poisson_regression", StanData.parse(json.toString(), "tail overflow data"));
    }

    /** The exact log density of β (prior normal(0, 10)), up to a constant. */
    static double logDensity(double beta) {
        double[] x = X;
        int[] y = Y;
        double s = -0.5 * beta * beta / 100;
        for (int i = 0; i < N; i++) {
            s += y[i] * beta * x[i] - Math.exp(beta * x[i]);
        }
        return s;
    }

    /** The posterior mean and sd by the midpoint rule on ±30 Laplace sds around the mode. */
    static double[] exactMoments() {
        double lo = 0.0;
        double hi = 0.1;   // the score is decreasing; bisect it for the mode
        for (int k = 0; k < 200; k++) {
            double mid = 0.5 * (lo + hi);
            double h = 1e-9;
            if (logDensity(mid + h) > logDensity(mid - h)) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        double mode = 0.5 * (lo + hi);
        double curvature = 0;
        for (double xi : X) {
            curvature += xi * xi * Math.exp(mode * xi);
        }
        double sd = 1 / Math.sqrt(curvature);
        int cells = 200_000;
        double a = mode - 30 * sd;
        double w = 60 * sd / cells;
        double top = logDensity(mode);
        double m0 = 0;
        double m1 = 0;
        double m2 = 0;
        for (int k = 0; k < cells; k++) {
            double b = a + (k + 0.5) * w;
            double p = Math.exp(logDensity(b) - top);
            m0 += p;
            m1 += p * b;
            m2 += p * b * b;
        }
        double mean = m1 / m0;
        return new double[] {mean, Math.sqrt(m2 / m0 - mean * mean)};
    }

    static Flow flow(String method) {
        return switch (method) {
            case "mala" -> new Mala(Mala.Settings.defaults());
            case "kinetic" -> new KineticLangevin(KineticLangevin.Settings.defaults());
            case "mala, unit metric" -> new Mala(Mala.Settings.defaults().withMetric(otto.flow.particle.Metric.UNIT));
            case "adjusted kinetic, unit metric" -> new KineticLangevin(KineticLangevin.Settings.defaults()
                    .withAdjusted(true).withMetric(otto.flow.particle.Metric.UNIT));
            case "svgd" -> new Svgd(Svgd.Settings.defaults().withParticles(400));
            case "fbvi" -> new ForwardBackwardVi(GaussianViSettings.defaults());
            default -> throw new IllegalArgumentException(method);
        };
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"mala", "kinetic", "mala, unit metric", "adjusted kinetic, unit metric", "svgd", "fbvi"})
    void overflowingTailsAreCountedAndTheAnswerIsRight(String method) {
        Model model = model();
        double[] exact = exactMoments();
        // the start box reaches where exp(βx) is infinite: the model itself says so
        assertThat(model.logDensity(new double[] {1.9}, null)).isInfinite();

        Result r = Run.of(model, flow(method)).seed(11).execute();
        Draws d = r.draws();
        int n = d.chains() * d.draws();
        double mean = 0;
        double sq = 0;
        for (int c = 0; c < d.chains(); c++) {
            for (int i = 0; i < d.draws(); i++) {
                double v = d.get(c, i, 0);
                assertThat(v).as("draw %d of chain %d", i, c).isFinite();
                mean += v / n;
                sq += v * v / n;
            }
        }
        double sd = Math.sqrt(sq - mean * mean);
        String what = String.format(Locale.ROOT, "%s: mean %.6g sd %.4g (exact %.6g, %.4g), faults %s", method, mean, sd,
                exact[0], exact[1], r.faults().counts());
        boolean accurate = Math.abs(mean - exact[0]) < 0.1 * exact[1] && Math.abs(sd / exact[1] - 1) < 0.1;
        if (method.contains("unit metric")) {
            // started uniformly in (-2, 2) with no Laplace move: the run meets the overflow, and counts it
            assertThat(r.faults().counts().getOrDefault("non_finite_log_density", 0L)).as(what).isPositive();
        }
        if (method.startsWith("adjusted kinetic")) {
            // falling from the far start the chains gain kinetic energy (up to 1e86) that the friction would shed
            // only over ~1/(γε) steps: warm-up redraws such velocities, and the chains reach the posterior (without
            // the redraws, dual averaging shrank the steps to 1e-28 and the chains stayed where they were). With the
            // unit metric the friction's time scale is some 15 000 times the posterior's, so what energy is left
            // mixes over ~30 000 steps: the draws are too wide, and the summary must say so
            assertThat((Long) r.info().get("warmup_velocities_redrawn")).as(what).isPositive();
            double rhat = r.summary(model).get(0).rhat();
            assertThat(Math.abs(mean - exact[0])).as(what).isLessThan(0.2 * exact[1]);
            assertThat(accurate || rhat > 1.01).as(what + ", R-hat " + rhat).isTrue();
        } else {
            // within 0.1 posterior sd and 10 % in sd: the accuracy table's bar, far above these runs' Monte Carlo error
            assertThat(accurate).as(what).isTrue();
        }
        double[][] lp = d.sampler().get("lp__");
        if (lp != null) {
            for (double[] chain : lp) {
                for (double v : chain) {
                    assertThat(v).as(what).isFinite();
                }
            }
        }
    }
}
