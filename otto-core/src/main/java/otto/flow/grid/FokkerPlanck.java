package otto.flow.grid;

import java.util.LinkedHashMap;
import java.util.Map;
import otto.flow.Flow;
import otto.flow.FlowState;
import otto.flow.MemoryEstimate;
import otto.flow.Monitors;
import otto.flow.RunContext;
import otto.model.Target;

/**
 * The Fokker–Planck equation {@code ∂ρ = TΔρ + ∇·(ρ∇V)} solved on a grid in 1, 2 or 3
 * dimensions: finite volumes with Scharfetter–Gummel fluxes and implicit Euler steps
 * ({@link FokkerPlanckSolver}), {@code V = -log π̃} from the target at the cell centres. No
 * sampling noise: the density at every step, and its free energy exactly (on the grid) at every
 * recorded step.
 *
 * <p>The box, the final time and the start are chosen as {@link GridSetup} describes unless
 * given. A step whose linear solve does not converge, gives a non-finite value or changes the mass
 * by more than {@value FokkerPlanckSolver#MASS_DEFECT_LIMIT} (relatively) is counted as a fault
 * and redone as two steps of half the length (recursively, at most
 * {@value GridState#MAX_HALVINGS} halvings, then the run fails). The trace records the free
 * energy, the KL divergence to the discrete posterior ({@code kl}), the mass, the time, the
 * conjugate-gradient iterations per step, the positivity repairs and the largest relative mass
 * defect of the solves since the last record. The draws are independent draws from the final
 * density (a cell by its mass, then uniformly in the cell), laid out as {@code chains} chains.
 */
public final class FokkerPlanck implements Flow {
    /** Default cells per axis in 1, 2 and 3 dimensions. */
    static final int[] DEFAULT_CELLS = {1024, 256, 48};

    /**
     * Settings of the Fokker–Planck solver.
     *
     * @param grid           the settings both grid methods share
     * @param tolerance      the factor by which a step's conjugate-gradient solve reduces its
     *                       preconditioned residual, in (0, 1) (2-D and 3-D; 1-D is solved directly)
     * @param maxIterations  the most conjugate-gradient iterations per step (≥ 1)
     * @param preconditioner Jacobi, multigrid, or automatic (multigrid when {@code TΔt/Δx² > 12})
     */
    public record Settings(GridSettings grid, double tolerance, int maxIterations,
                           FokkerPlanckSolver.Preconditioner preconditioner) {
        public Settings {
            if (grid == null) {
                throw new IllegalArgumentException("grid settings must be given");
            }
            if (!(tolerance > 0 && tolerance < 1)) {
                throw new IllegalArgumentException("tolerance must be in (0, 1), got " + tolerance);
            }
            if (maxIterations < 1) {
                throw new IllegalArgumentException("max iterations must be at least 1, got " + maxIterations);
            }
            if (preconditioner == null) {
                throw new IllegalArgumentException("preconditioner must be given");
            }
        }

        /** {@link GridSettings#defaults()}, tolerance 1e-10, at most 10 000 iterations, automatic preconditioner. */
        public static Settings defaults() {
            return new Settings(GridSettings.defaults(), 1e-10, 10_000, FokkerPlanckSolver.Preconditioner.AUTO);
        }

        public Settings withGrid(GridSettings v) {
            return new Settings(v, tolerance, maxIterations, preconditioner);
        }

        public Settings withTolerance(double v) {
            return new Settings(grid, v, maxIterations, preconditioner);
        }

        public Settings withMaxIterations(int v) {
            return new Settings(grid, tolerance, v, preconditioner);
        }

        public Settings withPreconditioner(FokkerPlanckSolver.Preconditioner v) {
            return new Settings(grid, tolerance, maxIterations, v);
        }
    }

    private final Settings settings;

    public FokkerPlanck(Settings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return "fokker-planck";
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> m = GridFlows.settings(settings.grid(), DEFAULT_CELLS);
        m.put("tolerance", settings.tolerance());
        m.put("max_iterations", settings.maxIterations());
        m.put("preconditioner", settings.preconditioner().name().toLowerCase(java.util.Locale.ROOT));
        return m;
    }

