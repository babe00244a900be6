package otto.flow.grid;

import java.util.Arrays;
import otto.flow.Parallel;

/**
 * Implicit Euler steps of the Fokker–Planck equation {@code ∂ρ = TΔρ + ∇·(ρ∇V)} on a grid with
 * no-flux boundaries, by the symmetrised Scharfetter–Gummel finite-volume scheme (DESIGN §2).
 *
 * <p>With {@code π_i = exp(-(V_i - min V)/T)} and {@code u = ρ/π}, the flux between neighbours i,
 * j at spacing Δx is {@code J_ij = -(T w_ij/Δx)(u_j - u_i)}, {@code w_ij = π_i B((V_j - V_i)/T)},
 * {@code B(z) = z/expm1(z)}; {@code w_ij = w_ji}. A step of length Δt solves
 *
 * <pre>  (diag(π) + Σ_a (TΔt/Δx_a²) L_a) u⁺ = ρ,    ρ⁺ = π u⁺,</pre>
 *
 * an SPD M-matrix system: the exact solution conserves mass, is positive and does not increase the
 * discrete free energy, for every Δt. In 1-D it is solved directly (tridiagonal elimination,
 * written so that every operation adds positive numbers: exact to rounding for any Δt); in 2-D and
 * 3-D by conjugate gradients, matrix-free, preconditioned by the diagonal (Jacobi) or by an
 * multigrid cycle ({@code Multigrid}), stopping when the residual in density units ({@code Σ|r_i|}, a
 * bound on the mass the solve misplaces) has fallen to {@code tolerance} times the step's first
 * residual or the mass, whichever is smaller. After an iterative solve, the
 * (rare, tiny, far-tail) cells where the inexact {@code u⁺} is not positive are repaired by a local
 * Jacobi update that keeps the M-matrix's positivity, and ρ⁺ is rescaled to the exact mass; the
 * repairs and the relative mass defect before rescaling are reported with each step.
 *
 * <p>Cells with {@code (V - min V)/T > }{@value #CUTOFF} — stationary density below
 * {@code e^-100} of the peak — are treated as outside the support like cells with {@code V = +∞}:
 * {@code π = 0}, no flux, density 0. This bounds the range of {@code u = ρ/π}: conjugate gradients
 * weigh cells by {@code ρ²/π}, and with cells of {@code π} down to {@code e^-400} the bulk fell
 * below the rounding of the inner products and multigrid-preconditioned CG stalled (on a banana
 * started from a wide Gaussian); a Gaussian target on the default box (± 6 sd) has no cell above
 * {@code 18d ≤ 54}.
 *
 * <p>With {@link Preconditioner#AUTO}, a step whose multigrid-preconditioned solve fails is redone
 * with the Jacobi preconditioner, which the solver then keeps ({@link Step#fellBack()}).
 */
public final class FokkerPlanckSolver {
    /** Cells this far above the potential's minimum (over T) are treated as outside the support. */
    public static final double CUTOFF = 100.0;
    /** A solve whose mass is off by more than this (relatively) before rescaling has failed. */
    public static final double MASS_DEFECT_LIMIT = 1e-8;
    /** {@link Preconditioner#AUTO} takes multigrid above this {@code TΔt/Δx²}. */
    public static final double AUTO_MULTIGRID_ABOVE = 12.0;

    /** How the linear systems of 2-D and 3-D steps are preconditioned. */
    public enum Preconditioner {
        /** The diagonal: cheapest per iteration, iterations grow like {@code √(Δt)/Δx}. */
        JACOBI,
        /** A multigrid cycle: iterations nearly independent of Δt and Δx. */
        MULTIGRID,
        /**
         * Jacobi when {@code TΔt/Δx² ≤ 12}, multigrid above: Jacobi takes up to about
         * {@code 25√(TΔt/Δx²)} iterations, multigrid 6–12 on smooth targets at any Δt (up to about
         * 40 on a sharply curved one), each about 7 times the cost of a Jacobi iteration; at 512²
         * the two cost the same near {@code TΔt/Δx² = 12–25} (docs/performance.md).
         */
        AUTO;

