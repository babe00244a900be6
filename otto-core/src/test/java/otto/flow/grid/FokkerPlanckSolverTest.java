package otto.flow.grid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import otto.flow.Parallel;
import otto.flow.grid.FokkerPlanckSolver.Preconditioner;

/**
 * The scheme's structural properties and its exact solutions: mass, positivity and free-energy
 * descent at every step for any Δt; the Ornstein–Uhlenbeck process and the heat equation, with
 * the observed orders of convergence; the relaxation rate.
 */
class FokkerPlanckSolverTest {

    /**
     * Random smooth multi-well potentials and random starts; 1-, 2- and 3-D; the direct 1-D solve
     * and conjugate gradients with both preconditioners; time steps from 1e-3 to 1e6.
     */
    @ParameterizedTest(name = "seed {0}, d = {1}, {2} cells, dt = {3}, {4}")
    @CsvSource({
        "1, 1, 300, 0.001, AUTO",
        "2, 1, 300, 0.1, AUTO",
        "3, 1, 300, 1e6, AUTO",
        "4, 2, 40, 0.01, JACOBI",
        "5, 2, 64, 0.1, MULTIGRID",
        "6, 2, 64, 1e6, MULTIGRID",
        "7, 2, 48, 1e6, JACOBI",
        "8, 3, 14, 0.05, JACOBI",
        "9, 3, 16, 1.0, MULTIGRID",
        "10, 3, 16, 1e6, MULTIGRID",
    })
    void massPositivityAndFreeEnergyDescentAtEveryStep(long seed, int d, int cells, double dt, Preconditioner pre) {
        Grid g = Grid.uniform(Box.cube(d, -5, 5), cells);
        ToDoubleFunction<double[]> logPi = Fixtures.randomLogDensity(seed, d);
        Potential v = Fixtures.potential(g, logPi);
        double[] rho = Fixtures.density(g, Fixtures.randomStart(seed, d));
        FokkerPlanckSolver s = new FokkerPlanckSolver(v, 1.0, Parallel.serial(), pre, 1e-10, 20_000);
        double[] next = new double[rho.length];
        double f = Functionals.freeEnergy(g, rho, v);
        for (int k = 0; k < 15; k++) {
            FokkerPlanckSolver.Step st = s.step(rho, dt, next);
            assertThat(st.converged()).as("step %d: %s", k, st).isTrue();
            double[] t = rho;
            rho = next;
            next = t;
            assertThat(Functionals.mass(g, rho)).as("mass at step %d", k).isCloseTo(1.0, within(1e-12));
            for (double r : rho) {
                assertThat(r).as("density at step %d", k).isPositive();
            }
            double fNext = Functionals.freeEnergy(g, rho, v);
            double rounding = Fixtures.freeEnergyRounding(g, rho, v) + Fixtures.freeEnergyRounding(g, next, v);
            assertThat(fNext).as("free energy at step %d", k).isLessThanOrEqualTo(f + rounding);
            f = fNext;
        }
        if (dt >= 1e6) {
            // one step of a huge Δt lands on the discrete posterior: KL(ρ‖π_h) at rounding level
            assertThat(Functionals.kl(g, rho, v)).isLessThan(1e-9);
        }
    }

    /** The discrete posterior is exactly stationary. */
    @Test
    void theDiscretePosteriorIsStationary() {
        Grid g = Grid.uniform(Box.cube(2, -4, 4), 50);
        Potential v = Fixtures.potential(g, Fixtures.randomLogDensity(11, 2));
        double[] pi = v.stationary();
        double[] next = new double[pi.length];
        new FokkerPlanckSolver(v, 1.0, Parallel.serial(), Preconditioner.AUTO, 1e-12, 10_000).step(pi, 0.3, next);
        assertThat(Functionals.totalVariation(g, next, pi)).isLessThan(1e-12);
    }

    /** Conjugate gradients and the direct solve agree in 1-D. */
    @Test
    void iterativeAndDirectSolvesAgreeIn1d() {
        Grid g = Grid.uniform(Box.cube(1, -6, 6), 400);
        Potential v = Fixtures.potential(g, Fixtures.randomLogDensity(3, 1));
        double[] rho = Fixtures.density(g, Fixtures.randomStart(3, 1));
        double[] a = new double[rho.length];
        double[] b = new double[rho.length];
        new FokkerPlanckSolver(v, 1.0, Parallel.serial(), Preconditioner.AUTO, 1e-10, 10_000).step(rho, 0.05, a);
        new FokkerPlanckSolver(v, 1.0, Parallel.serial(), Preconditioner.JACOBI, 1e-12, 10_000, true).step(rho, 0.05, b);
        assertThat(Functionals.totalVariation(g, a, b)).isLessThan(1e-9);
    }

