package otto.flow.grid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import otto.flow.Monitors;
import otto.flow.Parallel;
import otto.flow.Result;
import otto.flow.Run;
import otto.model.Target;

/** The entropic JKO scheme: its structure, its extra diffusion, its stationary state. */
class EntropicJkoTest {

    /**
     * Mass (to 1e-12: the step rescales the Sinkhorn marginal exactly), positivity, and descent of
     * the free energy at the effective temperature {@code T + γ/(4τ)} — the functional the scheme
     * is the gradient flow of — up to rounding and the Sinkhorn tolerance: a marginal error ε
     * moves the result by about ε in mass, changing F_eff by at most ε times the range of its
     * first variation {@code T_eff log ρ + V} over the support.
     */
    @ParameterizedTest(name = "seed {0}, d = {1}, {2} cells, τ = {3}")
    @CsvSource({
        "1, 1, 200, 0.5", "2, 1, 200, 0.05", "3, 1, 150, 2.0",
        "4, 2, 32, 0.5", "5, 2, 40, 0.1", "6, 3, 12, 0.5",
    })
    void massPositivityAndEffectiveFreeEnergyDescent(long seed, int d, int cells, double tau) {
        Grid g = Grid.uniform(Box.cube(d, -5, 5), cells);
        Potential v = Fixtures.potential(g, Fixtures.randomLogDensity(seed, d));
        double[] rho = Fixtures.density(g, Fixtures.randomStart(seed, d));
        double h = g.spacing(0);
        double gamma = Math.max(0.04 * tau, h * h);
        double tol = 1e-11;
        EntropicJkoSolver s = new EntropicJkoSolver(v, 1.0, Parallel.serial(), tol, 50_000);
        double teff = s.effectiveTemperature(tau, gamma);
        double[] next = new double[rho.length];
        double f = Functionals.freeEnergy(g, rho, v, teff);
        for (int k = 0; k < 25; k++) {
            EntropicJkoSolver.Step st = s.step(rho, tau, gamma, next);
            assertThat(st.converged()).as("step %d: %s", k, st).isTrue();
            double[] t = rho;
            rho = next;
            next = t;
            assertThat(Functionals.mass(g, rho)).isCloseTo(1.0, within(1e-12));
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < rho.length; i++) {
                assertThat(rho[i]).as("density at step %d", k).isPositive();
                double phi = teff * Math.log(rho[i]) + v.value(i);
                lo = Math.min(lo, phi);
                hi = Math.max(hi, phi);
            }
            double fNext = Functionals.freeEnergy(g, rho, v, teff);
            double allowance = Fixtures.freeEnergyRounding(g, rho, v) * teff + Fixtures.freeEnergyRounding(g, next, v) * teff
                    + 2 * tol * (hi - lo);
            assertThat(fNext).as("effective free energy at step %d", k).isLessThanOrEqualTo(f + allowance);
            f = fNext;
        }
    }

    /**
     * The fixed point of the entropic JKO step for a Gaussian target {@code N(0, σ²)} in
     * continuous space: the best coupling of {@code N(0, s²)} with itself has covariance
     * {@code c = (√(γ² + 16 s⁴) - γ)/4}, and the fixed point solves
     * {@code s²/σ² = T + s²(s² - c)/(cτ) = T + γ/(4τ) + γ²/(32 s² τ) + …}.
     */
    static double fixedPointVariance(double sigma, double temperature, double tau, double gamma) {
        double s2 = sigma * sigma * temperature;
        for (int k = 0; k < 200; k++) {
            double c = (Math.sqrt(gamma * gamma + 16 * s2 * s2) - gamma) / 4;
            s2 = sigma * sigma * (temperature + s2 * (s2 - c) / (c * tau));
        }
        return s2;
    }

    /**
     * The extra diffusion is as documented: the stationary variance of OU is
     * {@code σ²(T + γ/(4τ))} to first order, and exactly the continuous fixed point above; with
     * {@code compensate} it is σ² (to {@code O(γ²/τ)}). The grid adds its own error: midpoint
     * moments of a Gaussian at {@code Δx = 0.025 ≪ σ} (Poisson-summation error below 1e-30) and a
     * discrete kernel of variance γ/2 to the same accuracy since {@code γ ≥ 6Δx²}; what is left is
     * the relaxation still to go (the slowest mode, the mean, at {@code e^{-12/σ²} < 1e-8} after t = 12) — asserted to 3e-5 σ².
     */
    @ParameterizedTest(name = "τ = {0}, γ = {1}, compensate {2}")
    @CsvSource({"0.1, 0.004, false", "0.1, 0.02, false", "0.5, 0.02, false", "0.5, 0.1, false", "0.5, 0.1, true"})
    void extraDiffusionIsAsDocumented(double tau, double gamma, boolean compensate) {
        double sigma = 0.8;
        Grid g = Grid.uniform(Box.cube(1, -5, 5), 400);
        Potential v = Fixtures.potential(g, x -> -0.5 * x[0] * x[0] / (sigma * sigma));
        double[] rho = Fixtures.density(g, Fixtures.bump(new double[] {1}, new double[] {0.5}));
        EntropicJkoSolver s = new EntropicJkoSolver(v, 1.0, Parallel.serial(), 1e-12, 50_000);
        double[] next = new double[rho.length];
        for (int k = 0; k < (int) Math.round(12 / tau); k++) {
            s.step(rho, tau, gamma, compensate, next);
            double[] t = rho;
            rho = next;
            next = t;
        }
        double var = Fixtures.variance(g, rho, 0);
        double proxT = compensate ? 1.0 - gamma / (4 * tau) : 1.0;
        double predicted = fixedPointVariance(sigma, proxT, tau, gamma);
        assertThat(var).isCloseTo(predicted, within(3e-5 * sigma * sigma));
        double firstOrder = sigma * sigma * (compensate ? 1.0 : 1.0 + gamma / (4 * tau));
        assertThat(var).isCloseTo(firstOrder, within(sigma * sigma * gamma * gamma / (32 * 0.6 * tau) * 1.1 + 3e-5));
        assertThat(Fixtures.mean(g, rho, 0)).isCloseTo(0.0, within(1e-5));
    }

    /**
     * It converges to π, shifted by the documented effective temperature: to the discrete
     * {@code π_h^{1/T_eff}} (a 1-D Gaussian mixture, where nothing is Gaussian) up to the
     * {@code O(γ²/τ)} remainder, and, compensated, to π_h itself.
     */
    @ParameterizedTest(name = "compensate {0}")
    @CsvSource({"false", "true"})
    void convergesToThePosteriorAtTheEffectiveTemperature(boolean compensate) {
        Target t = Fixtures.target(1, x -> Math.log(FokkerPlanckTest.mixture(x[0], 2.0)));
        EntropicJko jko = new EntropicJko(EntropicJko.Settings.defaults().withGamma(0.01).withCompensate(compensate)
                .withTolerance(1e-11).withGrid(GridSettings.defaults().withBox(Box.cube(1, -8, 8)).withCells(320)
                        .withTime(400).withSteps(800)));
        Result r = Run.of(t, jko).execute();
        GridSolution sol = FokkerPlanckTest.solution(r);
        double tEff = (double) r.info().get("effective_temperature");
        assertThat(tEff).isCloseTo(compensate ? 1.0 : 1.0 + 0.01 / (4 * 0.5), within(1e-12));
        assertThat((double) r.info().get("entropic_extra_diffusion")).isCloseTo(compensate ? 0.0 : 0.005, within(1e-12));
        double[] p = sol.finalDensity();
        Grid g = sol.grid();
        double tvEff = Functionals.totalVariation(g, p, sol.potential().stationary(tEff));
        double tvPi = Functionals.totalVariation(g, p, sol.potential().stationary());
        // O(γ²/τ) remainder: relative 1e-4·(1/s²) of the density; measured 1e-5 for a Gaussian of the same scale
        assertThat(tvEff).isLessThan(1e-4);
        if (compensate) {
            assertThat(tvPi).isLessThan(1e-4);
        } else {
            // the bias itself: TV(π_h^{1/T_eff}, π_h), of order (T_eff - 1) = 0.005
            double bias = Functionals.totalVariation(g, sol.potential().stationary(tEff), sol.potential().stationary());
            assertThat(bias).isBetween(5e-4, 5e-3);
            assertThat(tvPi).isCloseTo(bias, within(1e-4));
        }
        double[] fe = r.trace().column("free_energy_effective");
        for (int k = 1; k < fe.length; k++) {
            assertThat(fe[k]).isLessThanOrEqualTo(fe[k - 1] + 1e-10);
        }
        assertThat(r.trace().column(Monitors.FREE_ENERGY)).doesNotContain(Double.NaN);
    }

    /** 2-D and 3-D runs through the driver: mass, the effective stationary variance, draws, info. */
    @ParameterizedTest(name = "d = {0}")
    @CsvSource({"2, 40", "3, 14"})
    void twoAndThreeDimensions(int d, int cells) {
        double[] sd = d == 2 ? new double[] {1.0, 0.7} : new double[] {1.0, 0.8, 1.2};
        Target t = Fixtures.gaussian(new double[d], sd);
        Result r = Run.of(t, new EntropicJko(EntropicJko.Settings.defaults().withGrid(GridSettings.defaults()
                .withBox(Box.cube(d, -5, 5)).withCells(cells).withTime(20).withSteps(20).withDraws(100)))).execute();
        GridSolution sol = FokkerPlanckTest.solution(r);
        double tEff = (double) r.info().get("effective_temperature");
        double gamma = (double) r.info().get("gamma");
        double h = sol.grid().spacing(0);
        assertThat(gamma).isCloseTo(Math.max(0.04 * 1.0, h * h), within(1e-12));
        for (int a = 0; a < d; a++) {
            // midpoint moments of a Gaussian with Δx up to 0.8 s: Poisson-summation error ~ e^{-2π²(s/Δx)²} ≤ 1e-13;
            // the kernel at γ = Δx² is resolved to e^{-π²} only: its variance is γ/2 to 1e-4 relative
            assertThat(Fixtures.variance(sol.grid(), sol.finalDensity(), a))
                    .isCloseTo(fixedPointVariance(sd[a], 1.0, 1.0, gamma), within(2e-3 * sd[a] * sd[a]));
        }
        assertThat(tEff).isGreaterThan(1.0);
        for (double m : r.trace().column("mass")) {
            assertThat(m).isCloseTo(1.0, within(1e-12));
        }
        assertThat(r.draws().draws()).isEqualTo(100);
        assertThat(r.method()).isEqualTo("jko");
    }

    @Test
    void settingsAreValidated() {
        assertThatThrownBy(() -> EntropicJko.Settings.defaults().withGamma(0)).hasMessage("gamma must be positive and finite, got 0.0");
        Target t = Fixtures.gaussian(new double[1], new double[] {1});
        EntropicJko bad = new EntropicJko(EntropicJko.Settings.defaults().withGamma(10).withCompensate(true)
                .withGrid(GridSettings.defaults().withBox(Box.cube(1, -4, 4)).withCells(50).withTime(1).withSteps(2)));
        assertThatThrownBy(() -> Run.of(t, bad).execute()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("compensate: the entropic diffusion γ/(4τ) = 5.0 is not below the temperature 1.0");
    }
}
