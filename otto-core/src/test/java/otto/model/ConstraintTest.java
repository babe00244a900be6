package otto.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.stream.Stream;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.hipparchus.linear.LUDecomposition;
import org.hipparchus.linear.MatrixUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import otto.ad.Tape;
import otto.ad.Var;

/**
 * Every constraint, at seeded random unconstrained points: the image lies in the support,
 * {@code unconstrain(constrain(u)) = u}, and the log-Jacobian it adds equals {@code log |det J|}
 * of the map onto its free coordinates, by central finite differences (error O(h²), h = 1e-6).
 */
class ConstraintTest {

    record Case(String name, Constraint constraint, int[] shape, int[] freeCoordinates) {
    }

    static Stream<Arguments> cases() {
        Case[] all = {
            new Case("lower", Constraint.lower(-1.5), new int[] {3}, new int[] {0, 1, 2}),
            new Case("upper", Constraint.upper(2.0), new int[] {2}, new int[] {0, 1}),
            new Case("interval", Constraint.interval(-1, 4), new int[] {3}, new int[] {0, 1, 2}),
            new Case("ordered", Constraint.ordered(), new int[] {4}, new int[] {0, 1, 2, 3}),
            new Case("simplex", Constraint.simplex(), new int[] {4}, new int[] {0, 1, 2}),
            new Case("cholesky corr", Constraint.choleskyCorrelation(), new int[] {3, 3}, new int[] {3, 6, 7}),
        };
        Stream.Builder<Arguments> b = Stream.builder();
        for (Case c : all) {
            for (long seed = 1; seed <= 4; seed++) {
                b.add(Arguments.of(c.name(), c, seed));
            }
        }
        return b.build();
    }

    static double[] constrain(Case c, double[] u, double[] logJ) {
        Tape t = Tape.create();
        Params p = new Params(t);
        Var x = c.constraint().constrain(t.constant(u), c.shape(), p);
        if (logJ != null) {
            logJ[0] = p.logJacobian().value();
        }
        return x.values();
    }

    @ParameterizedTest(name = "{0} seed {2}")
    @MethodSource("cases")
    void supportRoundTripAndJacobian(String name, Case c, long seed) {
        UniformRandomProvider rng = RandomSource.L64_X256_MIX.create(seed);
        int m = c.constraint().freeSize(c.shape());
        double[] u = new double[m];
        for (int i = 0; i < m; i++) {
            u[i] = 3 * rng.nextDouble() - 1.5;
        }
        double[] logJ = new double[1];
        double[] x = constrain(c, u, logJ);
        checkSupport(name, x);
        double[] back = c.constraint().unconstrain(x, c.shape(), new Params(Tape.create()));
        for (int i = 0; i < m; i++) {
            assertThat(back[i]).isCloseTo(u[i], within(1e-9));
        }
        double h = 1e-6;
        double[][] jac = new double[m][m];
        for (int j = 0; j < m; j++) {
            double[] up = u.clone();
            double[] um = u.clone();
            up[j] += h;
            um[j] -= h;
            double[] xp = constrain(c, up, null);
            double[] xm = constrain(c, um, null);
            for (int i = 0; i < m; i++) {
                int k = c.freeCoordinates()[i];
                jac[i][j] = (xp[k] - xm[k]) / (2 * h);
            }
        }
        double det = new LUDecomposition(MatrixUtils.createRealMatrix(jac)).getDeterminant();
        assertThat(logJ[0]).isCloseTo(Math.log(Math.abs(det)), within(1e-6));
    }