    /**
     * Ornstein–Uhlenbeck, {@code V = (x - m)²/(2σ²)} from {@code N(μ₀, s₀²)}: the law stays
     * Gaussian with mean {@code m + (μ₀ - m)e^{-t/σ²}} and variance
     * {@code σ² + (s₀² - σ²)e^{-2t/σ²}}.
     */
    static double[] ouMoments(double t, double m, double sigma, double mu0, double s0) {
        double e = Math.exp(-t / (sigma * sigma));
        return new double[] {m + (mu0 - m) * e, sigma * sigma + (s0 * s0 - sigma * sigma) * e * e};
    }

    /** The density after time T from {@code N(μ₀, s₀²)} on a 1-D grid of n cells with steps of dt. */
    static double[] solve1d(int n, double dt, double time, double lo, double hi, double m, double sigma, double mu0,
                            double s0, boolean heat) {
        Grid g = Grid.uniform(Box.cube(1, lo, hi), n);
        Potential v = Fixtures.potential(g, x -> heat ? 0.0 : -0.5 * Math.pow((x[0] - m) / sigma, 2));
        double[] rho = Fixtures.density(g, Fixtures.bump(new double[] {mu0}, new double[] {s0}));
        FokkerPlanckSolver s = new FokkerPlanckSolver(v, 1.0, Parallel.serial(), Preconditioner.AUTO, 1e-10, 10_000);
        double[] next = new double[n];
        int steps = (int) Math.round(time / dt);
        for (int k = 0; k < steps; k++) {
            s.step(rho, dt, next);
            double[] t = rho;
            rho = next;
            next = t;
        }
        return rho;
    }

    /** The mean and variance of {@link #solve1d}. */
    static double[] solveOu1d(int n, double dt, double time, double lo, double hi, double m, double sigma, double mu0,
                              double s0, boolean heat) {
        Grid g = Grid.uniform(Box.cube(1, lo, hi), n);
        double[] rho = solve1d(n, dt, time, lo, hi, m, sigma, mu0, s0, heat);
        return new double[] {Fixtures.mean(g, rho, 0), Fixtures.variance(g, rho, 0)};
    }

    /** Total variation on the grid between {@link #solve1d} and the exact Gaussian {@code N(mean, var)} at the centres. */
    static double tvToGaussian(int n, double lo, double hi, double[] rho, double mean, double var) {
        Grid g = Grid.uniform(Box.cube(1, lo, hi), n);
        double[] exact = new double[n];
        for (int i = 0; i < n; i++) {
            double z = g.centre(i, 0) - mean;
            exact[i] = Math.exp(-0.5 * z * z / var) / Math.sqrt(2 * Math.PI * var);
        }
        return Functionals.totalVariation(g, rho, exact);
    }

    /**
     * At every time the mean and variance are those of the exact solution as implicit Euler in
     * time leaves them: the moment equations of OU close, so the time-discrete, space-continuous
     * scheme has {@code mean_k - m = (μ₀ - m)(1 + Δt/σ²)^{-k}} and
     * {@code E(x - m)²_k - σ² = (E(x - m)²_0 - σ²)(1 + 2Δt/σ²)^{-k}} exactly, and what is left is
     * the spatial error. At Δx = 0.005 that is below {@code 4.2e-3 (Δx/0.25)² ≈ 2e-6} (the error
     * measured at Δx = 0.25 in {@link #secondOrderInSpace}, scaled at the order verified there);
     * asserted to 1e-5. The distance to the exact moments is the time error, first order (below).
     */
    @Test
    void ornsteinUhlenbeckHasTheExactMomentsAtEveryTime() {
        double m = 0.5;
        double sigma = 0.8;
        double mu0 = -1.5;
        double s0 = 0.5;
        double h = 0.002;
        for (double t : new double[] {0.1, 0.5, 1.0, 3.0}) {
            double[] got = solveOu1d(2000, h, t, -5, 5, m, sigma, mu0, s0, false);
            int k = (int) Math.round(t / h);
            double meanIe = m + (mu0 - m) * Math.pow(1 + h / (sigma * sigma), -k);
            double second = sigma * sigma + (s0 * s0 + (mu0 - m) * (mu0 - m) - sigma * sigma) * Math.pow(1 + 2 * h / (sigma * sigma), -k);
            double varIe = second - (meanIe - m) * (meanIe - m);
            assertThat(got[0]).as("mean at t = %s", t).isCloseTo(meanIe, within(1e-5));
            assertThat(got[1]).as("variance at t = %s", t).isCloseTo(varIe, within(1e-5));
            double[] exact = ouMoments(t, m, sigma, mu0, s0);
            assertThat(Math.abs(got[1] - exact[1])).as("time error at t = %s", t).isLessThan(0.01);
        }
    }

