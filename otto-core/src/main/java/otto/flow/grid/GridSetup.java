package otto.flow.grid;

import otto.flow.Evaluator;
import otto.flow.RandomStream;
import otto.flow.RunFailedException;
import otto.flow.gaussian.Laplace;
import otto.math.Dense;
import otto.math.Vectors;
import otto.flow.particle.Metric;
import otto.model.Target;

/**
 * How a grid method chooses what the user left out: the box, the final time, the initial
 * density.
 *
 * <p><b>The coordinates.</b> The Laplace fit ({@link Laplace#find}, from the origin or, if the log
 * density is not finite there, from the first of 100 uniform points in {@code (-2, 2)^d} where it
 * is) gives a mode and a covariance Σ. With the dense metric (the default) the grid is laid out in
 * the coordinates z of {@code θ = mode + L z}, L the Cholesky factor of Σ ({@link Frame}), in which
 * the Gaussian approximation is standard normal: a strongly correlated posterior is then about as
 * round on the grid as an uncorrelated one. With the diagonal metric {@code L = diag(√Σ_aa)}; with
 * the unit metric, a given box, or no usable covariance, the model's own axes.
 *
 * <p><b>The box.</b> It starts as {@code ± }{@value #SDS} on every axis of z (that is
 * {@code mode ± }{@value #SDS}{@code √Σ_aa} with the unit metric; {@code mode ± 4} when the Hessian
 * at the mode is not negative definite). Then, up to {@value #ROUNDS} times, the log density is
 * evaluated on a fine lattice of points on each face of the box and every face where it is still
 * within {@value #FACE_DROP} of the largest value found is pushed out by half the box's width on
 * that axis — so heavy or curved tails (a banana) get room that a Gaussian fit would not give them,
 * while a face at the edge of the support (log density -∞) stays.
 *
 * <p><b>The time.</b> {@code 8 λ_max}, λ_max the largest eigenvalue of the Laplace covariance in
 * the grid's coordinates ({@code L⁻¹ΣL⁻ᵀ}: 1 with the dense metric, Σ itself with the unit one): the
 * Fokker–Planck equation of a Gaussian target relaxes like {@code exp(-t/λ_max)} in its slowest
 * direction (the free energy at twice that rate), so the excess free energy of the default start
 * has decayed by about {@code e^-16}. Without a Laplace covariance, {@code 8 (w/12)²} with w the
 * widest axis of the first box.
 */
public final class GridSetup {
    /** Laplace standard deviations on each side of the mode. */
    public static final double SDS = 6.0;
    /** Faces whose log density is within this of the peak are pushed out. */
    public static final double FACE_DROP = 12.0;
    /** The most rounds of pushing faces out. */
    public static final int ROUNDS = 8;

    private GridSetup() {
    }

    /**
     * What was chosen.
     *
     * @param box    the box, in the coordinates of {@code frame}
     * @param frame  the map from the grid's coordinates to the model's
     * @param metric the metric the frame comes from ({@code UNIT} for the identity)
     * @param origin {@code given}, {@code laplace} (the first box was enough) or {@code laplace+search}
     * @param time   the default final time
     * @param fit    the Laplace fit (null if none was needed or found)
     */
    public record Choice(Box box, Frame frame, Metric metric, String origin, double time, Laplace.Fit fit) {
    }

