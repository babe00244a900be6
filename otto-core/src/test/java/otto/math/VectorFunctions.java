package otto.math;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;

/** Compares {@link VectorGlmKernel}'s lane-wise functions with {@link GlmKernel}'s scalar ones (loaded only with the module). */
final class VectorFunctions {
    private VectorFunctions() {
    }

    static void check() {
        SplittableRandom rng = new SplittableRandom(9);
        int vl = VectorGlmKernel.VL;
        double[] x = new double[vl];
        double[] out = new double[vl];
        double[] special = {0.0, -0.0, 709.0, 709.5, -708.0, -745.0, -1e9, 1e9, Double.NaN, Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY, 1e-300, -1e-300, 0.5 * Math.log(2), -0.5 * Math.log(2), GlmKernel.EXP_MIN,
            GlmKernel.EXP_MAX, Math.nextDown(GlmKernel.EXP_MIN), Math.nextUp(GlmKernel.EXP_MAX),
            Double.longBitsToDouble(0xFFF8_0000_0000_0000L), Double.longBitsToDouble(0x7FF0_0000_0000_0001L)};
        for (int i = 0; i < 100_000; i++) {
            for (int l = 0; l < vl; l++) {
                int r = (i * vl + l);
                x[l] = r < special.length ? special[r] : (rng.nextDouble() * 2 - 1) * (i % 2 == 0 ? 30 : 720);
            }
            VectorGlmKernel.exp(x, vl, out);
            for (int l = 0; l < vl; l++) {
                assertThat(Double.doubleToRawLongBits(out[l])).as("exp(%s)", x[l])
                        .isEqualTo(Double.doubleToRawLongBits(GlmKernel.exp(x[l])));
            }
            for (int l = 0; l < vl; l++) {
                x[l] = i % 3 == 0 ? Math.exp(-rng.nextDouble() * 700) : rng.nextDouble();
            }
            VectorGlmKernel.log1p(x, vl, out);
            for (int l = 0; l < vl; l++) {
                assertThat(Double.doubleToRawLongBits(out[l])).as("log1p(%s)", x[l])
                        .isEqualTo(Double.doubleToRawLongBits(GlmKernel.log1pUnit(x[l])));
            }
        }
    }
}
