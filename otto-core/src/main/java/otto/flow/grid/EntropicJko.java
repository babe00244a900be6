package otto.flow.grid;

import java.util.Map;
import otto.flow.Flow;
import otto.flow.FlowState;
import otto.flow.MemoryEstimate;
import otto.flow.Monitors;
import otto.flow.RunContext;
import otto.model.Target;

/**
 * The entropic JKO scheme (Peyré 2015) on a grid in 1, 2 or 3 dimensions: each step of length τ
 * is {@code ρ_{k+1} = argmin W²_γ(ρ_k, ρ)/(2τ) + F(ρ)}, computed by KL-proximal Sinkhorn-type
 * iterations with the Gibbs kernel applied as 1-D convolutions ({@link EntropicJkoSolver}).
 *
 * <p>The entropic regularisation adds diffusion: the scheme follows the Fokker–Planck equation at
 * the effective temperature {@code T + γ/(4τ)} (see {@link EntropicJkoSolver}). The default
 * {@code γ = max(0.04 τ, Δx²)} keeps that extra term at 1 % of the diffusion when the grid
 * resolves it, and at {@code Δx²/(4τ)} otherwise — a γ below {@code Δx²} leaves the Gibbs kernel
 * unresolved by the grid and mass nearly pinned to its cells (the iterations then need hundreds
 * of times longer and the flow crawls). {@code compensate} removes the extra term by running the
 * proximal map at temperature {@code T - γ/(4τ)}. The run reports γ, the extra diffusion and the
 * effective temperature; the trace records the free energy, the KL divergence to the discrete
 * posterior, the mass, the time, the free energy at the effective temperature
 * ({@code free_energy_effective}), the Sinkhorn iterations per step and the largest marginal error.
 *
 * <p><b>What decreases.</b> The scheme is the gradient flow of the free energy at its effective
 * temperature, {@code F_eff = ∫ρV + (T + γ/(4τ))∫ρ log ρ}, and that is what falls at every step
 * (observed on every test case; for finite γ it is not a theorem). The free energy F itself falls
 * while ρ is far from equilibrium, but its minimiser is π, not the effective stationary state, so
 * once ρ is within {@code O(γ/τ)} of equilibrium F may rise by a little, towards
 * {@code F(π_eff) > F(π)}; with {@code compensate} the effective temperature is T and F_eff is F.
 * A step whose iterations do not converge is counted as a fault and redone as two half steps
 * (same γ); at the deepest retry the last iterate is accepted (it is a positive density of the
 * exact mass whose first marginal misses ρ_k by the reported error).
 */
public final class EntropicJko implements Flow {
    /** Default cells per axis in 1, 2 and 3 dimensions. */
    static final int[] DEFAULT_CELLS = {512, 128, 48};

    /**
     * Settings of the entropic JKO scheme.
     *
     * @param grid          the settings both grid methods share
     * @param gamma         the entropic regularisation γ, or NaN for {@code max(0.04 τ, Δx_max²)}
     * @param tolerance     the first-marginal error (in total mass) at which a step's iterations stop
     * @param maxIterations the most iterations per step
     * @param compensate    run the proximal map at {@code T - γ/(4τ)} so that the effective
     *                      temperature is T
     */
    public record Settings(GridSettings grid, double gamma, double tolerance, int maxIterations, boolean compensate) {
        public Settings {
            if (grid == null) {
                throw new IllegalArgumentException("grid settings must be given");
            }
            if (!Double.isNaN(gamma) && !(gamma > 0 && Double.isFinite(gamma))) {
                throw new IllegalArgumentException("gamma must be positive and finite, got " + gamma);
            }
            if (!(tolerance > 0 && tolerance < 1)) {
                throw new IllegalArgumentException("tolerance must be in (0, 1), got " + tolerance);
            }
            if (maxIterations < 1) {
                throw new IllegalArgumentException("max iterations must be at least 1, got " + maxIterations);
            }
        }

        /** {@link GridSettings#defaults()} with 50 steps, automatic γ, tolerance 1e-9, at most 20 000 iterations. */
        public static Settings defaults() {
            return new Settings(GridSettings.defaults().withSteps(50), Double.NaN, 1e-9, 20_000, false);
        }

        public Settings withGrid(GridSettings v) {
            return new Settings(v, gamma, tolerance, maxIterations, compensate);
        }

        public Settings withGamma(double v) {
            return new Settings(grid, v, tolerance, maxIterations, compensate);
        }

        public Settings withTolerance(double v) {
            return new Settings(grid, gamma, v, maxIterations, compensate);
        }

        public Settings withMaxIterations(int v) {
            return new Settings(grid, gamma, tolerance, v, compensate);
        }

        public Settings withCompensate(boolean v) {
            return new Settings(grid, gamma, tolerance, maxIterations, v);
        }
    }

    private final Settings settings;

