package otto.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import otto.diagnostics.ParetoSmoothing;
import otto.flow.gaussian.ForwardBackwardVi;
import otto.flow.gaussian.GaussianViSettings;

class ForwardBackwardViTest {

    /** On a Gaussian target the antithetic expectations are exact, so the fit is exact. */
    @ParameterizedTest
    @CsvSource({"2, 0.5", "10, 0.9", "25, 0.99", "100, 0.5"})
    void recoversAGaussianTargetExactly(int d, double rho) {
        GaussianTargets.Normal target = GaussianTargets.Normal.correlated(d, rho);
        Result r = Run.of(target, new ForwardBackwardVi(GaussianViSettings.defaults().withIterations(60)))
                .seed(3).execute();
        double[] mean = (double[]) r.info().get("mean");
        double[] cov = (double[]) r.info().get("covariance");
        for (int i = 0; i < d; i++) {
            assertThat(mean[i]).isCloseTo(target.mean[i], within(1e-6 * (1 + Math.abs(target.mean[i]))));
        }
        for (int i = 0; i < d * d; i++) {
            assertThat(cov[i]).isCloseTo(target.cov[i], within(1e-6));
        }
        // ELBO = log Z when q = π; E_q[V] is a Monte Carlo estimate: five standard errors.
        double se = (double) r.info().get("elbo_se");
        assertThat(se).isPositive();
        assertThat((double) r.info().get("elbo")).isCloseTo(target.logZ(), within(5 * se));
        // q = π: the importance ratios are constant, the evidence exact, k̂ meaningless (no tail)
        assertThat((double) r.info().get("log_evidence_is")).isCloseTo(target.logZ(), within(1e-6));
    }

    /** Bures–Wasserstein VI has the same fixed point: the target itself when it is Gaussian. */
    @ParameterizedTest
    @CsvSource({"2, 0.5", "10, 0.9"})
    void buresWassersteinRecoversAGaussianTarget(int d, double rho) {
        GaussianTargets.Normal target = GaussianTargets.Normal.correlated(d, rho);
        Result r = Run.of(target, new otto.flow.gaussian.BuresWassersteinVi(GaussianViSettings.defaults().withIterations(60)))
                .seed(3).execute();
        double[] mean = (double[]) r.info().get("mean");
        double[] cov = (double[]) r.info().get("covariance");
        for (int i = 0; i < d; i++) {
            assertThat(mean[i]).isCloseTo(target.mean[i], within(1e-6 * (1 + Math.abs(target.mean[i]))));
        }
        for (int i = 0; i < d * d; i++) {
            assertThat(cov[i]).isCloseTo(target.cov[i], within(1e-6));
        }
        assertThat(r.method()).isEqualTo("bwvi");
    }

    /**
     * Diagonal (mean-field) covariance on a correlated Gaussian: the best diagonal Gaussian keeps
     * the means and has variances {@code 1/Λ_ii} (Λ the precision) — exact here, both methods.
     */
    @ParameterizedTest
    @CsvSource({"fbvi, 3, 0.5", "bwvi, 3, 0.5", "fbvi, 10, 0.8"})
    void diagonalCovarianceFindsTheMeanFieldOptimum(String method, int d, double rho) {
        GaussianTargets.Normal target = GaussianTargets.Normal.correlated(d, rho);
        GaussianViSettings settings = GaussianViSettings.defaults().withIterations(200).withDiagonal(true);
        otto.flow.Flow flow = method.equals("fbvi") ? new ForwardBackwardVi(settings) : new otto.flow.gaussian.BuresWassersteinVi(settings);
        Result r = Run.of(target, flow).seed(4).execute();
        double[] mean = (double[]) r.info().get("mean");
        double[] cov = (double[]) r.info().get("covariance");
        for (int i = 0; i < d; i++) {
            assertThat(mean[i]).isCloseTo(target.mean[i], within(1e-6));
            assertThat(cov[i * d + i]).isCloseTo(1.0 / target.precision[i * d + i], within(1e-6));
            for (int j = 0; j < d; j++) {
                if (i != j) {
                    assertThat(cov[i * d + j]).isZero();
                }
            }
        }
    }

    /**
     * The Stein-lemma curvature (gradients only) with 200 samples a step: the covariance's fixed
     * point is the sample covariance of each step's draws, averaged over 200 steps, so its
     * relative error is about √(2/200)/√200 ≈ 0.7 %; five times that is the bound.
     */
    @Test
    void steinFallbackRecoversTheCovariance() {
        GaussianTargets.Normal target = GaussianTargets.Normal.correlated(3, 0.6);
        Result r = Run.of(target, new ForwardBackwardVi(GaussianViSettings.defaults().withSamples(200).withStein(true)))
                .seed(6).execute();
        double[] cov = (double[]) r.info().get("covariance");
        for (int i = 0; i < 9; i++) {
            assertThat(cov[i]).isCloseTo(target.cov[i], within(0.035));
        }
        assertThat(r.settings()).containsEntry("hessian", "stein");
    }

