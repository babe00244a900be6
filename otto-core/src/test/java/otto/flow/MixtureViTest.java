package otto.flow;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import otto.flow.gaussian.ForwardBackwardVi;
import otto.flow.gaussian.GaussianViSettings;
import otto.flow.gaussian.MixtureVi;
import otto.model.Target;

/**
 * Two well-separated modes, {@code ½N(-4·1, I) + ½N(4·1, I)} in 2-D (normalised, log Z = 0): the
 * mixture puts components on both modes; one Gaussian sits on one mode, so its ELBO is about
 * {@code log Z - log 2}; the mixture's is higher, as theory says (the family is larger).
 */
class MixtureViTest {
    static final Target BIMODAL = new Target() {
        public int dimension() {
            return 2;
        }

        public double logDensity(double[] x, double[] g) {
            double a = 0;
            double b = 0;
            for (double v : x) {
                a += (v + 4) * (v + 4);
                b += (v - 4) * (v - 4);
            }
            double la = -0.5 * a;
            double lb = -0.5 * b;
            double m = Math.max(la, lb);
            double lse = m + Math.log(Math.exp(la - m) + Math.exp(lb - m));
            if (g != null) {
                double ra = Math.exp(la - lse);
                double rb = Math.exp(lb - lse);
                for (int i = 0; i < 2; i++) {
                    g[i] = -ra * (x[i] + 4) - rb * (x[i] - 4);
                }
            }
            return lse + Math.log(0.5) - Math.log(2 * Math.PI);
        }
    };

    @Test
    void findsBothModesAndBeatsOneGaussian() {
        Result mix = Run.of(BIMODAL, new MixtureVi(MixtureVi.Settings.defaults())).seed(5).execute();
        // both modes carry half the mass of q, and the draws near each centre there (2 × 2000 draws per side)
        Draws d = mix.draws();
        int n = d.chains() * d.draws();
        int rightCount = 0;
        double rightMean = 0;
        double leftMean = 0;
        for (int c = 0; c < d.chains(); c++) {
            for (int i = 0; i < d.draws(); i++) {
                double x = d.get(c, i, 0);
                if (x > 0) {
                    rightCount++;
                    rightMean += x;
                } else {
                    leftMean += x;
                }
            }
        }
        double share = rightCount / (double) n;
        assertThat(Math.abs(share - 0.5)).isLessThan(5 * Math.sqrt(0.25 / n));
        // each side's mean within five standard errors (sd ≈ 1) of ±4
        assertThat(rightMean / rightCount).isCloseTo(4.0, org.assertj.core.api.Assertions.within(5 / Math.sqrt(rightCount)));
        assertThat(leftMean / (n - rightCount)).isCloseTo(-4.0, org.assertj.core.api.Assertions.within(5 / Math.sqrt(n - rightCount)));
        Result one = Run.of(BIMODAL, new ForwardBackwardVi(GaussianViSettings.defaults())).seed(5).execute();
        double elboMix = (double) mix.info().get("elbo");
        double elboOne = (double) one.info().get("elbo");
        double[] m1 = (double[]) one.info().get("mean");
        assertThat(Math.abs(Math.abs(m1[0]) - 4)).isLessThan(0.1);
        assertThat(elboOne).isCloseTo(-Math.log(2), org.assertj.core.api.Assertions.within(5 * (double) one.info().get("elbo_se") + 0.01));
        assertThat(elboMix).isGreaterThan(elboOne + 0.3).isLessThanOrEqualTo(0.0 + 5 * (double) mix.info().get("elbo_se"));
    }
}
