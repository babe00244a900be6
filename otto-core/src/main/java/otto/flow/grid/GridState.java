package otto.flow.grid;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import otto.flow.Draws;
import otto.flow.FlowState;
import otto.flow.Monitors;
import otto.flow.RandomStream;
import otto.flow.RunContext;
import otto.flow.RunFailedException;
import otto.model.Target;

/**
 * What both grid methods share once started: the setup (box, grid, potential, initial density),
 * stepping with retries, the monitors, the kept densities, the draws and the final facts. A
 * method supplies one attempt at a step ({@link #attempt}).
 */
abstract class GridState implements FlowState, otto.flow.Checkpointable {
    /** A failed step is retried as two half steps, at most this many halvings deep (from the first Δt). */
    static final int MAX_HALVINGS = 8;

    final Target target;
    final RunContext context;
    final GridSettings settings;
    final GridSetup.Choice choice;
    final Grid grid;
    final Potential potential;
    final double dt;
    final double endTime;
    final double temperature;
    double[] rho;
    double[] next;
    double time;
    final double logZ;
    private final double[] requested;
    private int nextRequested;
    private final List<Double> keptTimes = new ArrayList<>();
    private final List<double[]> kept = new ArrayList<>();
    private long halvings;
    private final double maxPotentialStep;
    private final double typicalPotentialStep;
    private double massOutside;
    private Draws draws;

    GridState(Target target, RunContext context, GridSettings s, int[] defaultCells) {
        this.target = target;
        this.context = context;
        this.settings = s;
        this.temperature = s.temperature();
        int d = target.dimension();
        if (d > Grid.MAX_DIMENSION) {
            throw new IllegalArgumentException("grid methods need d ≤ 3; this model has d = " + d);
        }
        int[] cells = cellsFor(s.cells(), defaultCells, d);
        boolean needFit = s.start() instanceof Start.Laplace || Double.isNaN(s.time()) && Double.isNaN(s.dt());
        RandomStream setupStream = context.stream(s.chains());
        this.choice = GridSetup.choose(target, context.evaluator(), setupStream, s.box(), s.metric(), needFit);
        this.grid = new Grid(choice.box(), choice.frame(), cells);
        Potential p;
        try {
            p = Potential.evaluate(grid, context.evaluator());
        } catch (IllegalArgumentException e) {
            throw new RunFailedException(e.getMessage(), e);
        }
        this.potential = p;
        if (p.notANumber() > 0) {
            double[] c = new double[d];
            grid.centre(p.firstExcluded(), c);
            context.fault("non_finite_log_density", -1, -1, p.notANumber() + " of " + grid.size()
                    + " cell centres have a NaN log density (the first at " + Arrays.toString(c)
                    + "): treated as outside the support (π = 0, no flux)");
        }
        this.logZ = p.logNormaliser();
        int steps = s.iterations();
        if (!Double.isNaN(s.time()) && !Double.isNaN(s.dt())) {
            endTime = s.time();
            dt = s.time() / steps;
        } else if (!Double.isNaN(s.dt())) {
            dt = s.dt();
            endTime = dt * steps;
        } else {
            endTime = Double.isNaN(s.time()) ? choice.time() : s.time();
            dt = endTime / steps;
        }
        this.rho = GridSetup.startDensity(s.start(), grid, choice.fit());
        this.next = new double[grid.size()];
        double[] potentialSteps = potentialSteps();
        this.maxPotentialStep = potentialSteps[0];
        this.typicalPotentialStep = potentialSteps[1];
        double[] times = s.densityTimes() == null ? new double[] {0.0, endTime} : s.densityTimes();
        for (int k = 0; k < times.length; k++) {
            times[k] = Math.min(times[k], endTime);
        }
        this.requested = Arrays.stream(times).distinct().toArray();
    }

    /**
     * Finishes the start once the method's solver exists: the initial density is set to 0 on the
     * cells the solver leaves out and normalised, and kept if time 0 was asked for.
     */
    final void begin(java.util.function.IntPredicate active) {
        massOutside = restrict(rho, active);
        keep();
    }

