package otto.flow.grid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.hipparchus.special.Erf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import otto.diagnostics.Summary;
import otto.flow.Monitors;
import otto.flow.Result;
import otto.flow.Run;
import otto.flow.RunFailedException;
import otto.flow.particle.Metric;
import otto.model.Target;

/** The {@code fokker-planck} flow through the shared driver. */
class FokkerPlanckTest {

    static FokkerPlanck.Settings settings(GridSettings g) {
        return FokkerPlanck.Settings.defaults().withGrid(g);
    }

    static GridSolution solution(Result r) {
        return (GridSolution) r.info().get(GridSolution.INFO_KEY);
    }

    /** ½N(-m, 1) + ½N(m, 1), normalised. */
    static double mixture(double x, double m) {
        return 0.5 * (Math.exp(-0.5 * (x + m) * (x + m)) + Math.exp(-0.5 * (x - m) * (x - m))) / Math.sqrt(2 * Math.PI);
    }

    /**
     * The stationary density of a 1-D Gaussian mixture matches π in total variation to the
     * discretisation error. The scheme's stationary state is the discrete posterior
     * {@code π_h ∝ π(x_i)} exactly; π's cell averages differ from its centre values by
     * {@code (Δx²/24)π''} (midpoint rule), so
     * {@code TV(ρ_T, π̄) ≤ (Δx²/48)∫|π''| · 1.1 + ½|1 - Z/Z_h| + √(KL(ρ_T ‖ π_h)/2)} with π̄ the
     * exact cell masses (from erf) over Δx, the 1.1 covering the {@code O(Δx⁴)} remainder and the
     * last term Pinsker's bound on the distance still to go, measured by the run.
     */
    @ParameterizedTest(name = "separation {0}, {1} cells")
    @CsvSource({"2.0, 120", "2.0, 240", "3.0, 240"})
    void stationaryMixtureMatchesThePosterior(double m, int cells) {
        Target t = Fixtures.target(1, x -> Math.log(mixture(x[0], m)));
        Box box = Box.cube(1, -m - 7, m + 7);
        Result r = Run.of(t, new FokkerPlanck(settings(GridSettings.defaults().withBox(box).withCells(cells)
                .withStart(Start.gaussian(new double[] {1.0}, new double[] {0.5})).withTime(5000).withSteps(500)))).seed(2).execute();
        GridSolution sol = solution(r);
        Grid g = sol.grid();
        double h = g.spacing(0);
        double[] cellAverage = new double[cells];
        double second = 0.0;
        for (int i = 0; i < cells; i++) {
            double a = box.lo()[0] + i * h;
            double b = a + h;
            cellAverage[i] = 0.5 * (0.5 * (Erf.erf((b + m) / Math.sqrt(2)) - Erf.erf((a + m) / Math.sqrt(2)))
                    + 0.5 * (Erf.erf((b - m) / Math.sqrt(2)) - Erf.erf((a - m) / Math.sqrt(2)))) / h;
            double x = g.centre(i, 0);
            double d2 = (mixture(x + 1e-3, m) - 2 * mixture(x, m) + mixture(x - 1e-3, m)) / 1e-6;
            second += Math.abs(d2) * h;
        }
        double kl = (double) r.info().get("kl_to_grid_posterior");
        double logZh = sol.potential().logNormaliser();
        double bound = 1.1 * h * h / 48 * second + 0.5 * Math.abs(1 - Math.exp(-logZh)) + Math.sqrt(Math.max(0.0, kl) / 2);
        double tv = Functionals.totalVariation(g, sol.finalDensity(), cellAverage);
        assertThat(kl).as("relaxed to the discrete posterior").isLessThan(1e-8);
        assertThat(tv).isLessThanOrEqualTo(bound);
        assertThat(tv).as("second order: far below the first-order size Δx/4·∫|π'|").isLessThan(0.1 * h);
        // log Z of the normalised mixture is 0; the grid's quadrature is exact to high order
        assertThat(logZh).isCloseTo(0.0, within(1e-9));
        assertThat(r.info().get("elbo")).isInstanceOf(Double.class);
    }

