package otto.ad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The tape's bookkeeping: what is recorded, sweeping, adjoint accumulation and clear errors. */
class TapeTest {
    @Test
    void constantsRecordNothing() {
        Tape t = Tape.create();
        Var c = t.constant(new double[] {1, 2, 3});
        Var s = t.constant(2.0);
        Var y = c.exp().mul(c).add(s).logSumExp().add(Var.concat(c, s).sum()).mul(new double[] {3});
        Var z = new Matrix(1, 3, new double[] {1, 1, 1}).times(c.cumulativeSum(true)).gather(new int[] {0, 0});
        Var l = LinearAlgebra.cholesky(t.constant(new double[] {4, 1, 1, 3}), 2);
        assertThat(y.isActive()).isFalse();
        assertThat(z.isActive()).isFalse();
        assertThat(l.isActive()).isFalse();
        assertThat(t.size()).isZero();
        // a variable is one node, and each operation on it one more
        Var x = t.variable(new double[] {1, 2, 3});
        assertThat(t.size()).isEqualTo(1);
        x.mul(c).sum();
        assertThat(t.size()).isEqualTo(3);
        // mixing a variable with a constant records only the mixed node
        x.add(c.exp().sum());
        assertThat(t.size()).isEqualTo(4);
    }

    @Test
    void aTapeIsSweptOnlyOnce() {
        Tape t = Tape.create();
        Var x = t.variable(2.0);
        Var y = x.square();
        t.backward(y);
        assertThat(x.gradient()).containsExactly(4.0);
        assertThatThrownBy(() -> t.backward(y)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already been swept");
        assertThatThrownBy(x::exp).isInstanceOf(IllegalStateException.class).hasMessageContaining("new tape");
        assertThatThrownBy(() -> t.variable(1.0)).isInstanceOf(IllegalStateException.class);
        // constants can still be computed (they record nothing)
        assertThat(t.constant(3.0).exp().value()).isEqualTo(Math.exp(3.0));
    }

    @Test
    void aConstantOutputSweepsToZeroGradients() {
        Tape t = Tape.create();
        Var x = t.variable(new double[] {1, 2});
        Var y = t.constant(5.0).square();
        t.backward(y);
        assertThat(x.gradient()).containsExactly(0.0, 0.0);
        assertThatThrownBy(() -> t.backward(y)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void adjointsAccumulateOverEveryUse() {
        Tape t = Tape.create();
        Var x = t.variable(new double[] {1.5, -0.5});
        // f = x0² + x0·x1 + 3 x0 + exp(x1) + x1 (x1 reached through three paths)
        Var x0 = x.get(0);
        Var x1 = x.get(1);
        Var f = x0.mul(x0).add(x0.mul(x1)).add(x0.mul(3.0)).add(x1.exp()).add(x1);
        Var unused = x.exp().sum();
        t.backward(f);
        assertThat(x.gradient()).containsExactly(new double[] {2 * 1.5 + (-0.5) + 3, 1.5 + Math.exp(-0.5) + 1}, within(1e-15));
        assertThat(x0.gradient()).containsExactly(new double[] {2 * 1.5 + (-0.5) + 3}, within(1e-15));
        assertThat(unused.gradient()).as("a node the output does not depend on").containsExactly(0.0);
        assertThat(f.gradient()).containsExactly(1.0);
    }

    @Test
    void gradientAndValuesAreCopies() {
        Tape t = Tape.create();
        double[] in = {1, 2};
        Var x = t.variable(in);
        in[0] = 100;
        assertThat(x.value(0)).as("variable copies its input").isEqualTo(1.0);
        double[] vals = x.values();
        vals[1] = 100;
        assertThat(x.value(1)).isEqualTo(2.0);
        Var y = x.square().sum();
        t.backward(y);
        double[] g = x.gradient();
        g[0] = 100;
        assertThat(x.gradient()).containsExactly(2.0, 4.0);
    }

    @Test
    void tangentsPropagateOnlyOnTangentTapes() {
        Tape plain = Tape.create();
        assertThat(plain.hasTangents()).isFalse();
        Var x = plain.variable(new double[] {1, 2}, new double[] {1, 1});
        assertThat(x.tan).as("direction ignored on a plain tape").isNull();
        plain.backward(x.square().sum());
        assertThatThrownBy(x::gradientTangent).isInstanceOf(IllegalStateException.class).hasMessageContaining("withTangents");

        Tape tt = Tape.withTangents();
        assertThat(tt.hasTangents()).isTrue();
        Var z = tt.variable(new double[] {1, 2});
        assertThat(z.tan).as("a null direction is zero").containsExactly(0.0, 0.0);
        Var f = z.square().sum();
        tt.backward(f);
        assertThat(z.gradient()).containsExactly(2.0, 4.0);
        assertThat(z.gradientTangent()).containsExactly(0.0, 0.0);
    }

    @Test
    void mismatchedSizesSayWhatAndWhere() {
        Tape t = Tape.create();
        Var a = t.variable(new double[] {1, 2});
        Var b = t.variable(new double[] {1, 2, 3});
        assertThatThrownBy(() -> a.add(b)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sizes 2 and 3 do not broadcast");
        assertThatThrownBy(() -> a.mul(new double[] {1, 2, 3})).hasMessageContaining("sizes 2 and 3 do not broadcast");
        assertThatThrownBy(() -> b.pow(a)).hasMessageContaining("sizes 3 and 2 do not broadcast");
        assertThatThrownBy(() -> a.dot(b)).hasMessageContaining("dot of sizes 2 and 3");
        assertThatThrownBy(() -> a.dot(t.constant(1.0))).hasMessageContaining("dot of sizes 2 and 1");
        assertThatThrownBy(() -> t.backward(a)).hasMessageContaining("scalar output, got size 2");
        assertThatThrownBy(a::value).isInstanceOf(IllegalStateException.class).hasMessageContaining("size 2");
        assertThatThrownBy(() -> a.slice(1, 2)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("slice [1, 3) of size 2");
        assertThatThrownBy(() -> a.slice(-1, 1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> a.get(2)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> a.repeat(4)).hasMessageContaining("only a scalar can be repeated, size is 2");
        assertThatThrownBy(Var::concat).hasMessageContaining("concat of nothing");
        assertThatThrownBy(() -> new Matrix(2, 3, new double[5])).hasMessageContaining("a 2 × 3 matrix needs 6 values, got 5");
        assertThatThrownBy(() -> new Matrix(2, 2, new double[4]).times(b)).hasMessageContaining("matrix 2 × 2 times vector of size 3");
        assertThatThrownBy(() -> LinearAlgebra.cholesky(b, 2)).hasMessageContaining("expected a 2 × 2 matrix, got size 3");
        assertThatThrownBy(() -> LinearAlgebra.logDeterminantFromCholesky(b, 2)).hasMessageContaining("2 × 2");
        Var l = t.variable(new double[] {1, 0, 0.5, 1});
        assertThatThrownBy(() -> LinearAlgebra.solveLower(l, 2, b)).hasMessageContaining("right-hand side has size 3, expected 2");
        assertThatThrownBy(() -> LinearAlgebra.multiply(l, 2, 2, b)).hasMessageContaining("times vector of size 3");
        assertThatThrownBy(() -> LinearAlgebra.multiply(b, 2, 2, a)).hasMessageContaining("matrix of size 3 as 2 × 2");
        assertThatThrownBy(() -> Tape.withTangents().variable(new double[] {1, 2}, new double[] {1}))
                .hasMessageContaining("direction has length 1, variable has 2");
    }

    @Test
    void operandsFromDifferentTapesAreRejected() {
        Tape t1 = Tape.create();
        Tape t2 = Tape.create();
        Var a = t1.variable(1.0);
        Var b = t2.variable(2.0);
        assertThatThrownBy(() -> a.add(b)).hasMessageContaining("different tapes");
        assertThatThrownBy(() -> Var.concat(a, b)).hasMessageContaining("different tapes");
        assertThatThrownBy(() -> t1.backward(b)).hasMessageContaining("another tape");
    }

    @Test
    void choleskyOfANonPositiveDefiniteMatrixIsNanNotAnException() {
        Tape t = Tape.create();
        Var l = LinearAlgebra.cholesky(t.variable(new double[] {1, 2, 2, 1}), 2);
        assertThat(l.value(0)).isEqualTo(1.0);
        assertThat(l.value(3)).isNaN();
        assertThat(l.value(1)).isZero();
    }

    @Test
    void linearAlgebraValuesAgainstAWorkedExample() {
        Tape t = Tape.create();
        // A = [[4, 2], [2, 3]] = L Lᵀ with L = [[2, 0], [1, √2]]
        Var a = t.variable(new double[] {4, 2, 2, 3});
        Var l = LinearAlgebra.cholesky(a, 2);
        assertThat(l.values()).containsExactly(new double[] {2, 0, 1, Math.sqrt(2)}, within(1e-15));
        assertThat(LinearAlgebra.logDeterminantFromCholesky(l, 2).value()).isCloseTo(Math.log(8), within(1e-15));
        // L x = (2, 3) ⇒ x = (1, 2/√2)
        Var x = LinearAlgebra.solveLower(l, 2, t.constant(new double[] {2, 3}));
        assertThat(x.values()).containsExactly(new double[] {1, 2 / Math.sqrt(2)}, within(1e-15));
        Var y = LinearAlgebra.multiply(a, 2, 2, t.constant(new double[] {1, -1}));
        assertThat(y.values()).containsExactly(2.0, -1.0);
        Var m = new Matrix(2, 3, new double[] {1, 2, 3, 4, 5, 6}).times(t.variable(new double[] {1, 0, -1}));
        assertThat(m.values()).containsExactly(-2.0, -2.0);
    }

    @Test
    void indexingValues() {
        Tape t = Tape.create();
        Var x = t.variable(new double[] {1, 2, 3, 4});
        assertThat(x.cumulativeSum(false).values()).containsExactly(1, 3, 6, 10);
        assertThat(x.cumulativeSum(true).values()).containsExactly(0, 1, 3, 6);
        assertThat(x.gather(new int[] {3, 3, 0}).values()).containsExactly(4, 4, 1);
        assertThat(x.get(2).repeat(3).values()).containsExactly(3, 3, 3);
        assertThat(x.repeat(4)).isSameAs(x);
        assertThat(x.slice(1, 0).size()).isZero();
        assertThat(Var.concat(x.slice(2, 2), t.constant(9.0), x.get(0)).values()).containsExactly(3, 4, 9, 1);
        assertThat(x.toString()).isEqualTo("Var[1.0, 2.0, 3.0, 4.0]");
        assertThat(t.constant(1.0).toString()).isEqualTo("Const[1.0]");
        // gather with repeated indices adds the adjoints of the repeats
        Var g = x.gather(new int[] {1, 1, 1, 3}).sum();
        t.backward(g);
        assertThat(x.gradient()).containsExactly(0, 3, 0, 1);
    }
}