        /** Parses {@code jacobi}, {@code multigrid} or {@code auto}. */
        public static Preconditioner parse(String s) {
            for (Preconditioner p : values()) {
                if (p.name().equalsIgnoreCase(s.trim())) {
                    return p;
                }
            }
            throw new IllegalArgumentException("unknown preconditioner '" + s + "'; use jacobi, multigrid or auto");
        }
    }

    /**
     * What one step did.
     *
     * @param iterations  conjugate-gradient iterations (0 for the direct 1-D solve)
     * @param converged   whether the solve reached its tolerance and produced finite values
     * @param residual    the final residual {@code Σ|r_i|} relative to the first
     * @param repaired    cells whose value was repaired to keep positivity
     * @param massDefect  the relative mass error of the solve before rescaling
     * @param multigrid   whether the multigrid preconditioner gave the result
     * @param fellBack    whether a failed multigrid solve was redone with the Jacobi preconditioner
     */
    public record Step(int iterations, boolean converged, double residual, int repaired, double massDefect,
                       boolean multigrid, boolean fellBack) {
    }

    private final Grid grid;
    private final Potential potential;
    private final double temperature;
    private final int d;
    private final int[] dims = new int[3];
    private final double[] spacing = new double[3];
    private final double[] pi;
    private final boolean[] active;
    private final int activeCells;
    private final int cutOff;
    private final Stencil stencil;
    private final Preconditioner preconditioner;
    private final double tolerance;
    private final int maxIterations;
    private final boolean direct;
    private Multigrid multigrid;
    private boolean multigridFailed;
    private double[] invDiag;
    private double lastDt = Double.NaN;
    private double[] x;
    private double[] r;
    private double[] p;
    private double[] q;
    private double[] z;
    private double[] rhs;

    /**
     * A solver for the potential {@code v} at temperature {@code T}.
     *
     * @param tolerance     relative reduction of the residual {@code Σ|r_i|} (iterative solves)
     * @param maxIterations the most conjugate-gradient iterations per step
     */
    public FokkerPlanckSolver(Potential v, double temperature, Parallel parallel, Preconditioner preconditioner,
                              double tolerance, int maxIterations) {
        this(v, temperature, parallel, preconditioner, tolerance, maxIterations, false);
    }

    /** As above; {@code iterativeIn1d} forces conjugate gradients in 1-D too (for tests). */
    FokkerPlanckSolver(Potential v, double temperature, Parallel parallel, Preconditioner preconditioner,
                       double tolerance, int maxIterations, boolean iterativeIn1d) {
        if (!(temperature > 0) || !Double.isFinite(temperature)) {
            throw new IllegalArgumentException("temperature must be positive and finite, got " + temperature);
        }
        if (!(tolerance > 0 && tolerance < 1)) {
            throw new IllegalArgumentException("tolerance must be in (0, 1), got " + tolerance);
        }
        if (maxIterations < 1) {
            throw new IllegalArgumentException("the most iterations must be at least 1, got " + maxIterations);
        }
        this.grid = v.grid();
        this.potential = v;
        this.temperature = temperature;
        this.preconditioner = preconditioner;
        this.tolerance = tolerance;
        this.maxIterations = maxIterations;
        this.d = grid.dimension();
        Arrays.fill(dims, 1);
        Arrays.fill(spacing, 1.0);
        for (int a = 0; a < d; a++) {
            dims[3 - d + a] = grid.cells(a);
            spacing[3 - d + a] = grid.spacing(a);
        }
        int n = grid.size();
        double[] raw = v.raw();
        double min = v.minimum();
        double[] vt = new double[n];
        pi = new double[n];
        active = new boolean[n];
        int act = 0;
        int cut = 0;
        for (int i = 0; i < n; i++) {
            double s = (raw[i] - min) / temperature;
            if (raw[i] < Double.POSITIVE_INFINITY && s <= CUTOFF) {
                vt[i] = s;
                pi[i] = Math.exp(-s);
                active[i] = true;
                act++;
            } else {
                vt[i] = Double.POSITIVE_INFINITY;
                if (raw[i] < Double.POSITIVE_INFINITY) {
                    cut++;
                }
            }
        }
        this.activeCells = act;
        this.cutOff = cut;
        double[][] w = new double[3][];
        int[] stride = {dims[1] * dims[2], dims[2], 1};
        for (int ax = 0; ax < 3; ax++) {
            if (dims[ax] == 1) {
                w[ax] = ax == 2 ? new double[n] : null;
                continue;
            }
            double[] wa = new double[n];
            int s = stride[ax];
            for (int i = 0; i < n; i++) {
                int k = (i / s) % dims[ax];
                if (k + 1 < dims[ax] && active[i] && active[i + s]) {
                    wa[i] = edgeWeight(vt[i], vt[i + s]);
                }
            }
            w[ax] = wa;
        }
        this.stencil = new Stencil(dims[0], dims[1], dims[2], pi, w[0], w[1], w[2], parallel);
        this.direct = d == 1 && !iterativeIn1d;
    }