    private static int[] cellsFor(int[] given, int[] defaults, int d) {
        int[] c = new int[d];
        if (given == null) {
            Arrays.fill(c, defaults[d - 1]);
        } else if (given.length == 1) {
            Arrays.fill(c, given[0]);
        } else if (given.length == d) {
            c = given.clone();
        } else {
            throw new IllegalArgumentException("cells: " + given.length + " counts for a " + d + "-dimensional model; give one for"
                    + " every axis or one per axis");
        }
        return c;
    }

    /** Sets the start to 0 outside the support (as the method's solver sees it), mass 1. */
    private double restrict(double[] r, java.util.function.IntPredicate active) {
        double all = 0.0;
        double in = 0.0;
        for (int i = 0; i < r.length; i++) {
            all += r[i];
            if (active.test(i)) {
                in += r[i];
            } else {
                r[i] = 0.0;
            }
        }
        if (!(in > 0)) {
            throw new RunFailedException("the initial density (" + settings.start().describe()
                    + ") has no mass on the cells of " + grid + " where the target's density is positive");
        }
        double scale = 1.0 / (in * grid.cellVolume());
        for (int i = 0; i < r.length; i++) {
            r[i] *= scale;
        }
        return all > 0 ? 1.0 - in / all : 0.0;
    }

    /**
     * How far {@code V/T} changes between neighbouring cells where the posterior has mass:
     * {@code [0]} the largest change between cells where π is within {@code e^-12} of its peak,
     * {@code [1]} the largest over the axes of the root mean square change along the axis, each
     * edge weighted by the mean of its two cells' π (for a Gaussian, the cell width in units of its
     * sd along the axis). Above ½ the posterior has fewer than two cells per local standard
     * deviation: the scheme stays stable and positive, but the midpoint quadrature of the summaries
     * loses accuracy (a variance by about {@code h²/12}, a few per cent).
     */
    private double[] potentialSteps() {
        double[] v = potential.raw();
        double min = potential.minimum();
        double limit = GridSetup.FACE_DROP * temperature;
        double worst = 0.0;
        double worstRms = 0.0;
        for (int a = 0; a < grid.dimension(); a++) {
            int s = grid.stride(a);
            Functionals.Sum sq = new Functionals.Sum();
            Functionals.Sum weight = new Functionals.Sum();
            for (int i = 0; i < v.length; i++) {
                if (grid.index(i, a) + 1 >= grid.cells(a)) {
                    continue;
                }
                double vi = (v[i] - min) / temperature;
                double vj = (v[i + s] - min) / temperature;
                if (!Double.isFinite(vi) || !Double.isFinite(vj)) {
                    continue;
                }
                double step = Math.abs(vj - vi);
                if (vi <= limit / temperature && vj <= limit / temperature) {
                    worst = Math.max(worst, step);
                }
                double w = 0.5 * (Math.exp(-vi) + Math.exp(-vj));
                sq.add(w * step * step);
                weight.add(w);
            }
            if (weight.value() > 0) {
                worstRms = Math.max(worstRms, Math.sqrt(sq.value() / weight.value()));
            }
        }
        return new double[] {worst, worstRms};
    }

    /**
     * One attempt at a step of length {@code h} from {@code from} into {@code to}; returns null on
     * success, else a description of the failure ({@code to} is then unspecified).
     *
     * @param lastResort whether this is the deepest retry: a method may then accept an imperfect step
     */
    abstract Failure attempt(double[] from, double h, double[] to, int iteration, boolean lastResort);

    /** A failed attempt: its fault kind and what happened. */
    record Failure(String kind, String detail) {
    }

    /** The method's monitors. */
    abstract void monitors(Monitors m);

    /** The method's final facts. */
    abstract void describe(Map<String, Object> m);

    /**
     * One step of length Δt, as {@code 2^k} sub-steps where k is the number of halvings earlier
     * failures made necessary (kept for the rest of the run, so a step that failed once does not
     * fail again at every step).
     */
    @Override
    public void step(int iteration) {
        int parts = 1 << halvings;
        for (int j = 0; j < parts; j++) {
            advance(dt / parts, iteration, (int) halvings);
        }
        time = (iteration + 1) * dt;
        keep();
    }