    /** Badly scaled coordinates (sd from 1e-3 to 1e3) are handled by the whitening. */
    @Test
    void illConditionedTarget() {
        GaussianTargets.Normal target = GaussianTargets.Normal.scaled(1e-3, 1.0, 1e3);
        Result r = Run.of(target, new ForwardBackwardVi(GaussianViSettings.defaults().withIterations(40)))
                .seed(5).execute();
        double[] cov = (double[]) r.info().get("covariance");
        assertThat(cov[0]).isCloseTo(1e-6, within(1e-12));
        assertThat(cov[4]).isCloseTo(1.0, within(1e-6));
        assertThat(cov[8]).isCloseTo(1e6, within(1.0));
    }

    /**
     * A Student-t target with 3 degrees of freedom, which is not log-concave: the flow must not run
     * away into the tails; the Gaussian fit has lighter tails, so the importance ratios are heavy
     * tailed (k̂ > 0.7 says so), and the ELBO stays just below log Z.
     */
    @Test
    void heavyTailedTargetIsFlaggedByParetoK() {
        otto.model.Target t3 = new otto.model.Target() {
            public int dimension() {
                return 2;
            }

            public double logDensity(double[] x, double[] g) {
                double lp = 0;
                for (int i = 0; i < 2; i++) {
                    lp += -2.0 * Math.log1p(x[i] * x[i] / 3.0);
                    if (g != null) {
                        g[i] = -4.0 * x[i] / (3.0 + x[i] * x[i]);
                    }
                }
                return lp;
            }
        };
        Result r = Run.of(t3, new ForwardBackwardVi(GaussianViSettings.defaults())).seed(2).execute();
        // log Z of Π (1 + x²/3)^-2 = 2 log(√3 B(1/2, 3/2))
        double logZ = 2 * Math.log(Math.sqrt(3) * Math.exp(org.hipparchus.special.Beta.logBeta(0.5, 1.5)));
        assertThat((double) r.info().get("elbo")).isLessThan(logZ);
        assertThat((double) r.info().get("elbo")).isGreaterThan(logZ - 0.2);
        assertThat((double) r.info().get("pareto_k")).isGreaterThan(ParetoSmoothing.UNRELIABLE);
        assertThat((double) r.info().get("log_evidence_is")).isCloseTo(logZ, within(0.1));
    }

    @Test
    void sameSeedSameDrawsWhateverTheThreads() {
        GaussianTargets.Normal target = GaussianTargets.Normal.correlated(3, 0.3);
        ForwardBackwardVi fb = new ForwardBackwardVi(GaussianViSettings.defaults().withIterations(20));
        Result one = Run.of(target, fb).seed(11).threads(1).execute();
        Result two = Run.of(target, fb).seed(11).threads(2).execute();
        assertThat(two.draws().draw(2, 17)).containsExactly(one.draws().draw(2, 17));
        assertThat(two.info().get("elbo")).isEqualTo(one.info().get("elbo"));
        assertThat(Map.copyOf(two.settings())).isEqualTo(Map.copyOf(one.settings()));
    }

    /**
     * Early stopping: on a Gaussian target the iterates settle at once, so the run stops after
     * three windows of {@code rewhitenEvery} iterations, with the exact answer; with tolerance 0 it
     * runs every iteration. The ELBO then comes from the draws: mean of {@code -lp__} minus the
     * entropy, with the standard error of that mean.
     */
    @Test
    void stopsEarlyOnceTheWindowsAgreeAndEstimatesTheElboFromTheDraws() {
        GaussianTargets.Normal target = GaussianTargets.Normal.correlated(10, 0.9);
        Result r = Run.of(target, new ForwardBackwardVi(GaussianViSettings.defaults())).seed(5).execute();
        assertThat(r.stopReason()).isEqualTo("converged");
        assertThat(r.iterations()).isEqualTo(30);
        double[] mean = (double[]) r.info().get("mean");
        double[] cov = (double[]) r.info().get("covariance");
        for (int i = 0; i < 10; i++) {
            assertThat(mean[i]).isCloseTo(target.mean[i], within(1e-6 * (1 + Math.abs(target.mean[i]))));
        }
        for (int i = 0; i < 100; i++) {
            assertThat(cov[i]).isCloseTo(target.cov[i], within(1e-6));
        }
        double[][] lp = r.draws().sampler().get("lp__");
        double sum = 0;
        double sumSq = 0;
        int n = 0;
        for (double[] chain : lp) {
            for (double l : chain) {
                sum -= l;
                sumSq += l * l;
                n++;
            }
        }
        double meanV = sum / n;
        double se = Math.sqrt((sumSq - n * meanV * meanV) / (n - 1) / n);
        double entropy = new otto.flow.gaussian.Gaussian(mean, cov).entropy();
        assertThat((double) r.info().get("elbo")).isCloseTo(-(meanV - entropy), within(1e-9 * Math.abs(meanV)));
        assertThat((double) r.info().get("elbo_se")).isCloseTo(se, within(1e-6 * se));
        Result all = Run.of(target, new ForwardBackwardVi(GaussianViSettings.defaults().withIterations(60).withTolerance(0)))
                .seed(5).execute();
        assertThat(all.stopReason()).isEqualTo("completed");
        assertThat(all.iterations()).isEqualTo(60);
    }
}