    public EntropicJko(Settings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return "jko";
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> m = GridFlows.settings(settings.grid(), DEFAULT_CELLS);
        m.put("gamma", Double.isNaN(settings.gamma()) ? "max(0.04 dt, dx^2)" : settings.gamma());
        m.put("tolerance", settings.tolerance());
        m.put("max_iterations", settings.maxIterations());
        m.put("compensate", settings.compensate());
        return m;
    }

    @Override
    public MemoryEstimate memory(int dimension) {
        // the potential, the density, the next one, the Sinkhorn scalings and their work buffers, the
        // kernel's line buffers and the step's four transient arrays
        return GridFlows.memory(settings.grid(), DEFAULT_CELLS, dimension, 14);
    }

    @Override
    public int iterations() {
        return settings.grid().iterations();
    }

    @Override
    public FlowState start(Target target, RunContext context) {
        return new State(target, context, settings);
    }

    private static final class State extends GridState {
        private final EntropicJkoSolver solver;
        private final double gamma;
        private final boolean compensate;
        private long iterations;
        private long steps;
        private long totalIterations;
        private int maxIterations;
        private double marginalError;
        private long accepted;

        State(Target target, RunContext context, Settings s) {
            super(target, context, s.grid(), DEFAULT_CELLS);
            this.solver = new EntropicJkoSolver(potential, temperature, context.parallel(), s.tolerance(), s.maxIterations());
            double h = 0.0;
            for (int a = 0; a < grid.dimension(); a++) {
                h = Math.max(h, grid.spacing(a));
            }
            this.gamma = Double.isNaN(s.gamma()) ? Math.max(0.04 * dt, h * h) : s.gamma();
            this.compensate = s.compensate();
            if (compensate && !(gamma / (4 * dt) < temperature)) {
                throw new IllegalArgumentException("compensate: the entropic diffusion γ/(4τ) = " + gamma / (4 * dt)
                        + " is not below the temperature " + temperature + "; use a smaller gamma or fewer, longer steps");
            }
            begin(solver::active);
        }

        @Override
        Failure attempt(double[] from, double h, double[] to, int iteration, boolean lastResort) {
            EntropicJkoSolver.Step st = solver.step(from, h, gamma, compensate, to);
            iterations += st.iterations();
            totalIterations += st.iterations();
            maxIterations = Math.max(maxIterations, st.iterations());
            boolean usable = !Double.isNaN(st.massDefect());
            if (!st.converged() && !(lastResort && usable)) {
                return new Failure(usable ? "sinkhorn_not_converged" : "non_finite_density", "step " + (iteration + 1) + " (τ = " + h
                        + "): " + (usable ? "the iterations stopped after " + st.iterations() + " with marginal error "
                        + st.marginalError() : "the iterations gave a non-finite value"));
            }
            if (!st.converged()) {
                accepted++;
                context.fault("sinkhorn_not_converged", iteration, -1, "step " + (iteration + 1) + " (τ = " + h
                        + "): accepted after " + st.iterations() + " iterations with marginal error " + st.marginalError());
            }
            steps++;
            marginalError = Math.max(marginalError, st.marginalError());
            return null;
        }

        @Override
        void saveOwn(otto.flow.StateWriter out) throws java.io.IOException {
            out.writeLong(iterations);
            out.writeLong(steps);
            out.writeLong(totalIterations);
            out.writeInt(maxIterations);
            out.writeDouble(marginalError);
            out.writeLong(accepted);
            solver.save(out);
        }

        @Override
        void restoreOwn(otto.flow.StateReader in) throws java.io.IOException {
            iterations = in.readLong();
            steps = in.readLong();
            totalIterations = in.readLong();
            maxIterations = in.readInt();
            marginalError = in.readDouble();
            accepted = in.readLong();
            solver.restore(in);
        }

        @Override
        void monitors(Monitors m) {
            m.put("free_energy_effective", Functionals.freeEnergy(grid, rho, potential, effectiveTemperature()));
            m.put("sinkhorn_iterations", steps == 0 ? 0.0 : (double) iterations / steps);
            m.put("marginal_error", marginalError);
            iterations = 0;
            steps = 0;
            marginalError = 0.0;
        }

        private double effectiveTemperature() {
            return compensate ? temperature : temperature + gamma / (4 * dt);
        }

        @Override
        void describe(Map<String, Object> m) {
            m.put("gamma", gamma);
            double extra = gamma / (4 * dt);
            m.put("entropic_extra_diffusion", compensate ? 0.0 : extra);
            m.put("effective_temperature", compensate ? temperature : temperature + extra);
            m.put("kl_to_effective_posterior", Functionals.kl(grid, rho, potential, effectiveTemperature()));
            m.put("sinkhorn_iterations_total", totalIterations);
            m.put("sinkhorn_iterations_max", maxIterations);
            m.put("steps_accepted_unconverged", accepted);
        }
    }
}