    /**
     * Relaxation of OU: from {@code N(μ₀, σ²)} (the stationary variance, shifted mean) the excess
     * free energy {@code F(ρ_t) - F(π_h) = KL(ρ_t ‖ π_h) = μ(t)²/(2σ²)} decays exactly at the
     * log-Sobolev rate {@code 2/σ²} (twice the spectral gap {@code 1/σ²}) in continuous time; implicit
     * Euler decays by {@code (1 + Δt/σ²)^{-2}} per step, a rate {@code 2 ln(1 + Δt/σ²)/Δt}. The
     * rate fitted to the trace over t ∈ [0.5, 3] matches that to 0.5 % (the discrete spectral gap
     * differs from {@code 1/σ²} by {@code O(Δx²/σ²) ≈ 1e-3}), and the continuous rate to {@code Δt/σ²}.
     */
    @Test
    void relaxationOfOrnsteinUhlenbeckAtTheLogSobolevRate() {
        double sigma = 0.7;
        double dt = 0.01;
        Target t = Fixtures.gaussian(new double[] {0.0}, new double[] {sigma});
        Result r = Run.of(t, new FokkerPlanck(settings(GridSettings.defaults().withBox(Box.cube(1, -6, 6)).withCells(600)
                .withStart(Start.gaussian(new double[] {1.0}, new double[] {sigma})).withDt(dt).withTime(3.0)))).recordEvery(1).execute();
        double[] time = r.trace().column("time");
        double[] f = r.trace().column(Monitors.FREE_ENERGY);
        double[] kl = r.trace().column("kl");
        double logZh = solution(r).potential().logNormaliser();
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        int n = 0;
        for (int k = 0; k < time.length; k++) {
            // the trace's free energy and its KL differ by log Z_h exactly
            assertThat(f[k] + logZh).isCloseTo(kl[k], within(1e-9));
            if (k > 0) {
                assertThat(f[k]).isLessThanOrEqualTo(f[k - 1] + 1e-13);
            }
            if (time[k] >= 0.5 && time[k] <= 3.0) {
                double y = Math.log(kl[k]);
                sx += time[k];
                sy += y;
                sxx += time[k] * time[k];
                sxy += time[k] * y;
                n++;
            }
        }
        double slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
        double discrete = 2 * Math.log(1 + dt / (sigma * sigma)) / dt;
        double continuous = 2 / (sigma * sigma);
        assertThat(-slope).isCloseTo(discrete, within(0.005 * discrete));
        assertThat(-slope).isCloseTo(continuous, within(continuous * dt / (sigma * sigma)));
    }