    /**
     * The Scharfetter–Gummel weight {@code π_i B(V_j - V_i)} of an edge, written with the larger
     * potential so that nothing overflows: {@code π_hi · z / (1 - e^{-z})}, {@code z = |V_j - V_i|}.
     */
    static double edgeWeight(double vi, double vj) {
        double hi = Math.max(vi, vj);
        double z = Math.abs(vj - vi);
        double piHi = Math.exp(-hi);
        if (z < 1e-8) {
            return piHi * (1.0 + 0.5 * z);
        }
        return piHi * z / -Math.expm1(-z);
    }

    /** {@code B(z) = z / expm1(z)}, {@code B(0) = 1}. */
    public static double bernoulli(double z) {
        if (Math.abs(z) < 1e-8) {
            return 1.0 - 0.5 * z;
        }
        return z / Math.expm1(z);
    }

    /** The grid. */
    public Grid grid() {
        return grid;
    }

    /** The potential. */
    public Potential potential() {
        return potential;
    }

    /** Cells in the support (finite V within the cut-off). */
    public int activeCells() {
        return activeCells;
    }

    /** Cells with finite V beyond {@link #CUTOFF}, treated as outside the support. */
    public int cutOff() {
        return cutOff;
    }

    /** Whether cell {@code i} takes part in the flow. */
    public boolean active(int i) {
        return active[i];
    }

    /**
     * Sets the density to 0 on cells outside the support and rescales it to its former mass;
     * returns the mass that was outside, as a fraction of the total.
     */
    public double restrictToSupport(double[] rho) {
        double all = 0.0;
        double kept = 0.0;
        for (int i = 0; i < rho.length; i++) {
            all += rho[i];
            if (active[i]) {
                kept += rho[i];
            } else {
                rho[i] = 0.0;
            }
        }
        if (!(kept > 0)) {
            throw new IllegalArgumentException("the initial density has no mass on the cells in the support");
        }
        double s = all / kept;
        for (int i = 0; i < rho.length; i++) {
            rho[i] *= s;
        }
        return 1.0 - kept / all;
    }

