package otto.flow.grid;

import otto.flow.Evaluator;
import otto.flow.RandomStream;
import otto.flow.RunFailedException;
import otto.flow.gaussian.Laplace;
import otto.math.Dense;
import otto.math.Vectors;
import otto.model.Target;

/**
 * How a grid method chooses what the user left out: the box, the final time, the initial
 * density.
 *
 * <p><b>The box.</b> The Laplace fit ({@link Laplace#find}, from the origin or, if the log
 * density is not finite there, from the first of 100 uniform points in {@code (-2, 2)^d} where it
 * is) gives a mode and a covariance Σ; the box starts as {@code mode ± }{@value #SDS}
 * {@code √Σ_aa} on every axis (or {@code mode ± 4} when the Hessian at the mode is not negative
 * definite). Then, up to {@value #ROUNDS} times, the log density is evaluated on a fine lattice
 * of points on each face of the box and every face where it is still within {@value #FACE_DROP}
 * of the largest value found is pushed out by half the box's width on that axis — so heavy or curved tails (a banana) get room that a Gaussian fit would not give them,
 * while a face at the edge of the support (log density -∞) stays.
 *
 * <p><b>The time.</b> {@code 8 λ_max(Σ)}: the Fokker–Planck equation of a Gaussian target relaxes
 * like {@code exp(-t/λ_max)} in its slowest direction (the free energy at twice that rate), so the
 * excess free energy of the default start has decayed by about {@code e^-16}. Without a Laplace
 * covariance, {@code 8 (w/12)²} with w the widest axis of the first box.
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
     * @param box    the box
     * @param origin {@code given}, {@code laplace} (the first box was enough) or {@code laplace+search}
     * @param time   the default final time
     * @param fit    the Laplace fit (null if none was needed or found)
     */
    public record Choice(Box box, String origin, double time, Laplace.Fit fit) {
    }

    /**
     * Chooses the box (unless {@code given}) and the default time for {@code target}.
     *
     * @throws RunFailedException if no point with a finite log density can be found
     */
    public static Choice choose(Target target, Evaluator evaluator, RandomStream stream, Box given, boolean needFit) {
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
        double lambda = Double.NaN;
        if (fit != null && fit.covariance() != null) {
            Dense.SymmetricEigen e = Dense.symmetricEigen(fit.covariance(), d);
            lambda = e.max();
        }
        if (given != null) {
            double time = Double.isNaN(lambda) ? 8.0 * sq(widest(given) / 12.0) : 8.0 * lambda;
            return new Choice(given, "given", time, fit);
        }
        double[] lo = new double[d];
        double[] hi = new double[d];
        for (int a = 0; a < d; a++) {
            double half = fit.covariance() != null ? SDS * Math.sqrt(fit.covariance()[a * d + a]) : 4.0;
            lo[a] = fit.mode()[a] - half;
            hi[a] = fit.mode()[a] + half;
        }
        Box first = new Box(lo, hi);
        double time = Double.isNaN(lambda) ? 8.0 * sq(widest(first) / 12.0) : 8.0 * lambda;
        Box box = first;
        boolean searched = false;
        for (int round = 0; round < ROUNDS; round++) {
            Box next = pushFaces(box, target, evaluator, Double.isFinite(fit.logDensity()) ? fit.logDensity() : Double.NEGATIVE_INFINITY);
            if (next.equals(box)) {
                break;
            }
            box = next;
            searched = true;
        }
        return new Choice(box, searched ? "laplace+search" : "laplace", time, fit);
    }

    /**
     * Evaluates the log density on each face of the box at a fine lattice of points (4096 per
     * edge in 2-D, 160 × 160 per face in 3-D: a narrow ridge crossing the face is not missed) and
     * pushes out every face whose largest value is within {@link #FACE_DROP} of the peak.
     */
    private static Box pushFaces(Box box, Target target, Evaluator evaluator, double peak) {
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