    /**
     * A 2-D correlated Gaussian and a 3-D one relax to their exact moments: the stationary state
     * is π at the cell centres, whose midpoint moments are exact up to the Poisson-summation error
     * {@code ~ e^{-2π²s²/Δx²}} (below 1e-12 with {@code Δx ≤ s/1.3}) and the truncation by the box.
     */
    @ParameterizedTest(name = "d = {0}, {1} cells, {2}")
    @CsvSource({"2, 48, AUTO", "2, 40, JACOBI", "3, 18, MULTIGRID", "3, 14, JACOBI"})
    void twoAndThreeDimensionsRelaxToTheExactMoments(int d, int cells, FokkerPlanckSolver.Preconditioner pre) {
        double rho = 0.6;
        Target t = Fixtures.target(d, x -> {
            // N(μ, Σ) with μ = (0.5, -0.5, 0), unit variances, correlation ρ between the first two axes
            double a = x[0] - 0.5;
            double b = x[1] + 0.5;
            double q = (a * a - 2 * rho * a * b + b * b) / (1 - rho * rho);
            if (x.length == 3) {
                q += x[2] * x[2] / 0.25;
            }
            return -0.5 * q;
        });
        Result r = Run.of(t, new FokkerPlanck(FokkerPlanck.Settings.defaults().withPreconditioner(pre).withGrid(GridSettings.defaults()
                .withBox(d == 2 ? Box.cube(2, -5, 5) : new Box(new double[] {-5, -5, -2.5}, new double[] {5, 5, 2.5}))
                .withCells(cells).withTime(25).withSteps(40)))).execute();
        GridSolution sol = solution(r);
        Grid g = sol.grid();
        double[] p = sol.finalDensity();
        assertThat((double) r.info().get("kl_to_grid_posterior")).isLessThan(1e-10);
        assertThat(Fixtures.mean(g, p, 0)).isCloseTo(0.5, within(1e-5));
        assertThat(Fixtures.mean(g, p, 1)).isCloseTo(-0.5, within(1e-5));
        assertThat(Fixtures.variance(g, p, 0)).isCloseTo(1.0, within(1e-4));
        double cov = 0.0;
        for (int i = 0; i < p.length; i++) {
            cov += (g.centre(i, 0) - 0.5) * (g.centre(i, 1) + 0.5) * p[i] * g.cellVolume();
        }
        assertThat(cov).isCloseTo(rho, within(1e-4));
        if (d == 3) {
            assertThat(Fixtures.variance(g, p, 2)).isCloseTo(0.25, within(1e-4));
        }
        assertThat(r.faults().total()).isZero();
        double[] mass = r.trace().column("mass");
        for (double v : mass) {
            assertThat(v).isCloseTo(1.0, within(1e-12));
        }
    }

    /** Results do not depend on the number of threads (fixed blocks, sums in a fixed order). */
    @Test
    void sameResultsWithAnyNumberOfThreads() {
        Target t = Fixtures.target(2, Fixtures.randomLogDensity(5, 2));
        FokkerPlanck fp = new FokkerPlanck(settings(GridSettings.defaults().withBox(Box.cube(2, -4, 4)).withCells(160)
                .withStart(Start.uniform()).withTime(1).withSteps(5).withDraws(50)));
        Result one = Run.of(t, fp).seed(4).execute();
        Result two = Run.of(t, fp).seed(4).threads(2).execute();
        assertThat(solution(two).finalDensity()).containsExactly(solution(one).finalDensity());
        assertThat(two.draws().draw(0, 7)).containsExactly(one.draws().draw(0, 7));
    }

    /**
     * A target that is {@code -∞} outside {@code x > 0} (an exponential density): those cells have
     * π = 0 and no flux, keep no mass, and the flow relaxes to the truncated density.
     */
    @Test
    void cellsOutsideTheSupportKeepNoMass() {
        Target t = Fixtures.target(1, x -> x[0] > 0 ? -x[0] : Double.NEGATIVE_INFINITY);
        Result r = Run.of(t, new FokkerPlanck(settings(GridSettings.defaults().withBox(Box.cube(1, -2, 14)).withCells(800)
                .withStart(Start.uniform()).withTime(40).withSteps(100)))).execute();
        GridSolution sol = solution(r);
        double[] p = sol.finalDensity();
        Grid g = sol.grid();
        for (int i = 0; i < p.length; i++) {
            if (g.centre(i, 0) < 0) {
                assertThat(p[i]).isZero();
            } else {
                assertThat(p[i]).isPositive();
            }
        }
        assertThat(r.info().get("cells_outside_support")).isEqualTo(100);
        assertThat(r.faults().total()).isZero();
        // the mean of Exp(1) on (0, 14) is 1 - 14 e^-14 / (1 - e^-14); midpoint error O(Δx²)
        assertThat(Fixtures.mean(g, p, 0)).isCloseTo(1.0, within(g.spacing(0) * g.spacing(0)));
    }