    /**
     * Chooses the coordinates and the box (unless {@code given}: it is then in the model's
     * coordinates) and the default time for {@code target}.
     *
     * @param metric the grid's coordinates (null for dense); a given box takes only the unit metric
     * @throws RunFailedException if no point with a finite log density can be found
     */
    public static Choice choose(Target target, Evaluator evaluator, RandomStream stream, Box given, Metric metric,
                                boolean needFit) {
        int d = target.dimension();
        if (d > Grid.MAX_DIMENSION) {
            throw new IllegalArgumentException("grid methods need d ≤ 3; this model has d = " + d);
        }
        if (given != null && given.dimension() != d) {
            throw new IllegalArgumentException("the box has " + given.dimension() + " axes; this model has d = " + d);
        }
        Laplace.Fit fit = null;
        if (given == null || needFit) {
            double[] x0 = new double[d];
            if (!Double.isFinite(target.logDensity(x0, null))) {
                boolean found = false;
                for (int k = 0; k < 100 && !found; k++) {
                    for (int a = 0; a < d; a++) {
                        x0[a] = stream.nextUniform(-2, 2);
                    }
                    found = Double.isFinite(target.logDensity(x0, null));
                }
                if (!found) {
                    if (given == null) {
                        throw new RunFailedException("no point with a finite log density in 100 tries uniformly in (-2, 2)^" + d
                                + ": cannot choose a box; give one");
                    }
                    x0 = null;
                }
            }
            if (x0 != null) {
                fit = Laplace.find(target, x0, 100);
                if (fit.covariance() != null && !Vectors.allFinite(fit.covariance())) {
                    fit = new Laplace.Fit(fit.mode(), fit.logDensity(), null, fit.iterations(), fit.converged());
                }
            }
        }
        if (given != null) {
            if (metric != null && metric != Metric.UNIT) {
                throw new IllegalArgumentException("a given box is in the model's coordinates: it takes the unit metric, not "
                        + metric.name().toLowerCase(java.util.Locale.ROOT));
            }
            double lambda = largestVariance(fit, Frame.identity(d));
            double time = Double.isNaN(lambda) ? 8.0 * sq(widest(given) / 12.0) : 8.0 * lambda;
            return new Choice(given, Frame.identity(d), Metric.UNIT, "given", time, fit);
        }
        Frame frame = frame(fit, metric == null ? Metric.DENSE : metric, d);
        Metric used = frame.isIdentity() ? Metric.UNIT : metric == null ? Metric.DENSE : metric;
        double[] lo = new double[d];
        double[] hi = new double[d];
        double[] z = new double[d];
        frame.toGrid(fit.mode(), z);
        for (int a = 0; a < d; a++) {
            double half = fit.covariance() == null ? 4.0 : frame.isIdentity() ? SDS * Math.sqrt(fit.covariance()[a * d + a]) : SDS;
            lo[a] = z[a] - half;
            hi[a] = z[a] + half;
        }
        Box first = new Box(lo, hi);
        double lambda = largestVariance(fit, frame);
        double time = Double.isNaN(lambda) ? 8.0 * sq(widest(first) / 12.0) : 8.0 * lambda;
        Box box = first;
        boolean searched = false;
        for (int round = 0; round < ROUNDS; round++) {
            Box next = pushFaces(box, frame, evaluator, Double.isFinite(fit.logDensity()) ? fit.logDensity() : Double.NEGATIVE_INFINITY);
            if (next.equals(box)) {
                break;
            }
            box = next;
            searched = true;
        }
        return new Choice(box, frame, used, searched ? "laplace+search" : "laplace", time, fit);
    }

    /** The frame of {@code metric} from the fit's mode and covariance; the identity without a usable covariance. */
    private static Frame frame(Laplace.Fit fit, Metric metric, int d) {
        if (metric == Metric.UNIT || fit.covariance() == null) {
            return Frame.identity(d);
        }
        double[] cov = fit.covariance();
        double[] l;
        if (metric == Metric.DENSE) {
            l = Dense.cholesky(cov, d);
            if (l == null) {
                return Frame.identity(d);
            }
        } else {
            l = new double[d * d];
            for (int a = 0; a < d; a++) {
                l[a * d + a] = Math.sqrt(cov[a * d + a]);
            }
        }
        try {
            return Frame.of(fit.mode(), l);
        } catch (IllegalArgumentException e) {
            return Frame.identity(d); // a covariance whose factor is not a usable volume
        }
    }

