package otto.diagnostics;

import org.hipparchus.special.Erf;

/** The standard normal quantile function {@code Φ⁻¹(p) = √2 erf⁻¹(2p - 1)}. */
final class NormalQuantile {
    private NormalQuantile() {
    }

    static double of(double p) {
        if (p < 0.5) {
            return -Math.sqrt(2.0) * Erf.erfcInv(2.0 * p);
        }
        return Math.sqrt(2.0) * Erf.erfcInv(2.0 * (1.0 - p)) ;
    }
}