    /** NaN log densities are counted as a fault and treated as outside the support. */
    @Test
    void notANumberIsAFaultAndOutsideTheSupport() {
        Target t = Fixtures.target(1, x -> Math.abs(x[0]) > 4 ? Double.NaN : -0.5 * x[0] * x[0]);
        Result r = Run.of(t, new FokkerPlanck(settings(GridSettings.defaults().withBox(Box.cube(1, -6, 6)).withCells(120)
                .withTime(5).withSteps(10)))).execute();
        assertThat(r.faults().counts()).containsEntry("non_finite_log_density", 1L);
        assertThat(r.faults().examples().get(0).detail()).contains("40 of 120 cell centres have a NaN log density",
                "treated as outside the support");
        assertThat((double) r.info().get("mass")).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void anInfiniteDensityOrTooManyDimensionsAreClearErrors() {
        Target spike = Fixtures.target(1, x -> Math.abs(x[0]) < 0.05 ? Double.POSITIVE_INFINITY : -x[0] * x[0]);
        FokkerPlanck fp = new FokkerPlanck(settings(GridSettings.defaults().withBox(Box.cube(1, -3, 3)).withCells(60)));
        assertThatThrownBy(() -> Run.of(spike, fp).execute()).isInstanceOf(RunFailedException.class)
                .hasMessageContaining("the log density is +inf at [").hasMessageContaining("an infinite density cannot be put on a grid");
        Target four = Fixtures.gaussian(new double[4], new double[] {1, 1, 1, 1});
        assertThatThrownBy(() -> Run.of(four, new FokkerPlanck(FokkerPlanck.Settings.defaults())).execute())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("grid methods need d ≤ 3; this model has d = 4");
        Target nowhere = Fixtures.target(1, x -> Double.NEGATIVE_INFINITY);
        assertThatThrownBy(() -> Run.of(nowhere, fp).execute()).isInstanceOf(RunFailedException.class)
                .hasMessageContaining("-inf or NaN at every one of the 60 cell centres");
        assertThatThrownBy(() -> GridSettings.defaults().withDt(-1)).hasMessage("dt must be positive and finite, got -1.0");
        assertThatThrownBy(() -> FokkerPlanck.Settings.defaults().withTolerance(2)).hasMessage("tolerance must be in (0, 1), got 2.0");
        assertThatThrownBy(() -> Box.parse("-1:1,2", 2)).hasMessageContaining("'2' is not an interval lo:hi");
        assertThatThrownBy(() -> Box.parse("-1:1,2:3,4:5", 2)).hasMessageContaining("3 intervals for 2 axes");
        assertThat(Box.parse("-1.5:2", 2)).isEqualTo(new Box(new double[] {-1.5, -1.5}, new double[] {2, 2}));
    }

    /**
     * A solve that does not converge is a fault, handled by halving Δt: Jacobi-preconditioned CG
     * contracts by about {@code (√κ - 1)/(√κ + 1)} per iteration with {@code κ ≈ 8Δt/Δx²}, so 60
     * iterations cannot reach 1e-10 at {@code Δt/Δx² = 200} but can at a sixty-fourth of it; the
     * halving is kept for the following steps, and the run completes with the faults counted and
     * reported, and the right answer.
     */
    @Test
    void aSolveThatDoesNotConvergeIsRetriedWithHalfTheStep() {
        Target t = Fixtures.gaussian(new double[2], new double[] {1, 1});
        Result r = Run.of(t, new FokkerPlanck(FokkerPlanck.Settings.defaults().withMaxIterations(60)
                .withPreconditioner(FokkerPlanckSolver.Preconditioner.JACOBI).withGrid(GridSettings.defaults()
                        .withBox(Box.cube(2, -5, 5)).withCells(40).withDt(12.5).withSteps(3)))).execute();
        assertThat(r.faults().counts()).containsKey("cg_not_converged");
        assertThat(r.faults().examples().get(0).detail()).contains("conjugate gradients stopped after 60 iterations",
                "retried as two steps of 6.25");
        assertThat((long) r.info().get("dt_halvings")).isBetween(5L, 7L);
        assertThat(r.faults().counts().get("cg_not_converged")).isEqualTo((long) r.info().get("dt_halvings"));
        assertThat((double) r.info().get("kl_to_grid_posterior")).isLessThan(1e-6);
        Run hopeless = Run.of(t, new FokkerPlanck(FokkerPlanck.Settings.defaults().withMaxIterations(1).withTolerance(1e-14)
                .withPreconditioner(FokkerPlanckSolver.Preconditioner.JACOBI).withGrid(GridSettings.defaults()
                        .withBox(Box.cube(2, -5, 5)).withCells(40).withDt(1).withSteps(1))));
        assertThatThrownBy(hopeless::execute).isInstanceOf(RunFailedException.class)
                .hasMessageContaining("cg not converged at step 1 even with the time step halved 8 times");
    }

    /**
     * The box from the Laplace fit (± 6 sd; with the unit metric, in the model's coordinates) and,
     * for a curved target, pushed out where the density is still high.
     */
    @Test
    void chosenBoxCoversTheTarget() {
        Target narrow = Fixtures.gaussian(new double[] {2.0}, new double[] {0.5});
        Result r = Run.of(narrow, new FokkerPlanck(settings(GridSettings.defaults().withMetric(Metric.UNIT).withCells(200)
                .withSteps(20)))).execute();
        assertThat(r.info().get("metric")).isEqualTo("unit");
        assertThat(r.info().get("box_origin")).isEqualTo("laplace");
        Box box = solution(r).grid().box();
        assertThat(box.lo()[0]).isCloseTo(-1.0, within(1e-4));
        assertThat(box.hi()[0]).isCloseTo(5.0, within(1e-4));
        // default time: 8 λ_max(Σ) = 8 · 0.25
        assertThat((double) r.info().get("end_time")).isCloseTo(2.0, within(1e-6));
        // a banana: x₁ ~ N(0, 1), x₂ | x₁ ~ N(x₁², 0.25) — the Laplace box (x₂ within ±3) misses the arms
        Target banana = Fixtures.target(2, x -> -0.5 * x[0] * x[0] - 2 * (x[1] - x[0] * x[0]) * (x[1] - x[0] * x[0]));
        Result b = Run.of(banana, new FokkerPlanck(settings(GridSettings.defaults().withMetric(Metric.UNIT).withCells(64)
                .withSteps(2)))).execute();
        assertThat(b.info().get("box_origin")).isEqualTo("laplace+search");
        Box bb = solution(b).grid().box();
        assertThat(bb.hi()[1]).isGreaterThan(12.0);
        assertThat(bb.lo()[1]).isLessThan(-2.0);
    }

    /**
     * The default (dense) metric: the grid in the coordinates z of {@code θ = mode + L z}, the
     * box {@code ± 6} on each axis of z and the time 8 (the Laplace covariance is the identity in z).
     */
    @Test
    void denseMetricWhitensByTheLaplaceFit() {
        Target narrow = Fixtures.gaussian(new double[] {2.0}, new double[] {0.5});
        Result r = Run.of(narrow, new FokkerPlanck(settings(GridSettings.defaults().withCells(200).withSteps(20)))).execute();
        assertThat(r.info().get("metric")).isEqualTo("dense");
        Grid g = solution(r).grid();
        assertThat(g.box().lo()[0]).isCloseTo(-6.0, within(1e-4));
        assertThat(g.box().hi()[0]).isCloseTo(6.0, within(1e-4));
        assertThat(g.frame().origin()[0]).isCloseTo(2.0, within(1e-4));
        assertThat(g.frame().lower()[0]).isCloseTo(0.5, within(1e-4));
        assertThat(g.centre(0, 0)).isCloseTo(-1.0 + 0.5 * 6.0 / 200, within(1e-4));
        assertThat((double) r.info().get("end_time")).isCloseTo(8.0, within(1e-6));
        Box inModel = Box.parse(r.info().get("box_in_model_coordinates").toString(), 1);
        assertThat(inModel.lo()[0]).isCloseTo(-1.0, within(1e-4));
        assertThat(inModel.hi()[0]).isCloseTo(5.0, within(1e-4));
        assertThatThrownBy(() -> GridSettings.defaults().withBox(Box.cube(1, -1, 1)).withMetric(Metric.DENSE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("takes the unit metric, not dense");
    }

    /**
     * The typical potential step (root mean square over the posterior along the worst axis) of a
     * Gaussian is its cell width in sds, {@code h √(1 + h²/4)} for {@code V = z²/2}: the run
     * warns above ½, and so the default 48³ grid of a 3-D Gaussian (h = ¼) is not flagged.
     */
    @ParameterizedTest
    @CsvSource({"48, 0.25", "24, 0.5", "96, 0.125"})
    void typicalPotentialStepIsTheCellWidthInSds(int cells, double h) {
        Target t = Fixtures.gaussian(new double[] {0.5}, new double[] {2.0});
        Result r = Run.of(t, new FokkerPlanck(settings(GridSettings.defaults().withCells(cells).withSteps(2)))).execute();
        assertThat((double) r.info().get("rms_potential_step")).isCloseTo(h * Math.sqrt(1 + h * h / 4), within(0.002 * h));
    }

    /**
     * The diagonal metric scales the axes by the Laplace sds without rotating them: the default
     * time is then 8 times the largest eigenvalue of the correlation matrix, {@code 8(1 + |ρ|)}.
     */
    @Test
    void diagonalMetricScalesTheAxes() {
        Target t = Fixtures.correlatedGaussian(new double[] {1.0, -2.0}, new double[] {3.0, 0.05}, 0.6);
        Result r = Run.of(t, new FokkerPlanck(settings(GridSettings.defaults().withMetric(Metric.DIAGONAL).withCells(32)
                .withSteps(4)))).execute();
        assertThat(r.info().get("metric")).isEqualTo("diagonal");
        double[] l = solution(r).grid().frame().lower();
        assertThat(l[0]).isCloseTo(3.0, within(1e-9));
        assertThat(l[1]).isZero();
        assertThat(l[2]).isZero();
        assertThat(l[3]).isCloseTo(0.05, within(1e-12));
        assertThat((double) r.info().get("end_time")).isCloseTo(8 * 1.6, within(1e-9));
        Result dense = Run.of(t, new FokkerPlanck(settings(GridSettings.defaults().withCells(32).withSteps(4)))).execute();
        assertThat((double) dense.info().get("end_time")).isCloseTo(8.0, within(1e-9));
        assertThat(solution(dense).grid().frame().lower()[2]).isCloseTo(0.6 * 0.05, within(1e-12));
    }

    /**
     * A posterior as correlated as {@code kilpisjarvi}'s intercept and slope (-0.9999), scales 3 and
     * 0.05: with the dense metric a 64² grid gets the means, the sds, the correlation and the
     * evidence to the midpoint rule's accuracy; laid out in the model's axes the same grid cuts
     * across the ridge (two cells of the narrow axis hold it) and gets the sds wrong by a factor.
     */
    @Test
    void denseMetricResolvesACorrelatedPosterior() {
        double[] mu = {1.0, -2.0};
        double[] sd = {3.0, 0.05};
        double corr = -0.9999;
        Target t = Fixtures.correlatedGaussian(mu, sd, corr);
        double logZ = Math.log(2 * Math.PI) + Math.log(sd[0] * sd[1] * Math.sqrt(1 - corr * corr));
        for (Metric m : new Metric[] {Metric.DENSE, Metric.UNIT}) {
            Result r = Run.of(t, new FokkerPlanck(settings(GridSettings.defaults().withMetric(m).withCells(64)))).execute();
            GridSolution s = solution(r);
            double[] rho = s.finalDensity();
            Grid g = s.grid();
            double m0 = Fixtures.mean(g, rho, 0);
            double m1 = Fixtures.mean(g, rho, 1);
            double s0 = Math.sqrt(Fixtures.variance(g, rho, 0));
            double s1 = Math.sqrt(Fixtures.variance(g, rho, 1));
            if (m == Metric.DENSE) {
                // midpoint rule on 12/64 of an sd per cell: variances within (Δz²/12)/1 ≈ 0.3 %
                assertThat(Math.abs(m0 - mu[0]) / sd[0]).isLessThan(1e-3);
                assertThat(Math.abs(m1 - mu[1]) / sd[1]).isLessThan(1e-3);
                assertThat(s0 / sd[0]).isCloseTo(1.0, within(0.004));
                assertThat(s1 / sd[1]).isCloseTo(1.0, within(0.004));
                double cov = 0;
                for (int i = 0; i < g.size(); i++) {
                    cov += (g.centre(i, 0) - m0) * (g.centre(i, 1) - m1) * rho[i] * g.cellVolume();
                }
                assertThat(cov / (s0 * s1)).isCloseTo(corr, within(1e-6));
                // the evidence and the free energy carry det L: both on the model's axis
                assertThat((double) r.info().get("log_evidence_grid")).isCloseTo(logZ, within(1e-3));
                assertThat((double) r.info().get("free_energy")).isCloseTo(-logZ, within(1e-3));
                assertThat(Functionals.mass(g, rho)).isCloseTo(1.0, within(1e-12));
                // 64 cells over ± 6 sds: 0.1875 sd a cell, and so the typical potential step
                assertThat((double) r.info().get("rms_potential_step")).isCloseTo(0.1875, within(0.005));
            } else {
                assertThat(Math.max(Math.abs(s0 / sd[0] - 1), Math.abs(s1 / sd[1] - 1))).isGreaterThan(0.3);
                // the ridge is far narrower than a cell, and the typical step says so
                assertThat((double) r.info().get("rms_potential_step")).isGreaterThan(10.0);
            }
        }
    }

    /** Draws from a whitened grid have the target's moments (to five Monte Carlo standard errors). */
    @Test
    void drawsFromAWhitenedGrid() {
        double[] mu = {1.0, -2.0};
        double[] sd = {3.0, 0.05};
        double corr = -0.99;
        Result r = Run.of(Fixtures.correlatedGaussian(mu, sd, corr), new FokkerPlanck(settings(GridSettings.defaults()
                .withCells(64).withChains(2).withDraws(4000)))).seed(3).execute();
        int n = 8000;
        double[][] a = r.draws().column(0);
        double[][] b = r.draws().column(1);
        double sa = 0;
        double sb = 0;
        double saa = 0;
        double sbb = 0;
        double sab = 0;
        for (int c = 0; c < 2; c++) {
            for (int k = 0; k < 4000; k++) {
                double x = (a[c][k] - mu[0]) / sd[0];
                double y = (b[c][k] - mu[1]) / sd[1];
                sa += x;
                sb += y;
                saa += x * x;
                sbb += y * y;
                sab += x * y;
            }
        }
        // standardised: means have sd 1/√n, variances √(2/n), the sample correlation (1 - ρ²)/√n
        double ma = sa / n;
        double mb = sb / n;
        assertThat(Math.abs(ma)).isLessThan(5 / Math.sqrt(n));
        assertThat(Math.abs(mb)).isLessThan(5 / Math.sqrt(n));
        assertThat(Math.abs(saa / n - 1)).isLessThan(5 * Math.sqrt(2.0 / n));
        assertThat(Math.abs(sbb / n - 1)).isLessThan(5 * Math.sqrt(2.0 / n));
        double rs = (sab / n - ma * mb) / Math.sqrt((saa / n - ma * ma) * (sbb / n - mb * mb));
        assertThat(Math.abs(rs - corr)).isLessThan(5 * (1 - corr * corr) / Math.sqrt(n));
    }

    /** Draws from the final density have its moments (to five Monte Carlo standard errors). */
    @Test
    void drawsComeFromTheFinalDensity() {
        Target t = Fixtures.gaussian(new double[] {1.0, -1.0}, new double[] {0.5, 2.0});
        Result r = Run.of(t, new FokkerPlanck(settings(GridSettings.defaults().withBox(new Box(new double[] {-2, -9},
                new double[] {4, 7})).withCells(60).withTime(30).withSteps(30).withChains(2).withDraws(4000)))).seed(9).execute();
        assertThat(r.draws().chains()).isEqualTo(2);
        assertThat(r.draws().draws()).isEqualTo(4000);
        double[] sd = {0.5, 2.0};
        double[] mu = {1.0, -1.0};
        for (int a = 0; a < 2; a++) {
            double[][] col = r.draws().column(a);
            double s = 0;
            double s2 = 0;
            for (double[] c : col) {
                for (double v : c) {
                    s += v;
                    s2 += v * v;
                }
            }
            int n = 8000;
            double mean = s / n;
            double var = s2 / n - mean * mean;
            // the grid density is piecewise constant: a uniform draw in the cell adds Δx²/12 to the variance
            double h = solution(r).grid().spacing(a);
            assertThat(mean).isCloseTo(mu[a], within(5 * sd[a] / Math.sqrt(n)));
            assertThat(var).isCloseTo(sd[a] * sd[a] + h * h / 12, within(5 * sd[a] * sd[a] * Math.sqrt(2.0 / n)));
        }
        assertThat(r.draws().sampler()).containsKey("lp__");
    }

    /** Summaries by quadrature: mean, sd and quantiles of a Gaussian marginal to O(Δx²). */
    @Test
    void summariesByQuadrature() {
        Target t = Fixtures.gaussian(new double[] {0.3}, new double[] {1.2});
        Box box = Box.cube(1, 0.3 - 8, 0.3 + 8);
        Result r = Run.of(t, new FokkerPlanck(settings(GridSettings.defaults().withBox(box).withCells(1600)
                .withStart(Start.values(Fixtures.density(Grid.uniform(box, 1600),
                        Fixtures.bump(new double[] {0.3}, new double[] {1.2})))).withTime(1).withSteps(2)))).execute();
        List<Summary> s = solution(r).summaries(x -> new double[] {x[0], Math.exp(x[0])}, new String[] {"x", "exp_x"});
        double h = 0.01;
        assertThat(s.get(0).mean()).isCloseTo(0.3, within(1e-9));
        assertThat(s.get(0).sd()).isCloseTo(1.2, within(1e-9));
        assertThat(s.get(0).q5()).isCloseTo(0.3 - 1.644853627 * 1.2, within(h * h));
        assertThat(s.get(0).q95()).isCloseTo(0.3 + 1.644853627 * 1.2, within(h * h));
        assertThat(s.get(0).median()).isCloseTo(0.3, within(h * h));
        assertThat(s.get(0).mad()).isCloseTo(1.2 * 1.4826 * 0.6744897502, within(1e-3));
        // log-normal: mean e^{μ + σ²/2}, median e^μ
        assertThat(s.get(1).mean()).isCloseTo(Math.exp(0.3 + 0.72), within(1e-6));
        assertThat(s.get(1).median()).isCloseTo(Math.exp(0.3), within(2 * h * h * Math.exp(0.3)));
        assertThat(s.get(0).essBulk()).isNaN();
    }

    /** Densities are kept at the requested times (the first step at or after each). */
    @Test
    void keepsTheDensityAtRequestedTimes() {
        Target t = Fixtures.gaussian(new double[] {0.0}, new double[] {1.0});
        Result r = Run.of(t, new FokkerPlanck(settings(GridSettings.defaults().withBox(Box.cube(1, -5, 5)).withCells(100)
                .withTime(1).withSteps(10).withDensityTimes(0, 0.25, 0.5, 7)))).execute();
        GridSolution sol = solution(r);
        assertThat(sol.times()).containsExactly(new double[] {0.0, 0.30000000000000004, 0.5, 1.0}, within(1e-12));
        assertThat(sol.density(3)).containsExactly(sol.finalDensity());
    }
}
