package otto.flow.grid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The discrete functionals on densities whose values are known exactly. */
class FunctionalsTest {

    /** At the discrete posterior, F = -log Z_h and the KL vanishes; F = -H + E always. */
    @Test
    void freeEnergyOfTheDiscretePosteriorIsMinusLogZ() {
        Grid g = Grid.uniform(Box.cube(2, -4, 5), 60);
        Potential v = Fixtures.potential(g, Fixtures.randomLogDensity(7, 2));
        double[] pi = v.stationary();
        assertThat(Functionals.mass(g, pi)).isCloseTo(1.0, within(1e-14));
        assertThat(Functionals.freeEnergy(g, pi, v)).isCloseTo(-v.logNormaliser(), within(1e-12));
        assertThat(Functionals.kl(g, pi, v)).isCloseTo(0.0, within(1e-13));
        double[] rho = Fixtures.density(g, Fixtures.randomStart(7, 2));
        assertThat(Functionals.freeEnergy(g, rho, v))
                .isCloseTo(Functionals.potentialEnergy(g, rho, v) - Functionals.entropy(g, rho), within(1e-12));
        assertThat(Functionals.kl(g, rho, v)).isCloseTo(Functionals.freeEnergy(g, rho, v) + v.logNormaliser(), within(1e-12))
                .isPositive();
    }

    /** The uniform density on a box of volume |B| has entropy log |B|. */
    @Test
    void entropyOfTheUniformDensity() {
        Grid g = new Grid(new Box(new double[] {0, -1, 2}, new double[] {3, 1, 2.5}), 6, 8, 5);
        double[] rho = new double[g.size()];
        java.util.Arrays.fill(rho, 1.0 / 3.0);
        assertThat(Functionals.entropy(g, rho)).isCloseTo(Math.log(3.0), within(1e-14));
        assertThat(Functionals.totalVariation(g, rho, rho)).isZero();
    }

    /**
     * For {@code V = x²/2} and {@code ρ ∝ exp(-x²/(2s²))}, the first variation is
     * {@code log ρ + 1 + V} and the velocity {@code -∇(log ρ + V) = x/s² - x}, which central
     * differences of the quadratic {@code log ρ + V} give exactly (one-sided at the faces, exact up
     * to {@code Δx (1/s² - 1)/2} there); at the posterior (s = 1) the velocity is 0.
     */
    @Test
    void firstVariationAndVelocity() {
        Grid g = Grid.uniform(Box.cube(1, -3, 3), 30);
        Potential v = Fixtures.potential(g, x -> -0.5 * x[0] * x[0]);
        double s = 0.5;
        double[] rho = Fixtures.density(g, Fixtures.bump(new double[] {0}, new double[] {s}));
        double[] fv = Functionals.firstVariation(g, rho, v);
        double[] vel = Functionals.velocity(g, rho, v);
        double h = g.spacing(0);
        for (int i = 0; i < g.size(); i++) {
            double x = g.centre(i, 0);
            assertThat(fv[i]).isCloseTo(Math.log(rho[i]) + 1 + 0.5 * x * x, within(1e-12));
            double exact = x / (s * s) - x;
            boolean face = i == 0 || i == g.size() - 1;
            assertThat(vel[i]).isCloseTo(exact, within(face ? h * (1 / (s * s) - 1) / 2 + 1e-9 : 1e-9));
        }
        double[] atRest = Functionals.velocity(g, v.stationary(), v);
        for (double u : atRest) {
            assertThat(u).isCloseTo(0.0, within(1e-9));
        }
    }

    /** Outside the support the first variation is NaN and the velocity NaN; inside with ρ = 0, -∞. */
    @Test
    void outsideTheSupport() {
        Grid g = Grid.uniform(Box.cube(1, -1, 1), 4);
        Potential v = Potential.of(g, new double[] {Double.POSITIVE_INFINITY, 0.0, 0.5, 1.0});
        double[] rho = {0.0, 1.0, 0.0, 1.0};
        double[] fv = Functionals.firstVariation(g, rho, v);
        assertThat(fv[0]).isNaN();
        assertThat(fv[2]).isEqualTo(Double.NEGATIVE_INFINITY);
        double[] vel = Functionals.velocity(g, rho, v);
        assertThat(vel[0]).isNaN();
        assertThat(vel[1]).isZero(); // no usable neighbour: cell 0 is outside, cell 2 has ρ = 0
        assertThat(Functionals.potentialEnergy(g, rho, v)).isCloseTo((0.0 + 1.0) * 0.5, within(1e-15));
        assertThat(v.outsideSupport()).isEqualTo(1);
    }
}
