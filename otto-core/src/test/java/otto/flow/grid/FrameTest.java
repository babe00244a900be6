package otto.flow.grid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The affine map of a grid's coordinates to the model's, and a grid laid out in it. */
class FrameTest {
    /** A random frame: origin in (-5, 5), L with diagonal in (0.01, 10) and entries below it in (-3, 3). */
    static Frame random(UniformRandomProvider rng, int d) {
        double[] o = new double[d];
        double[] l = new double[d * d];
        for (int a = 0; a < d; a++) {
            o[a] = rng.nextDouble(-5, 5);
            for (int b = 0; b < a; b++) {
                l[a * d + b] = rng.nextDouble(-3, 3);
            }
            l[a * d + a] = Math.exp(rng.nextDouble(Math.log(0.01), Math.log(10)));
        }
        return Frame.of(o, l);
    }

    /** {@code toGrid} inverts {@code toModel}, in place too, and det L is the product of the diagonal. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void mapsAndInverts(long seed) {
        UniformRandomProvider rng = RandomSource.L64_X256_MIX.create(seed);
        int d = 1 + (int) (seed % 3);
        Frame f = random(rng, d);
        double[] l = f.lower();
        double det = 1;
        for (int a = 0; a < d; a++) {
            det *= l[a * d + a];
        }
        assertThat(f.determinant()).isCloseTo(det, within(1e-14 * det));
        for (int k = 0; k < 20; k++) {
            double[] z = new double[d];
            for (int a = 0; a < d; a++) {
                z[a] = rng.nextDouble(-6, 6);
            }
            double[] x = new double[d];
            f.toModel(z, x);
            for (int a = 0; a < d; a++) {
                double s = f.origin()[a];
                for (int b = 0; b < d; b++) {
                    s += l[a * d + b] * z[b];
                }
                assertThat(x[a]).isCloseTo(s, within(1e-12 * (1 + Math.abs(s))));
            }
            double[] back = new double[d];
            f.toGrid(x, back);
            double[] inPlace = x.clone();
            f.toGrid(inPlace, inPlace);
            for (int a = 0; a < d; a++) {
                assertThat(back[a]).isCloseTo(z[a], within(1e-9));
                assertThat(inPlace[a]).isEqualTo(back[a]);
            }
            double[] again = z.clone();
            f.toModel(again, again);
            assertThat(again).containsExactly(x);
        }
    }

    /** A framed grid: each centre lies in its own cell, points at offsets ± ½ on its faces, volumes scaled by det L. */
    @ParameterizedTest
    @ValueSource(longs = {21, 22, 23, 24, 25, 26})
    void framedGridPlacesItsCells(long seed) {
        UniformRandomProvider rng = RandomSource.L64_X256_MIX.create(seed);
        int d = 1 + (int) (seed % 3);
        Frame f = random(rng, d);
        int[] cells = new int[d];
        double[] lo = new double[d];
        double[] hi = new double[d];
        for (int a = 0; a < d; a++) {
            cells[a] = 3 + rng.nextInt(6);
            lo[a] = rng.nextDouble(-3, 0);
            hi[a] = lo[a] + rng.nextDouble(0.5, 4);
        }
        Grid g = new Grid(new Box(lo, hi), f, cells);
        Grid plain = new Grid(new Box(lo, hi), cells);
        assertThat(g.cellVolume()).isCloseTo(plain.cellVolume() * f.determinant(), within(1e-12 * g.cellVolume()));
        double[] x = new double[d];
        double[] z = new double[d];
        double[] inner = new double[d];
        for (int i = 0; i < g.size(); i++) {
            g.centre(i, x);
            assertThat(g.cellOf(x)).isEqualTo(i);
            f.toGrid(x, z);
            for (int a = 0; a < d; a++) {
                assertThat(z[a]).isCloseTo(plain.centre(i, a), within(1e-9));
                assertThat(g.centre(i, a)).isCloseTo(x[a], within(1e-12 * (1 + Math.abs(x[a]))));
            }
            double[] off = new double[d];
            for (int a = 0; a < d; a++) {
                off[a] = rng.nextDouble(-0.49, 0.49);
            }
            g.point(i, off, inner);
            assertThat(g.cellOf(inner)).isEqualTo(i);
        }
        double[] centres = g.centres(0, g.size());
        g.centre(g.size() - 1, x);
        for (int a = 0; a < d; a++) {
            assertThat(centres[(g.size() - 1) * d + a]).isEqualTo(x[a]);
        }
        assertThat(g.toString()).contains("in z, θ = ");
    }

    /** What is not a frame is refused with the entry and the reason. */
    @Test
    void refusesWhatIsNotAFrame() {
        assertThatThrownBy(() -> Frame.of(new double[] {0, 0}, new double[] {1, 0.5, 0, 1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("L[1,2] = 0.5")
                .hasMessageContaining("lower triangular");
        assertThatThrownBy(() -> Frame.of(new double[] {0, 0}, new double[] {1, 0, 0, -1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("L[2,2] = -1.0");
        assertThatThrownBy(() -> Frame.of(new double[] {0, Double.NaN}, new double[] {1, 0, 0, 1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("origin coordinate 2 is NaN");
        assertThatThrownBy(() -> Frame.of(new double[] {0, 0}, new double[] {1, 0, 0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("L has 3 entries");
        assertThatThrownBy(() -> Frame.of(new double[] {0, 0, 0}, new double[] {1e-200, 0, 0, 0, 1e-200, 0, 0, 0, 1e-200}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a usable volume");
        assertThatThrownBy(() -> new Grid(Box.cube(2, 0, 1), Frame.identity(3), 4, 4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a 3-D frame for a 2-dimensional box");
    }
}
