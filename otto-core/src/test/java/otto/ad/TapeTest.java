package otto.ad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TapeTest {
    @Test
    void constantsRecordNothing() {
        Tape t = Tape.create();
        Var c = t.constant(new double[] {1, 2, 3});
        Var y = c.exp().mul(c).sum();
        assertThat(y.isActive()).isFalse();
        assertThat(t.size()).isZero();
        Var x = t.variable(new double[] {1, 2, 3});
        x.mul(c).sum();
        assertThat(t.size()).isEqualTo(3);
    }

    @Test
    void sweptOnce() {
        Tape t = Tape.create();
        Var x = t.variable(2.0);
        Var y = x.square();
        t.backward(y);
        assertThat(x.gradient()).containsExactly(4.0);
        assertThatThrownBy(() -> t.backward(y)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> x.exp()).isInstanceOf(IllegalStateException.class).hasMessageContaining("new tape");
    }

    @Test
    void sizeMismatchesSayWhat() {
        Tape t = Tape.create();
        Var a = t.variable(new double[] {1, 2});
        Var b = t.variable(new double[] {1, 2, 3});
        assertThatThrownBy(() -> a.add(b)).hasMessageContaining("sizes 2 and 3 do not broadcast");
        assertThatThrownBy(() -> t.backward(a)).hasMessageContaining("scalar output");
    }

    @Test
    void tailsStayFinite() {
        Tape t = Tape.create();
        Var x = t.variable(new double[] {800, -800});
        assertThat(x.log1pExp().values()).containsExactly(800.0, 0.0);
        assertThat(x.invLogit().value(1)).isGreaterThanOrEqualTo(0.0);
        assertThat(x.logInvLogit().value(1)).isEqualTo(-800.0);
        assertThat(x.logInvLogit().value(0)).isEqualTo(0.0);
    }
}