    /**
     * One implicit Euler step of length {@code dt} from {@code rho} into {@code out} (which may be
     * {@code rho} itself only for the direct 1-D solve). The mass of {@code out} equals that of
     * {@code rho} to rounding. When the solve fails (not converged in the most iterations, or a
     * non-finite value), {@code out} is left unspecified and {@link Step#converged()} is false.
     */
    public Step step(double[] rho, double dt, double[] out) {
        if (!(dt > 0) || !Double.isFinite(dt)) {
            throw new IllegalArgumentException("the time step must be positive and finite, got " + dt);
        }
        int n = grid.size();
        setTimeStep(dt);
        Functionals.Sum m0 = new Functionals.Sum();
        for (int i = 0; i < n; i++) {
            m0.add(rho[i]);
        }
        double mass0 = m0.value();
        Step s = finish(direct ? solveDirect(rho, out) : solveIterative(rho, out), out, mass0, false);
        if (!s.converged() && s.multigrid() && preconditioner == Preconditioner.AUTO) {
            multigridFailed = true;
            Step j = finish(solveIterative(rho, out), out, mass0, true);
            s = new Step(s.iterations() + j.iterations(), j.converged(), j.residual(), j.repaired(), j.massDefect(), false, true);
        }
        return s;
    }

    /** Checks the solve's mass and rescales {@code out} to {@code mass0}, or marks the step failed. */
    private Step finish(Step s, double[] out, double mass0, boolean fellBack) {
        if (!s.converged()) {
            return new Step(s.iterations(), false, s.residual(), s.repaired(), s.massDefect(), s.multigrid(), fellBack);
        }
        int n = out.length;
        Functionals.Sum m1 = new Functionals.Sum();
        for (int i = 0; i < n; i++) {
            m1.add(out[i]);
        }
        double mass1 = m1.value();
        if (!(mass1 > 0) || !Double.isFinite(mass1)) {
            return new Step(s.iterations(), false, s.residual(), s.repaired(), Double.NaN, s.multigrid(), fellBack);
        }
        double defect = mass1 / mass0 - 1.0;
        if (Math.abs(defect) > MASS_DEFECT_LIMIT) {
            // an exact solve conserves mass; this one did not: do not hide it by rescaling
            return new Step(s.iterations(), false, s.residual(), s.repaired(), defect, s.multigrid(), fellBack);
        }
        double scale = mass0 / mass1;
        for (int i = 0; i < n; i++) {
            out[i] *= scale;
        }
        return new Step(s.iterations(), true, s.residual(), s.repaired(), defect, s.multigrid(), fellBack);
    }

    private void setTimeStep(double dt) {
        if (dt == lastDt) {
            return;
        }
        lastDt = dt;
        stencil.scale(temperature * dt / (spacing[0] * spacing[0]), temperature * dt / (spacing[1] * spacing[1]),
                temperature * dt / (spacing[2] * spacing[2]));
        if (!direct) {
            if (invDiag == null) {
                invDiag = new double[grid.size()];
            }
            stencil.diagonal(invDiag);
            for (int i = 0; i < invDiag.length; i++) {
                invDiag[i] = invDiag[i] > 0 ? 1.0 / invDiag[i] : 0.0;
            }
            if (useMultigrid()) {
                if (multigrid == null) {
                    multigrid = new Multigrid(stencil);
                }
                multigrid.rescale();
            }
        }
    }

    /** Whether a multigrid-preconditioned solve failed, so that the rest of the run uses Jacobi. */
    boolean multigridFailed() {
        return multigridFailed;
    }

    void multigridFailed(boolean v) {
        multigridFailed = v;
    }

    /** The largest {@code TΔt/Δx_a²}. */
    private double largestScale() {
        return Math.max(stencil.c[0], Math.max(stencil.c[1], stencil.c[2]));
    }

    private boolean useMultigrid() {
        return switch (preconditioner) {
            case JACOBI -> false;
            case MULTIGRID -> true;
            case AUTO -> !multigridFailed && largestScale() > AUTO_MULTIGRID_ABOVE && grid.size() >= 4096;
        };
    }

