package otto.flow.grid;

import java.util.Arrays;
import otto.flow.particle.Metric;

/**
 * Settings both grid methods share.
 *
 * @param cells        cells per axis: one count for every axis or one per axis; null for the
 *                     method's default ({@link FokkerPlanck}: 1024, 256², 48³; {@link EntropicJko}:
 *                     512, 128², 48³)
 * @param box          the domain (in the model's unconstrained coordinates), or null to choose
 *                     it from the target (see {@link GridSetup})
 * @param metric       the coordinates the grid is laid out in when the box is chosen: {@code DENSE}
 *                     whitened by the Laplace fit ({@code θ = mode + L z}, {@code LLᵀ = Σ}),
 *                     {@code DIAGONAL} scaled by its standard deviations, {@code UNIT} the model's
 *                     own axes; null for dense (unit with a given box, which is in the model's
 *                     coordinates). Times are then in the preconditioned time of these coordinates
 * @param time         the final time of the flow, or NaN to choose it from the target:
 *                     {@code 8 λ_max(Σ)} with Σ the Laplace covariance (8 relaxation times of the
 *                     slowest direction of the Gaussian approximation)
 * @param dt           the time step, or NaN for {@code time / steps}; with both {@code time} and
 *                     {@code dt} given the run takes {@code ⌈time/dt⌉} equal steps ending at
 *                     {@code time}; with {@code dt} alone it takes {@code steps} of them
 * @param steps        the number of steps when not fixed by {@code time} and {@code dt} (≥ 1)
 * @param temperature  T in {@code ∂ρ = TΔρ + ∇·(ρ∇V)} (stationary state {@code ∝ π̃^{1/T}}; 1 for
 *                     the posterior)
 * @param start        the initial density
 * @param chains       chains the final draws are laid out in (≥ 1)
 * @param draws        draws per chain from the final density (≥ 1)
 * @param densityTimes times at which the density is kept (each the first step at or after it;
 *                     times past the end are taken at the end), or null for the start and the end
 */
