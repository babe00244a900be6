package otto.ad;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.DoubleFunction;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Central finite differences with a computed error bound, shared by the derivative tests of
 * {@code otto.ad} and {@code otto.model}.
 *
 * <p>For a smooth {@code G(t)} the central difference {@code D(s) = (G(s) - G(-s)) / 2s} has
 * truncation error {@code c₂s² + c₄s⁴ + …}; the Richardson combination
 * {@code R(s) = (4D(s) - D(2s)) / 3} cancels the {@code s²} term, leaving {@code O(s⁴)}. We form
 * {@code R(h)} and {@code R(2h)}: their difference is {@code 15·c·h⁴} while the error of
 * {@code R(h)} is {@code c·h⁴}, so {@code |R(h) - R(2h)|} bounds the truncation error of
 * {@code R(h)} with a margin of about 15. Rounding: each evaluation of {@code G} carries an absolute
 * error of at most {@code k·ε·M} ({@code M} the largest {@code |G|} seen, but at least 1: the
 * terms inside {@code G} are of order one even where they cancel; {@code k} the number of
 * roundings that can pile up in a small composed expression, taken as 100 generously), and
 * {@code R(h)} amplifies that by {@code (4/(2h)·2 + 1/(4h)·2)/3 ≈ 1.5/h}. The bound is the sum of
 * the two. With {@code h = 1e-3} it is about {@code 1e-10} of the scale of {@code G} for the
 * functions tested, so an AD derivative that is wrong by even a rounding-sized fraction of a term
 * fails, while an honest one passes for every seed.
 *
 * <p>A bound that comes out larger than {@code 1e-5 (1 + |R|)} means the differences are not
 * trustworthy there (a point too close to a singularity); that fails loudly instead of letting a
 * loose tolerance hide a wrong derivative.
 */
public final class FiniteDifferences {
    /** Machine epsilon. */
    public static final double EPS = Math.ulp(1.0);
    /** Roundings allowed per evaluation (see the class comment). */
    private static final double ROUNDINGS = 100.0;
    /** The default step, relative to the scale of the input. */
    public static final double STEP = 1e-3;

    private FiniteDifferences() {
    }

    /** A derivative estimate per component, with a bound on its error. */
    public record Estimate(double[] value, double[] error) {
        /** The number of components. */
        public int size() {
            return value.length;
        }
    }

    /** The derivative at {@code t = 0} of a vector-valued {@code G(t)}, step {@code h}. */
    public static Estimate derivative(DoubleFunction<double[]> g, double h) {
        double[] p1 = g.apply(h);
        double[] m1 = g.apply(-h);
        double[] p2 = g.apply(2 * h);
        double[] m2 = g.apply(-2 * h);
        double[] p4 = g.apply(4 * h);
        double[] m4 = g.apply(-4 * h);
        int n = p1.length;
        double[] value = new double[n];
        double[] error = new double[n];
        for (int i = 0; i < n; i++) {
            double d1 = (p1[i] - m1[i]) / (2 * h);
            double d2 = (p2[i] - m2[i]) / (4 * h);
            double d4 = (p4[i] - m4[i]) / (8 * h);
            double r1 = (4 * d1 - d2) / 3;
            double r2 = (4 * d2 - d4) / 3;
            double scale = max(1.0, Math.abs(p1[i]), Math.abs(m1[i]), Math.abs(p2[i]), Math.abs(m2[i]),
                    Math.abs(p4[i]), Math.abs(m4[i]));
            value[i] = r1;
            error[i] = Math.abs(r1 - r2) + 1.5 * ROUNDINGS * EPS * scale / h;
        }
        return new Estimate(value, error);
    }

    /** The derivative of {@code f} along {@code v} at {@code x}, for a vector-valued {@code f}. */
    public static Estimate directional(Function<double[], double[]> f, double[] x, double[] v, double h) {
        return derivative(t -> {
            double[] y = x.clone();
            for (int i = 0; i < y.length; i++) {
                y[i] += t * v[i];
            }
            return f.apply(y);
        }, h);
    }

    /** The gradient of a scalar {@code f} at {@code x}, one coordinate at a time (step {@code h·max(1, |x_i|)}). */
    public static Estimate gradient(ToDoubleFunction<double[]> f, double[] x, double h) {
        int d = x.length;
        double[] value = new double[d];
        double[] error = new double[d];
        for (int i = 0; i < d; i++) {
            double[] e = new double[d];
            e[i] = 1.0;
            Estimate est = directional(y -> new double[] {f.applyAsDouble(y)}, x, e, h * Math.max(1.0, Math.abs(x[i])));
            value[i] = est.value()[0];
            error[i] = est.error()[0];
        }
        return new Estimate(value, error);
    }

    /** The Jacobian of {@code f} at {@code x}, column {@code j} = derivative along {@code e_j}; {@code [i][j]}. */
    public static Estimate[] jacobianColumns(Function<double[], double[]> f, double[] x, double h) {
        Estimate[] cols = new Estimate[x.length];
        for (int j = 0; j < x.length; j++) {
            double[] e = new double[x.length];
            e[j] = 1.0;
            cols[j] = directional(f, x, e, h * Math.max(1.0, Math.abs(x[j])));
        }
        return cols;
    }

    /** Asserts {@code actual} agrees with the estimate within its error bound, naming {@code what}. */
    public static void assertAgrees(String what, double[] actual, Estimate fd) {
        assertThat(actual).as("%s: length", what).hasSize(fd.size());
        for (int i = 0; i < actual.length; i++) {
            double bound = fd.error()[i];
            double ref = fd.value()[i];
            assertThat(bound).as("%s[%d]: finite differences unreliable (bound %.3g on %.6g)", what, i, bound, ref)
                    .isLessThanOrEqualTo(1e-5 * (1 + Math.abs(ref)));
            double tol = bound + 1e-14 * (1 + Math.abs(ref));
            assertThat(Math.abs(actual[i] - ref))
                    .as("%s[%d]: AD %.17g vs FD %.17g (bound %.3g)", what, i, actual[i], ref, tol)
                    .isLessThanOrEqualTo(tol);
        }
    }

    private static double max(double... xs) {
        double m = 0.0;
        for (double x : xs) {
            m = Math.max(m, x);
        }
        return m;
    }
}