    /**
     * Tridiagonal elimination in the form of Grassmann, Taksar and Heyman: with
     * {@code e_i = c w_i} the scaled weight of edge (i, i+1), the eliminated row i keeps a positive
     * row sum {@code σ_i = π_i + e_{i-1} σ_{i-1} / p_{i-1}} and pivot {@code p_i = σ_i + e_i}; the
     * forward and backward sweeps then add positive numbers only.
     */
    private Step solveDirect(double[] rho, double[] out) {
        int n = grid.size();
        double c = stencil.c[2];
        double[] w = stencil.w2;
        double[] piv = new double[n];
        double[] y = new double[n];
        double sigma = 0.0;
        double prevPivot = 0.0;
        double prevE = 0.0;
        double prevY = 0.0;
        for (int i = 0; i < n; i++) {
            double e = c * w[i];
            double carried = prevE > 0 ? prevE * sigma / prevPivot : 0.0;
            double yi = (active[i] ? rho[i] : 0.0) + (prevE > 0 ? prevE * prevY / prevPivot : 0.0);
            sigma = pi[i] + carried;
            double pivot = sigma + e;
            piv[i] = pivot;
            y[i] = yi;
            prevPivot = pivot;
            prevE = e;
            prevY = yi;
        }
        double next = 0.0;
        for (int i = n - 1; i >= 0; i--) {
            double e = c * w[i];
            double ui = piv[i] > 0 ? (y[i] + e * next) / piv[i] : 0.0;
            next = ui;
            out[i] = pi[i] * ui;
            if (!Double.isFinite(out[i])) {
                return new Step(0, false, Double.NaN, 0, Double.NaN, false, false);
            }
        }
        return new Step(0, true, 0.0, 0, 0.0, false, false);
    }

    private Step solveIterative(double[] rho, double[] out) {
        int n = grid.size();
        if (x == null) {
            x = new double[n];
            r = new double[n];
            p = new double[n];
            q = new double[n];
        }
        boolean mg = useMultigrid();
        if (mg && z == null) {
            z = new double[n];
        }
        // u⁰ = ρ/π, the state at the start of the step, is the first guess
        for (int i = 0; i < n; i++) {
            x[i] = active[i] ? rho[i] / pi[i] : 0.0;
        }
        stencil.apply(x, q);
        double mass = 0.0;
        double abs0 = 0.0;
        for (int i = 0; i < n; i++) {
            double b = active[i] ? rho[i] : 0.0;
            r[i] = b - q[i];
            mass += b;
            abs0 += Math.abs(r[i]);
        }
        // Stop on the residual in density units, Σ|r_i| (a bound on the mass the solve misplaces),
        // relative to the step's first residual (the flux divergence the step must resolve) or to
        // the mass, whichever is smaller, with a floor at rounding of the mass. (A preconditioned
        // norm would weigh cells by u = ρ/π, up to e^400 apart, and could stop with the bulk
        // unconverged.) The recursively updated residual drifts from the true one when u spans
        // many orders of magnitude, so convergence is confirmed on the true residual b - Ax, and
        // conjugate gradients restarted from x (at most 4 times) when that is still too large.
        double goal = Math.max(tolerance * Math.min(abs0, mass), 1e-15 * mass);
        double abs = abs0;
        int it = 0;
        boolean ok = !(abs > goal);
        for (int restart = 0; !ok && restart < 5 && it < maxIterations; restart++) {
            if (restart > 0) {
                abs = trueResidual(rho);
                if (!Double.isFinite(abs)) {
                    break;
                }
                if (abs <= goal || abs <= roundingFloor()) {
                    ok = true;
                    break;
                }
            }
            double rz;
            if (mg) {
                multigrid.apply(r, z);
                rz = stencil.dot(r, z);
                System.arraycopy(z, 0, p, 0, n);
            } else {
                rz = 0.0;
                for (int i = 0; i < n; i++) {
                    p[i] = r[i] * invDiag[i];
                    rz += r[i] * p[i];
                }
            }
            boolean broke = false;
            while (it < maxIterations) {
                double pq = stencil.apply(p, q);
                if (!(pq > 0) || !Double.isFinite(pq)) {
                    broke = true;
                    break;
                }
                double alpha = rz / pq;
                double rzNew;
                if (mg) {
                    stencil.update(alpha, x, p, r, q);
                    multigrid.apply(r, z);
                    rzNew = stencil.dot(r, z);
                } else {
                    rzNew = stencil.updateJacobi(alpha, x, p, r, q, invDiag);
                }
                abs = stencil.lastAbsoluteResidual();
                it++;
                if (!Double.isFinite(rzNew) || !Double.isFinite(abs)) {
                    broke = true;
                    break;
                }
                if (abs <= goal) {
                    break; // confirmed (or not) on the true residual above
                }
                double beta = rzNew / rz;
                rz = rzNew;
                if (mg) {
                    stencil.direction(beta, p, z);
                } else {
                    stencil.directionJacobi(beta, p, r, invDiag);
                }
            }
            if (broke) {
                break;
            }
            if (restart == 4) {
                // the last round: confirm once more
                abs = trueResidual(rho);
                ok = abs <= goal || abs <= roundingFloor();
            }
        }
        double residual = abs0 > 0 ? abs / abs0 : 0.0;
        if (!ok) {
            return new Step(it, false, residual, 0, Double.NaN, mg, false);
        }
        int repaired = repairPositivity(rho);
        if (repaired < 0) {
            return new Step(it, false, residual, 0, Double.NaN, mg, false);
        }
        for (int i = 0; i < n; i++) {
            out[i] = active[i] ? pi[i] * x[i] : 0.0;
        }
        return new Step(it, true, residual, repaired, 0.0, mg, false);
    }