public record GridSettings(int[] cells, Box box, Metric metric, double time, double dt, int steps, double temperature, Start start,
                           int chains, int draws, double[] densityTimes) {
    public GridSettings {
        if (cells != null) {
            if (cells.length == 0 || cells.length > Grid.MAX_DIMENSION) {
                throw new IllegalArgumentException("cells: give one count for every axis or one per axis (at most 3), got "
                        + cells.length);
            }
            for (int c : cells) {
                if (c < 2) {
                    throw new IllegalArgumentException("cells must be at least 2 per axis, got " + c);
                }
            }
            cells = cells.clone();
        }
        if (box != null && box.dimension() > Grid.MAX_DIMENSION) {
            throw new IllegalArgumentException("grid methods need d ≤ 3; the box has d = " + box.dimension());
        }
        if (box != null && metric != null && metric != Metric.UNIT) {
            throw new IllegalArgumentException("a given box is in the model's coordinates: it takes the unit metric, not "
                    + metric.name().toLowerCase(java.util.Locale.ROOT));
        }
        if (!Double.isNaN(time) && !(time > 0 && Double.isFinite(time))) {
            throw new IllegalArgumentException("time must be positive and finite, got " + time);
        }
        if (!Double.isNaN(dt) && !(dt > 0 && Double.isFinite(dt))) {
            throw new IllegalArgumentException("dt must be positive and finite, got " + dt);
        }
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be at least 1, got " + steps);
        }
        if (!Double.isNaN(time) && !Double.isNaN(dt) && time / dt > 1e8) {
            throw new IllegalArgumentException("time / dt = " + time / dt + " steps is too many");
        }
        if (!(temperature > 0) || !Double.isFinite(temperature)) {
            throw new IllegalArgumentException("temperature must be positive and finite, got " + temperature);
        }
        if (start == null) {
            throw new IllegalArgumentException("start must be given");
        }
        if (chains < 1) {
            throw new IllegalArgumentException("chains must be at least 1, got " + chains);
        }
        if (draws < 1) {
            throw new IllegalArgumentException("draws must be at least 1, got " + draws);
        }
        if (densityTimes != null) {
            for (double t : densityTimes) {
                if (!(t >= 0) || !Double.isFinite(t)) {
                    throw new IllegalArgumentException("density times must be finite and non-negative, got " + t);
                }
            }
            densityTimes = densityTimes.clone();
            Arrays.sort(densityTimes);
        }
    }

    /**
     * Default cells, automatic box and time, 200 steps, T = 1, the Laplace approximation widened
     * twofold as the start, 4 × 1000 draws, the density kept at the start and the end.
     */
    public static GridSettings defaults() {
        return new GridSettings(null, null, null, Double.NaN, Double.NaN, 200, 1.0, Start.laplace(2.0), 4, 1000, null);
    }

    /** The number of steps the run takes. */
    public int iterations() {
        if (!Double.isNaN(time) && !Double.isNaN(dt)) {
            return (int) Math.max(1, Math.ceil(time / dt * (1 - 1e-12)));
        }
        return steps;
    }

    @Override
    public int[] cells() {
        return cells == null ? null : cells.clone();
    }

    @Override
    public double[] densityTimes() {
        return densityTimes == null ? null : densityTimes.clone();
    }

    public GridSettings withCells(int... v) {
        return new GridSettings(v, box, metric, time, dt, steps, temperature, start, chains, draws, densityTimes);
    }

    public GridSettings withBox(Box v) {
        return new GridSettings(cells, v, metric, time, dt, steps, temperature, start, chains, draws, densityTimes);
    }

    public GridSettings withMetric(Metric v) {
        return new GridSettings(cells, box, v, time, dt, steps, temperature, start, chains, draws, densityTimes);
    }

    public GridSettings withTime(double v) {
        return new GridSettings(cells, box, metric, v, dt, steps, temperature, start, chains, draws, densityTimes);
    }

    public GridSettings withDt(double v) {
        return new GridSettings(cells, box, metric, time, v, steps, temperature, start, chains, draws, densityTimes);
    }

    public GridSettings withSteps(int v) {
        return new GridSettings(cells, box, metric, time, dt, v, temperature, start, chains, draws, densityTimes);
    }

    public GridSettings withTemperature(double v) {
        return new GridSettings(cells, box, metric, time, dt, steps, v, start, chains, draws, densityTimes);
    }

    public GridSettings withStart(Start v) {
        return new GridSettings(cells, box, metric, time, dt, steps, temperature, v, chains, draws, densityTimes);
    }

    public GridSettings withChains(int v) {
        return new GridSettings(cells, box, metric, time, dt, steps, temperature, start, v, draws, densityTimes);
    }

    public GridSettings withDraws(int v) {
        return new GridSettings(cells, box, metric, time, dt, steps, temperature, start, chains, v, densityTimes);
    }

    public GridSettings withDensityTimes(double... v) {
        return new GridSettings(cells, box, metric, time, dt, steps, temperature, start, chains, draws, v);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GridSettings g && Arrays.equals(cells, g.cells) && java.util.Objects.equals(box, g.box)
                && metric == g.metric
                && Double.compare(time, g.time) == 0 && Double.compare(dt, g.dt) == 0 && steps == g.steps
                && Double.compare(temperature, g.temperature) == 0 && start.equals(g.start) && chains == g.chains
                && draws == g.draws && Arrays.equals(densityTimes, g.densityTimes);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(Arrays.hashCode(cells), box, metric, time, dt, steps, temperature, start, chains, draws,
                Arrays.hashCode(densityTimes));
    }

    @Override
    public String toString() {
        return "GridSettings[cells=" + Arrays.toString(cells) + ", box=" + box + ", metric=" + metric + ", time=" + time + ", dt=" + dt
                + ", steps=" + steps + ", temperature=" + temperature + ", start=" + start.describe() + ", chains=" + chains
                + ", draws=" + draws + ", densityTimes=" + Arrays.toString(densityTimes) + "]";
    }
}