    private static void checkSupport(String name, double[] x) {
        switch (name) {
            case "lower" -> assertThat(java.util.Arrays.stream(x).min().getAsDouble()).isGreaterThan(-1.5);
            case "upper" -> assertThat(java.util.Arrays.stream(x).max().getAsDouble()).isLessThan(2.0);
            case "interval" -> assertThat(java.util.Arrays.stream(x).allMatch(v -> v > -1.0 && v < 4.0)).isTrue();
            case "ordered" -> {
                for (int i = 1; i < x.length; i++) {
                    assertThat(x[i]).isGreaterThan(x[i - 1]);
                }
            }
            case "simplex" -> {
                assertThat(java.util.Arrays.stream(x).allMatch(v -> v > 0)).isTrue();
                assertThat(java.util.Arrays.stream(x).sum()).isCloseTo(1.0, within(1e-12));
            }
            case "cholesky corr" -> {
                for (int i = 0; i < 3; i++) {
                    double norm = 0;
                    for (int j = 0; j < 3; j++) {
                        norm += x[i * 3 + j] * x[i * 3 + j];
                        if (j > i) {
                            assertThat(x[i * 3 + j]).isZero();
                        }
                    }
                    assertThat(norm).isCloseTo(1.0, within(1e-12));
                    assertThat(x[i * 3 + i]).isPositive();
                }
            }
            default -> throw new IllegalArgumentException(name);
        }
    }

    /** A dependent bound: b in (0, 1 - a). */
    @Test
    void boundOnAnEarlierParameter() {
        Model m = new Model("dependent") {
            protected void declare(Declarations d) {
                d.interval("a", 0, 1).parameter("b", Constraint.interval(Bound.of(0), p -> p.get("a").rsub(1.0)));
            }

            protected Var logDensity(Params p) {
                return p.tape().constant(0.0);
            }
        };
        double[] out = m.output(new double[] {0.4, -0.3});
        assertThat(out[1]).isBetween(0.0, 1.0 - out[0]);
        assertThat(m.unconstrain(out)).containsExactly(new double[] {0.4, -0.3}, within(1e-12));
        assertThatThrownBy(() -> m.unconstrain(new double[] {0.7, 0.5})).hasMessageContaining("parameter b");
    }

    /**
     * End to end: σ ~ exponential(1) declared with lower = 0; the density on the unconstrained
     * scale (Jacobian included) must integrate to one. Trapezoid on [-30, 5], error far below 1e-8.
     */
    @Test
    void unconstrainedDensityIntegratesToOne() {
        Model m = new Model("exp") {
            protected void declare(Declarations d) {
                d.lower("sigma", 0);
            }

            protected Var logDensity(Params p) {
                return p.get("sigma").neg();
            }
        };
        double a = -30;
        double b = 5;
        int n = 200_000;
        double step = (b - a) / n;
        double sum = 0;
        for (int i = 0; i <= n; i++) {
            double w = i == 0 || i == n ? 0.5 : 1;
            sum += w * Math.exp(m.logDensity(new double[] {a + i * step}, null));
        }
        assertThat(sum * step).isCloseTo(1.0, within(1e-8));
    }

    @Test
    void modelsCatchTheirAuthorsMistakes() {
        Model twice = new Model("twice") {
            protected void declare(Declarations d) {
                d.real("a").real("a");
            }

            protected Var logDensity(Params p) {
                return p.get("a");
            }
        };
        assertThatThrownBy(twice::dimension).hasMessageContaining("declared twice");
        Model undefined = new Model("undefined") {
            protected void declare(Declarations d) {
                d.real("a").transformed("t", 2);
            }

            protected Var logDensity(Params p) {
                return p.get("a");
            }
        };
        assertThatThrownBy(() -> undefined.logDensity(new double[] {1}, null)).hasMessageContaining("did not define transformed parameter t");
        assertThatThrownBy(() -> undefined.logDensity(new double[] {1, 2}, null)).hasMessageContaining("dimension 1");
    }

    @Test
    void stanStyleNamesFirstIndexFastest() {
        Model m = new Model("names") {
            protected void declare(Declarations d) {
                d.real("mu").choleskyCorrelation("L", 2).real("beta", 2);
            }

            protected Var logDensity(Params p) {
                return p.get("mu");
            }
        };
        assertThat(m.outputNames()).containsExactly("mu", "L.1.1", "L.2.1", "L.1.2", "L.2.2", "beta.1", "beta.2");
        double[] out = m.output(new double[] {0.5, 0.3, 1, 2});
        assertThat(out[1]).isEqualTo(1.0);
        assertThat(out[2]).isCloseTo(Math.tanh(0.3), within(1e-15));
        assertThat(out[3]).isZero();
    }
}