    /** The largest eigenvalue of the Laplace covariance in the frame's coordinates, {@code L⁻¹ΣL⁻ᵀ}; NaN without one. */
    private static double largestVariance(Laplace.Fit fit, Frame frame) {
        if (fit == null || fit.covariance() == null) {
            return Double.NaN;
        }
        int d = frame.dimension();
        double[] cov = fit.covariance();
        if (frame.isIdentity()) {
            return Dense.symmetricEigen(cov, d).max();
        }
        // W = L⁻¹ Σ L⁻ᵀ = L⁻¹ (L⁻¹ Σ)ᵀ (Σ is symmetric), symmetrised against rounding
        double[] l = frame.lower();
        double[] w = solveLowerColumns(l, d, transpose(solveLowerColumns(l, d, cov), d));
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < i; j++) {
                double m = 0.5 * (w[i * d + j] + w[j * d + i]);
                w[i * d + j] = m;
                w[j * d + i] = m;
            }
        }
        return Dense.symmetricEigen(w, d).max();
    }

    /** {@code L⁻¹ B} for a {@code d × d} lower-triangular L and a {@code d × d} B, column by column. */
    private static double[] solveLowerColumns(double[] l, int d, double[] b) {
        double[] out = new double[d * d];
        double[] col = new double[d];
        double[] x = new double[d];
        for (int j = 0; j < d; j++) {
            for (int i = 0; i < d; i++) {
                col[i] = b[i * d + j];
            }
            Dense.solveLower(l, d, col, x);
            for (int i = 0; i < d; i++) {
                out[i * d + j] = x[i];
            }
        }
        return out;
    }

    private static double[] transpose(double[] a, int d) {
        double[] t = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                t[j * d + i] = a[i * d + j];
            }
        }
        return t;
    }

    /**
     * Evaluates the log density on each face of the box at a fine lattice of points (4096 per
     * edge in 2-D, 160 × 160 per face in 3-D: a narrow ridge crossing the face is not missed) and
     * pushes out every face whose largest value is within {@link #FACE_DROP} of the peak. The
     * points are in the frame's coordinates.
     */
    private static Box pushFaces(Box box, Frame frame, Evaluator evaluator, double peak) {
        int d = box.dimension();
        int per = d == 1 ? 1 : d == 2 ? 4096 : 160;
        int perFace = d == 1 ? 1 : d == 2 ? per : per * per;
        int faces = 2 * d;
        double[] points = new double[faces * perFace * d];
        double[] lo = box.lo();
        double[] hi = box.hi();
        for (int f = 0; f < faces; f++) {
            int axis = f / 2;
            boolean upper = (f & 1) == 1;
            for (int k = 0; k < perFace; k++) {
                int base = (f * perFace + k) * d;
                int rest = k;
                for (int a = 0; a < d; a++) {
                    if (a == axis) {
                        points[base + a] = upper ? hi[a] : lo[a];
                    } else {
                        int idx = rest % per;
                        rest /= per;
                        points[base + a] = lo[a] + (idx + 0.5) * (hi[a] - lo[a]) / per;
                    }
                }
            }
        }
        if (!frame.isIdentity()) {
            double[] z = new double[d];
            for (int k = 0; k < faces * perFace; k++) {
                System.arraycopy(points, k * d, z, 0, d);
                frame.toModel(z, z);
                System.arraycopy(z, 0, points, k * d, d);
            }
        }
        double[] lp = new double[faces * perFace];
        evaluator.evaluate(points, faces * perFace, lp, null);
        double top = peak;
        double[] faceMax = new double[faces];
        java.util.Arrays.fill(faceMax, Double.NEGATIVE_INFINITY);
        for (int f = 0; f < faces; f++) {
            for (int k = 0; k < perFace; k++) {
                double l = lp[f * perFace + k];
                if (l > faceMax[f]) {
                    faceMax[f] = l;
                }
            }
            top = Math.max(top, faceMax[f]);
        }
        for (int f = 0; f < faces; f++) {
            int a = f / 2;
            if (faceMax[f] > top - FACE_DROP) {
                double w = box.width(a);
                if ((f & 1) == 1) {
                    hi[a] += 0.5 * w;
                } else {
                    lo[a] -= 0.5 * w;
                }
            }
        }
        return new Box(lo, hi);
    }

    /**
     * The initial density on the grid (not yet restricted to the support or normalised).
     *
     * @throws IllegalArgumentException if the start does not fit the grid or is not a density
     */
    public static double[] startDensity(Start start, Grid grid, Laplace.Fit fit) {
        int n = grid.size();
        int d = grid.dimension();
        double[] rho = new double[n];
        double[] x = new double[d];
        if (start instanceof Start.Laplace l && fit != null && fit.covariance() != null) {
            double[] cov = fit.covariance().clone();
            for (int i = 0; i < cov.length; i++) {
                cov[i] *= l.widen() * l.widen();
            }
            double[] chol = Dense.cholesky(cov, d);
            if (chol != null) {
                double[] r = new double[d];
                double[] y = new double[d];
                for (int i = 0; i < n; i++) {
                    grid.centre(i, x);
                    for (int a = 0; a < d; a++) {
                        r[a] = x[a] - fit.mode()[a];
                    }
                    Dense.solveLower(chol, d, r, y);
                    double q = 0.0;
                    for (double v : y) {
                        q += v * v;
                    }
                    rho[i] = Math.exp(-0.5 * q);
                }
                return rho;
            }
        }
        if (start instanceof Start.Gaussian g) {
            if (g.mean().length != d) {
                throw new IllegalArgumentException("start: a Gaussian with " + g.mean().length + " axes for a " + d + "-D grid");
            }
            for (int i = 0; i < n; i++) {
                grid.centre(i, x);
                double q = 0.0;
                for (int a = 0; a < d; a++) {
                    double z = (x[a] - g.mean()[a]) / g.sd()[a];
                    q += z * z;
                }
                rho[i] = Math.exp(-0.5 * q);
            }
        } else if (start instanceof Start.Function f) {
            for (int i = 0; i < n; i++) {
                grid.centre(i, x);
                rho[i] = f.density().applyAsDouble(x);
            }
        } else if (start instanceof Start.Values v) {
            if (v.density().length != n) {
                throw new IllegalArgumentException("start: " + v.density().length + " values for " + n + " cells");
            }
            System.arraycopy(v.density(), 0, rho, 0, n);
        } else {
            java.util.Arrays.fill(rho, 1.0); // uniform, or a Laplace start without a fit
        }
        for (int i = 0; i < n; i++) {
            if (!(rho[i] >= 0) || !Double.isFinite(rho[i])) {
                grid.centre(i, x);
                throw new IllegalArgumentException("start: the initial density is " + rho[i] + " at " + java.util.Arrays.toString(x)
                        + "; it must be finite and non-negative");
            }
        }
        return rho;
    }

    private static double widest(Box b) {
        double w = 0.0;
        for (int a = 0; a < b.dimension(); a++) {
            w = Math.max(w, b.width(a));
        }
        return w;
    }

    private static double sq(double x) {
        return x * x;
    }
}