    private void advance(double h, int iteration, int depth) {
        if (depth < halvings) {
            // a deeper halving was needed since this split began: take it without failing again
            advance(h / 2, iteration, depth + 1);
            advance(h / 2, iteration, depth + 1);
            return;
        }
        Failure f = attempt(rho, h, next, iteration, depth == MAX_HALVINGS);
        if (f == null) {
            double[] t = rho;
            rho = next;
            next = t;
            return;
        }
        if (depth == MAX_HALVINGS) {
            throw new RunFailedException(f.kind().replace('_', ' ') + " at step " + (iteration + 1) + " even with the time step halved "
                    + MAX_HALVINGS + " times (" + h + "): " + f.detail());
        }
        context.fault(f.kind(), iteration, -1, f.detail() + "; retried as two steps of " + h / 2
                + (depth == halvings ? " (and so are the following steps)" : ""));
        if (depth == halvings) {
            halvings++;
        }
        advance(h / 2, iteration, depth + 1);
        advance(h / 2, iteration, depth + 1);
    }

    private void keep() {
        while (nextRequested < requested.length && requested[nextRequested] <= time + 1e-9 * dt) {
            if (keptTimes.isEmpty() || keptTimes.get(keptTimes.size() - 1) != time) {
                keptTimes.add(time);
                kept.add(rho.clone());
            }
            nextRequested++;
        }
    }

    @Override
    public final void save(otto.flow.StateWriter out) throws java.io.IOException {
        out.section("grid");
        out.doubles(rho);
        out.writeDouble(time);
        out.writeInt(nextRequested);
        out.writeInt(kept.size());
        for (int k = 0; k < kept.size(); k++) {
            out.writeDouble(keptTimes.get(k));
            out.doubles(kept.get(k));
        }
        out.writeLong(halvings);
        out.section("solver");
        saveOwn(out);
    }

    @Override
    public final void restore(otto.flow.StateReader in) throws java.io.IOException {
        in.section("grid");
        rho = in.doubles(grid.size());
        time = in.readDouble();
        nextRequested = in.readInt();
        int n = in.readInt();
        keptTimes.clear();
        kept.clear();
        for (int k = 0; k < n; k++) {
            keptTimes.add(in.readDouble());
            kept.add(in.doubles(grid.size()));
        }
        halvings = in.readLong();
        in.section("solver");
        restoreOwn(in);
        draws = null;
    }

    /** Saves the method's own changing state (its counters, what its solver carries between steps). */
    abstract void saveOwn(otto.flow.StateWriter out) throws java.io.IOException;

    /** Restores what {@link #saveOwn} wrote. */
    abstract void restoreOwn(otto.flow.StateReader in) throws java.io.IOException;

    @Override
    public void record(Monitors m) {
        m.put(Monitors.FREE_ENERGY, Functionals.freeEnergy(grid, rho, potential));
        if (temperature != 1.0) {
            m.put("free_energy_tempered", Functionals.freeEnergy(grid, rho, potential, temperature));
        }
        m.put("kl", Functionals.kl(grid, rho, potential));
        m.put("mass", Functionals.mass(grid, rho));
        m.put("time", time);
        monitors(m);
    }

    @Override
    public Draws draws() {
        if (draws == null) {
            draws = sample();
        }
        return draws;
    }