    /**
     * First order in Δt: with Δx = 0.01 (spatial error about 1e-5, a hundredth of the smallest
     * time error), the errors at Δt = 0.04, 0.02, 0.01 halve. Expanding implicit Euler,
     * {@code e(Δt) = C₁Δt + C₂Δt²} with {@code |C₂/C₁| ≲ 1} here, so the observed orders
     * {@code log₂(e(2h)/e(h))} are within {@code 2h/ln 2 ≈ 0.1} of 1. For Ornstein–Uhlenbeck the
     * errors are those of the mean and the variance; for the heat equation (V = 0) implicit Euler
     * keeps the mean and adds exactly 2Δt to the variance at every step (the discrete Laplacian's
     * second moment), so the error is measured on the density itself: its total-variation distance
     * to the exact Gaussian at the cell centres.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"ornstein-uhlenbeck, false", "heat equation, true"})
    void firstOrderInTime(String what, boolean heat) {
        double[] dts = {0.04, 0.02, 0.01};
        double[][] err = new double[3][];
        double mu0 = -1.0;
        double s0 = 0.5;
        for (int k = 0; k < 3; k++) {
            if (heat) {
                double[] rho = solve1d(2400, dts[k], 1.0, -12, 12, 0, 1, mu0, s0, true);
                err[k] = new double[] {tvToGaussian(2400, -12, 12, rho, mu0, s0 * s0 + 2.0)};
            } else {
                double[] got = solveOu1d(1000, dts[k], 1.0, -5, 5, 0, 1, mu0, s0, false);
                double[] exact = ouMoments(1.0, 0, 1, mu0, s0);
                err[k] = new double[] {Math.abs(got[0] - exact[0]), Math.abs(got[1] - exact[1])};
            }
        }
        for (int j = 0; j < err[0].length; j++) {
            assertThat(log2(err[0][j] / err[1][j])).as("observed order %d", j).isCloseTo(1.0, within(0.1));
            assertThat(log2(err[1][j] / err[2][j])).as("observed order %d", j).isCloseTo(1.0, within(0.1));
        }
        if (heat) {
            // and the moments are exact in time (and space) for the heat equation
            double[] got = solveOu1d(2400, 0.04, 1.0, -12, 12, 0, 1, mu0, s0, true);
            assertThat(got[0]).isCloseTo(mu0, within(1e-9));
            assertThat(got[1]).isCloseTo(s0 * s0 + 2.0, within(1e-9));
        }
    }

    /**
     * Second order in Δx: with Δt = 2e-5 (time error about 3e-6, a fiftieth of the smallest
     * spatial error), the errors at Δx = 0.25, 0.125, 0.0625 fall by 4: observed orders within
     * 0.1 of 2 (the next term is {@code O(Δx⁴)}, relatively {@code (Δx/σ)² ≤ 0.06} here). Errors of
     * the OU mean and variance; for the heat equation, of the density (see above).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"ornstein-uhlenbeck, false", "heat equation, true"})
    void secondOrderInSpace(String what, boolean heat) {
        int[] cells = heat ? new int[] {96, 192, 384} : new int[] {40, 80, 160};
        double lo = heat ? -12 : -5;
        double hi = -lo;
        double mu0 = 0.3;
        double s0 = 0.5;
        double[][] err = new double[3][];
        for (int k = 0; k < 3; k++) {
            if (heat) {
                double[] rho = solve1d(cells[k], 2e-5, 0.5, lo, hi, 0, 1, mu0, s0, true);
                err[k] = new double[] {tvToGaussian(cells[k], lo, hi, rho, mu0, s0 * s0 + 1.0)};
            } else {
                double[] got = solveOu1d(cells[k], 2e-5, 0.5, lo, hi, 0, 1, mu0, s0, false);
                double[] exact = ouMoments(0.5, 0, 1, mu0, s0);
                err[k] = new double[] {Math.abs(got[0] - exact[0]), Math.abs(got[1] - exact[1])};
            }
        }
        for (int j = 0; j < err[0].length; j++) {
            assertThat(log2(err[0][j] / err[1][j])).as("observed order %d", j).isCloseTo(2.0, within(0.1));
            assertThat(log2(err[1][j] / err[2][j])).as("observed order %d", j).isCloseTo(2.0, within(0.1));
        }
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
