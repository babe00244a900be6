package otto.bench;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import otto.flow.Parallel;
import otto.flow.grid.Box;
import otto.flow.grid.FokkerPlanckSolver;
import otto.flow.grid.Functionals;
import otto.flow.grid.Grid;
import otto.flow.grid.Potential;

/**
 * One implicit Fokker–Planck step (Scharfetter–Gummel, {@code FokkerPlanckSolver.step}) of an
 * Ornstein–Uhlenbeck potential {@code V = |x|²/2} on {@code [-6, 6]^d} from {@code N(1, ½²)} per
 * axis, with the time step of a default run ({@code Δt = 8σ²/200 = 0.04}): 1-D with 10⁶ cells
 * (direct tridiagonal solve), 2-D with 1024² and 3-D with 128³ (conjugate gradients, Jacobi or
 * multigrid preconditioner), on {@code threads} threads (1 unless told). Cell updates per second = cells / (seconds per step);
 * the setup prints the iterations one step takes, to turn the step time into a time per
 * iteration. Compare with {@link StreamBenchmark}.
 *
 * <pre>java -jar otto-bench/target/benchmarks.jar FokkerPlanck -f 1 -wi 2 -i 3 -w 1 -r 1</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class FokkerPlanckBenchmark {
    @Param({"1d", "2d-jacobi", "2d-multigrid", "3d-jacobi", "3d-multigrid"})
    String grid;

    @Param({"0.04"})
    double dt;

    @Param({"1"})
    int threads;

    ExecutorService pool;

    FokkerPlanckSolver solver;
    double[] rho;
    double[] out;

    @Setup
    public void setup() {
        int d = grid.charAt(0) - '0';
        int cells = d == 1 ? 1_000_000 : d == 2 ? 1024 : 128;
        FokkerPlanckSolver.Preconditioner pre = grid.endsWith("multigrid") ? FokkerPlanckSolver.Preconditioner.MULTIGRID
                : FokkerPlanckSolver.Preconditioner.JACOBI;
        Grid g = Grid.uniform(Box.cube(d, -6, 6), cells);
        double[] v = new double[g.size()];
        rho = new double[g.size()];
        double[] x = new double[d];
        for (int i = 0; i < v.length; i++) {
            g.centre(i, x);
            double q = 0;
            double s = 0;
            for (double c : x) {
                q += 0.5 * c * c;
                s += 2 * (c - 1) * (c - 1);
            }
            v[i] = q;
            rho[i] = Math.exp(-s);
        }
        double m = Functionals.mass(g, rho);
        for (int i = 0; i < rho.length; i++) {
            rho[i] /= m;
        }
        Parallel parallel = Parallel.serial();
        if (threads > 1) {
            pool = Executors.newFixedThreadPool(threads);
            parallel = Parallel.of(pool, threads);
        }
        solver = new FokkerPlanckSolver(Potential.of(g, v), 1.0, parallel, pre, 1e-10, 100_000);
        out = new double[g.size()];
        FokkerPlanckSolver.Step s = solver.step(rho, dt, out);
        System.err.printf("%n%s: %d cells, Δt/Δx² = %.4g, %d iterations per step, converged %s%n", grid, g.size(),
                dt / (g.spacing(0) * g.spacing(0)), s.iterations(), s.converged());
    }

    @TearDown
    public void tearDown() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    @Benchmark
    public FokkerPlanckSolver.Step step() {
        return solver.step(rho, dt, out);
    }
}