    @Override
    public MemoryEstimate memory(int dimension) {
        // 1-D: the potential, π, the weights, the density, the next one and the direct solve's two
        // sweeps; 2-D and 3-D also conjugate gradients' five vectors, the Jacobi diagonal, the
        // right-hand side and multigrid's coarser levels and transfers (measured: the solver after a
        // step holds 25 values per cell in 2-D and 21 in 3-D, 4 and 2 more than the earlier
        // aggregation cycle's; a whole run held some 26 in 2-D with that one)
        return GridFlows.memory(settings.grid(), DEFAULT_CELLS, dimension, dimension == 1 ? 8 : 28);
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
        private final FokkerPlanckSolver solver;
        private long iterations;
        private long steps;
        private int maxIterations;
        private long totalIterations;
        private long repaired;
        private double massDefect;
        private boolean usedMultigrid;
        private final int maxCg;

        State(Target target, RunContext context, Settings s) {
            super(target, context, s.grid(), DEFAULT_CELLS);
            this.solver = new FokkerPlanckSolver(potential, temperature, context.parallel(), s.preconditioner(),
                    s.tolerance(), s.maxIterations());
            this.maxCg = s.maxIterations();
            begin(solver::active);
        }

        @Override
        Failure attempt(double[] from, double h, double[] to, int iteration, boolean lastResort) {
            FokkerPlanckSolver.Step st = solver.step(from, h, to);
            if (st.fellBack()) {
                context.fault("multigrid_not_converged", iteration, -1, "step " + (iteration + 1) + " (Δt = " + h
                        + "): the multigrid-preconditioned solve failed; redone with the Jacobi preconditioner, kept for the"
                        + " rest of the run");
            }
            iterations += st.iterations();
            totalIterations += st.iterations();
            maxIterations = Math.max(maxIterations, st.iterations());
            if (!st.converged()) {
                String at = "step " + (iteration + 1) + " (Δt = " + h + "): ";
                if (Double.isFinite(st.massDefect())) {
                    return new Failure("mass_not_conserved", at + "the solve changed the mass by a relative " + st.massDefect()
                            + " after " + st.iterations() + " conjugate-gradient iterations");
                }
                if (st.iterations() < maxCg || !Double.isFinite(st.residual())) {
                    return new Failure("non_finite_density", at + "the solve broke down or gave a non-finite value"
                            + (st.iterations() > 0 ? " after " + st.iterations() + " conjugate-gradient iterations" : ""));
                }
                return new Failure("cg_not_converged", at + "conjugate gradients stopped after " + st.iterations()
                        + " iterations at relative residual " + st.residual());
            }
            steps++;
            repaired += st.repaired();
            massDefect = Math.max(massDefect, Math.abs(st.massDefect()));
            usedMultigrid |= st.multigrid();
            return null;
        }

        @Override
        void saveOwn(otto.flow.StateWriter out) throws java.io.IOException {
            out.writeLong(iterations);
            out.writeLong(steps);
            out.writeInt(maxIterations);
            out.writeLong(totalIterations);
            out.writeLong(repaired);
            out.writeDouble(massDefect);
            out.writeBoolean(usedMultigrid);
            out.writeBoolean(solver.multigridFailed());
        }

        @Override
        void restoreOwn(otto.flow.StateReader in) throws java.io.IOException {
            iterations = in.readLong();
            steps = in.readLong();
            maxIterations = in.readInt();
            totalIterations = in.readLong();
            repaired = in.readLong();
            massDefect = in.readDouble();
            usedMultigrid = in.readBoolean();
            solver.multigridFailed(in.readBoolean());
        }

        @Override
        void monitors(Monitors m) {
            m.put("cg_iterations", steps == 0 ? 0.0 : (double) iterations / steps);
            m.put("positivity_repairs", repaired);
            m.put("mass_defect", massDefect);
            iterations = 0;
            steps = 0;
            repaired = 0;
            massDefect = 0.0;
        }

        @Override
        void describe(Map<String, Object> m) {
            m.put("solver", grid.dimension() == 1 ? "tridiagonal (direct)"
                    : "conjugate gradients, " + (usedMultigrid ? "multigrid" : "jacobi") + " preconditioner");
            m.put("cg_iterations_total", totalIterations);
            m.put("cg_iterations_max", maxIterations);
            m.put("cells_cut_off", solver.cutOff());
        }
    }
}