    /** {@code r = ρ - A x}; returns {@code Σ|r_i|}. */
    private double trueResidual(double[] rho) {
        stencil.residual(x, rhsOf(rho), r);
        double abs = 0.0;
        for (double v : r) {
            abs += Math.abs(v);
        }
        return abs;
    }

    /**
     * The rounding floor of the residual: {@code b - Ax} is computed from terms of size up to
     * {@code Σ_i (2A_ii - m_i)|x_i|} (the diagonal and every edge twice), each with an error of an
     * ulp or so; 64ε times that is as far as any solve can confirm (reached only for huge Δt).
     */
    private double roundingFloor() {
        double s = 0.0;
        for (int i = 0; i < x.length; i++) {
            if (invDiag[i] > 0) {
                s += (2.0 / invDiag[i] - pi[i]) * Math.abs(x[i]);
            }
        }
        return 64 * Math.ulp(1.0) * s;
    }

    /** The right-hand side ρ restricted to the support (into the scratch array z's place when free). */
    private double[] rhsOf(double[] rho) {
        if (rhs == null) {
            rhs = new double[grid.size()];
        }
        for (int i = 0; i < rhs.length; i++) {
            rhs[i] = active[i] ? rho[i] : 0.0;
        }
        return rhs;
    }

    /**
     * Raises the inexact solution to the lower bound every exact solution satisfies: the
     * off-diagonal entries of the M-matrix are non-positive and {@code u⁺ ≥ 0}, so
     * {@code A_ii u⁺_i ≥ ρ_i}, that is {@code u⁺_i ≥ ρ_i / A_ii}. Where the iterate is below it (only
     * ever far-tail cells the solve resolves to its absolute, not relative, accuracy) it is set to
     * the bound: a projection onto a set that contains the exact solution, which keeps the density
     * positive wherever it was and adds at most the cells' own former mass (the mass check after
     * the step sees the sum). Returns the number of cells raised, or -1 if a value is not finite.
     */
    private int repairPositivity(double[] rho) {
        int n = grid.size();
        int repaired = 0;
        for (int i = 0; i < n; i++) {
            double xi = x[i];
            if (!Double.isFinite(xi)) {
                return -1;
            }
            if (active[i]) {
                double bound = rho[i] * invDiag[i];
                if (xi < bound) {
                    x[i] = bound;
                    repaired++;
                }
            }
        }
        return repaired;
    }

    /** The scale {@code TΔt/Δx²} of padded axis {@code ax} at the last step. */
    double scale(int ax) {
        return stencil.c[ax];
    }

    Stencil stencil() {
        return stencil;
    }
}
