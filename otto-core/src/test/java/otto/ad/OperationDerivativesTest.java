package otto.ad;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Property tests: for every tape operation, at seeded random points, the gradient and the
 * Hessian–vector product agree with central finite differences.
 *
 * <p>Each operation is wrapped into a scalar {@code f(x) = Σ w_i op(x)_i² / 2 + Σ w_i op(x)_i}
 * with random weights, so that second derivatives of the operation itself and of the
 * composition are both exercised. Inputs live in (0.2, 1.7) so that every function is smooth
 * there. Central differences with step h have truncation error O(h²·f''') and rounding error
 * O(ε·|f|/h); with h = 1e-5 both are below 1e-7 relative, so 1e-6 relative is a safe bound.
 */
class OperationDerivativesTest {
    private static final int N = 4;
    private static final double[] DATA = {0.3, -1.2, 2.0, 0.7};
    private static final Matrix M = new Matrix(3, N, new double[] {1, 2, 0, -1, 0.5, -0.3, 1, 2, 0, 1, 1, 1});

    static Map<String, ScalarFunction> operations() {
        Map<String, ScalarFunction> ops = new LinkedHashMap<>();
        ops.put("exp", x -> x.exp());
        ops.put("log", x -> x.log());
        ops.put("log1p", x -> x.log1p());
        ops.put("log1m", x -> x.mul(0.5).log1m());
        ops.put("expm1", x -> x.expm1());
        ops.put("sqrt", x -> x.sqrt());
        ops.put("square", x -> x.square());
        ops.put("inv", x -> x.inv());
        ops.put("tanh", x -> x.tanh());
        ops.put("invLogit", x -> x.invLogit());
        ops.put("log1pExp", x -> x.log1pExp());
        ops.put("logInvLogit", x -> x.logInvLogit());
        ops.put("log1mInvLogit", x -> x.log1mInvLogit());
        ops.put("lgamma", x -> x.lgamma());
        ops.put("pow(2.5)", x -> x.pow(2.5));
        ops.put("affine", x -> x.affine(-1.5, 0.25));
        ops.put("rdiv", x -> x.rdiv(3.0));
        ops.put("add", x -> x.add(x.exp()));
        ops.put("sub", x -> x.sub(x.square()));
        ops.put("mul", x -> x.mul(x.log1p()));
        ops.put("div", x -> x.exp().div(x.add(1.0)));
        ops.put("pow(var)", x -> x.pow(x.slice(0, 1)));
        ops.put("logAddExp", x -> x.logAddExp(x.square().neg()));
        ops.put("broadcast scalar·vector", x -> x.get(1).mul(x).add(x.get(2)));
        ops.put("with constant array", x -> x.mul(DATA).sub(DATA).div(x.tape().constant(DATA).exp()));
        ops.put("sum", x -> x.square().sum());
        ops.put("dot", x -> x.dot(x.exp()));
        ops.put("logSumExp", x -> x.mul(3.0).logSumExp());
        ops.put("slice", x -> x.slice(1, 2).exp());
        ops.put("gather (repeats)", x -> x.gather(new int[] {3, 0, 3, 1}).log());
        ops.put("repeat", x -> x.get(2).repeat(3).mul(x.slice(0, 3)));
        ops.put("cumsum", x -> x.cumulativeSum(false).log());
        ops.put("cumsum exclusive", x -> x.cumulativeSum(true).add(1.0).log());
        ops.put("concat", x -> Var.concat(x.slice(2, 2).exp(), x.tape().constant(1.0), x.get(0)).square());
        ops.put("matrix times", x -> M.times(x.exp()));
        ops.put("cholesky", x -> LinearAlgebra.cholesky(spd(x), 2));
        ops.put("solveLower", x -> LinearAlgebra.solveLower(LinearAlgebra.cholesky(spd(x), 2), 2, x.slice(0, 2)));
        ops.put("multiply", x -> LinearAlgebra.multiply(x, 2, 2, x.slice(1, 2).exp()));
        ops.put("logDet", x -> LinearAlgebra.logDeterminantFromCholesky(LinearAlgebra.cholesky(spd(x), 2), 2));
        return ops;
    }

    /** A 2 × 2 symmetric positive-definite matrix built from x. */
    private static Var spd(Var x) {
        Var a = x.get(0).add(2.0);
        Var b = x.get(1).mul(0.3);
        Var d = x.get(2).add(x.get(3)).add(1.0);
        return Var.concat(a, b, b, d);
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (Map.Entry<String, ScalarFunction> e : operations().entrySet()) {
            for (long seed = 1; seed <= 3; seed++) {
                out.add(Arguments.of(e.getKey(), e.getValue(), seed));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} seed {2}")
    @MethodSource("cases")
    void gradientAndHessianVectorProductMatchFiniteDifferences(String name, ScalarFunction op, long seed) {
        UniformRandomProvider rng = RandomSource.L64_X256_MIX.create(seed);
        double[] x = new double[N];
        double[] v = new double[N];
        for (int i = 0; i < N; i++) {
            x[i] = 0.2 + 1.5 * rng.nextDouble();
            v[i] = rng.nextDouble() - 0.5;
        }
        int outSize = op.apply(Tape.create().variable(x)).size();
        double[] w = new double[outSize];
        for (int i = 0; i < outSize; i++) {
            w[i] = rng.nextDouble() + 0.5;
        }
        ScalarFunction f = in -> {
            Var y = op.apply(in);
            Var weights = in.tape().constant(w);
            return y.square().mul(weights).sum().mul(0.5).add(y.mul(weights).sum());
        };
        double[] g = new double[N];
        double[] hv = new double[N];
        double value = Gradients.hessianVectorProduct(f, x, v, g, hv);
        double[] g2 = new double[N];
        assertThat(Gradients.valueAndGradient(f, x, g2)).isEqualTo(value);
        assertThat(g2).containsExactly(g);
        double h = 1e-5;
        for (int i = 0; i < N; i++) {
            double[] xp = x.clone();
            double[] xm = x.clone();
            xp[i] += h;
            xm[i] -= h;
            double fd = (Gradients.valueAndGradient(f, xp, null) - Gradients.valueAndGradient(f, xm, null)) / (2 * h);
            assertThat(g[i]).as("%s ∂/∂x%d", name, i).isCloseTo(fd, org.assertj.core.api.Assertions.within(1e-6 * (1 + Math.abs(fd))));
        }
        double[] xp = x.clone();
        double[] xm = x.clone();
        for (int i = 0; i < N; i++) {
            xp[i] += h * v[i];
            xm[i] -= h * v[i];
        }
        double[] gp = new double[N];
        double[] gm = new double[N];
        Gradients.valueAndGradient(f, xp, gp);
        Gradients.valueAndGradient(f, xm, gm);
        for (int i = 0; i < N; i++) {
            double fd = (gp[i] - gm[i]) / (2 * h);
            assertThat(hv[i]).as("%s (Hv)%d", name, i).isCloseTo(fd, org.assertj.core.api.Assertions.within(1e-6 * (1 + Math.abs(fd))));
        }
    }
}