    /**
     * Draws from the final density: a cell with probability ∝ its mass, then a point uniformly in
     * the cell; chain c uses the run's stream c. A point where the target's log density is not
     * finite (a cell cut by the edge of the support) is drawn again, at most 20 times, then the
     * cell's centre is taken.
     */
    private Draws sample() {
        int d = grid.dimension();
        int n = grid.size();
        double[] cdf = new double[n];
        double acc = 0.0;
        for (int i = 0; i < n; i++) {
            acc += rho[i];
            cdf[i] = acc;
        }
        int chains = settings.chains();
        int per = settings.draws();
        double[][] out = new double[chains][per * d];
        double[][] lp = new double[chains][per];
        double[] x = new double[d];
        for (int c = 0; c < chains; c++) {
            RandomStream rng = context.stream(c);
            for (int k = 0; k < per; k++) {
                double u = rng.nextDouble() * acc;
                int cell = Arrays.binarySearch(cdf, u);
                cell = cell >= 0 ? Math.min(n - 1, cell + 1) : -cell - 1;
                while (cell < n - 1 && rho[cell] == 0.0) {
                    cell++;
                }
                uniformIn(cell, rng, x);
                System.arraycopy(x, 0, out[c], k * d, d);
            }
            context.evaluator().evaluate(out[c], per, lp[c], null);
            for (int k = 0; k < per; k++) {
                int tries = 0;
                while (!Double.isFinite(lp[c][k]) && tries < 20) {
                    System.arraycopy(out[c], k * d, x, 0, d);
                    int cell = grid.cellOf(x);
                    uniformIn(cell, rng, x);
                    lp[c][k] = target.logDensity(x, null);
                    System.arraycopy(x, 0, out[c], k * d, d);
                    tries++;
                }
                if (!Double.isFinite(lp[c][k])) {
                    System.arraycopy(out[c], k * d, x, 0, d);
                    int cell = grid.cellOf(x);
                    grid.centre(cell, x);
                    System.arraycopy(x, 0, out[c], k * d, d);
                    lp[c][k] = -potential.value(cell);
                }
            }
        }
        return Draws.unconstrained(d, out, Map.of("lp__", lp));
    }

    private void uniformIn(int cell, RandomStream rng, double[] x) {
        double[] offset = new double[grid.dimension()];
        for (int a = 0; a < offset.length; a++) {
            offset[a] = rng.nextDouble() - 0.5;
        }
        grid.point(cell, offset, x);
    }

    /** The smallest box in the model's coordinates that holds the grid's box (its corners mapped by the frame). */
    private Box boundingBox() {
        int d = grid.dimension();
        double[] lo = new double[d];
        double[] hi = new double[d];
        Arrays.fill(lo, Double.POSITIVE_INFINITY);
        Arrays.fill(hi, Double.NEGATIVE_INFINITY);
        double[] z = new double[d];
        double[] x = new double[d];
        for (int corner = 0; corner < 1 << d; corner++) {
            for (int a = 0; a < d; a++) {
                z[a] = (corner >> a & 1) == 0 ? grid.box().lo()[a] : grid.box().hi()[a];
            }
            grid.frame().toModel(z, x);
            for (int a = 0; a < d; a++) {
                lo[a] = Math.min(lo[a], x[a]);
                hi[a] = Math.max(hi[a], x[a]);
            }
        }
        return new Box(lo, hi);
    }

    @Override
    public Map<String, Object> info() {
        Map<String, Object> m = new LinkedHashMap<>();
        StringBuilder cells = new StringBuilder();
        for (int a = 0; a < grid.dimension(); a++) {
            cells.append(a == 0 ? "" : "x").append(grid.cells(a));
        }
        m.put("grid", cells.toString());
        m.put("metric", choice.metric().name().toLowerCase(java.util.Locale.ROOT));
        m.put("box", grid.box().toString());
        if (!grid.frame().isIdentity()) {
            m.put("frame", grid.frame().toString());
            m.put("box_in_model_coordinates", boundingBox().toString());
        }
        m.put("box_origin", choice.origin());
        m.put("dt", dt);
        m.put("time", time);
        m.put("end_time", endTime);
        m.put("temperature", temperature);
        double f = Functionals.freeEnergy(grid, rho, potential);
        m.put("free_energy", f);
        m.put("elbo", -f);
        m.put("kl_to_grid_posterior", Functionals.kl(grid, rho, potential));
        m.put("log_evidence_grid", logZ);
        m.put("mass", Functionals.mass(grid, rho));
        m.put("dt_halvings", halvings);
        m.put("cells_outside_support", potential.outsideSupport() + potential.notANumber());
        m.put("start", settings.start().describe());
        m.put("start_mass_outside_support", massOutside);
        m.put("max_potential_step", maxPotentialStep);
        m.put("rms_potential_step", typicalPotentialStep);
        describe(m);
        m.put(GridSolution.INFO_KEY, new GridSolution(grid, potential, keptTimes, kept, time, rho));
        return m;
    }
}
