package otto.bench;

import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;
import otto.flow.Result;
import otto.flow.Run;
import otto.flow.gaussian.ForwardBackwardVi;
import otto.flow.gaussian.GaussianViSettings;
import otto.flow.gaussian.Laplace;
import otto.math.Dense;
import otto.model.Target;

/**
 * Accuracy against time of forward–backward VI on the 10 000 × 25 logistic regression. The
 * reference is self-normalised importance sampling with the Laplace approximation as proposal
 * ({@value #REFERENCE_DRAWS} draws; its Monte Carlo error is printed): "exact" to a fraction of a
 * percent of a posterior sd. For each setting: the whole run's wall time (warm JVM, median of
 * repeats), and the largest error of the fitted Gaussian's means (in posterior sds) and sds
 * (relative), and the same for the draws. The rows with 4 × 10 draws time the fit alone, after 2,
 * 10 and all iterations: the time to an answer of a given accuracy, as the peers' figure is.
 *
 * <pre>java --add-modules jdk.incubator.vector -cp otto-bench/target/benchmarks.jar otto.bench.FbviAccuracy [threads]</pre>
 */
public final class FbviAccuracy {
    static final int REFERENCE_DRAWS = 200_000;

    private FbviAccuracy() {
    }

    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        long t0 = System.nanoTime();
        Target model = new LogisticRegressionData(10_000, 25).model();
        System.out.printf("model built in %.2f s; kernel %s%n", (System.nanoTime() - t0) * 1e-9, otto.math.GlmKernel.implementation());
        int d = model.dimension();
        double[][] ref = reference(model, d);
        double[] mean = ref[0];
        double[] sd = ref[1];
        System.out.printf("reference: IS from the Laplace fit, ESS %.0f of %d%n", ref[2][0], REFERENCE_DRAWS);
        for (int rep = 0; rep < 5; rep++) {
            long a = System.nanoTime();
            Laplace.Fit f = Laplace.find(model, new double[d], 100);
            long b = System.nanoTime();
            double[] pts = new double[4000 * d];
            model.logDensities(pts, 4000, new double[4000], null);
            long c = System.nanoTime();
            double lm = 0;
            double ls = 0;
            for (int j = 0; j < d; j++) {
                lm = Math.max(lm, Math.abs(f.mode()[j] - mean[j]) / sd[j]);
                ls = Math.max(ls, Math.abs(Math.sqrt(f.covariance()[j * d + j]) / sd[j] - 1));
            }
            System.out.printf("pieces: Laplace fit %.1f ms (%d Newton iterations; mean err %.3f sd, sd err %.3f); 4000 log densities %.1f ms (one thread)%n",
                    (b - a) * 1e-6, f.iterations(), lm, ls, (c - b) * 1e-6);
        }
        GaussianViSettings base = GaussianViSettings.defaults();
        Object[][] settings = {
            {"defaults", base},
            {"defaults, 4 x 10 draws", base.withDraws(10)},
            {"2 iterations, 4 x 10 draws", base.withIterations(2).withDraws(10)},
            {"10 iterations, 4 x 10 draws", base.withIterations(10).withDraws(10)},
            {"old defaults", base.withTolerance(0).withElboPairs(2000)},
            {"20 iterations", base.withIterations(20)},
        };
        for (Object[] s : settings) {
            GaussianViSettings g = (GaussianViSettings) s[1];
            double[] times = new double[7];
            Result r = null;
            for (int rep = 0; rep < times.length; rep++) {
                long a = System.nanoTime();
                r = Run.of(model, new ForwardBackwardVi(g)).seed(1 + rep).threads(threads).execute();
                times[rep] = (System.nanoTime() - a) * 1e-9;
            }
            java.util.Arrays.sort(times);
            Map<String, Object> info = r.info();
            double[] m = (double[]) info.get("mean");
            double[] c = (double[]) info.get("covariance");
            double em = 0;
            double es = 0;
            for (int j = 0; j < d; j++) {
                em = Math.max(em, Math.abs(m[j] - mean[j]) / sd[j]);
                es = Math.max(es, Math.abs(Math.sqrt(c[j * d + j]) / sd[j] - 1));
            }
            double dm = 0;
            double ds = 0;
            var draws = r.draws();
            for (int j = 0; j < d; j++) {
                double[][] col = draws.column(j);
                double s1 = 0;
                double s2 = 0;
                int n = 0;
                for (double[] ch : col) {
                    for (double v : ch) {
                        s1 += v;
                        s2 += v * v;
                        n++;
                    }
                }
                double mu = s1 / n;
                double sdd = Math.sqrt((s2 - n * mu * mu) / (n - 1));
                dm = Math.max(dm, Math.abs(mu - mean[j]) / sd[j]);
                ds = Math.max(ds, Math.abs(sdd / sd[j] - 1));
            }
            System.out.printf("%-28s %3d it (%s): wall median %.3f s (min %.3f); fit: mean err %.3f sd, sd err %.3f; draws: %.3f, %.3f; elbo %.4f ± %.4f%n",
                    s[0], r.iterations(), r.stopReason(), times[times.length / 2], times[0], em, es, dm, ds,
                    (double) info.get("elbo"), (double) info.get("elbo_se"));
        }
    }

    /** Means, sds and the ESS of self-normalised importance sampling from the Laplace fit. */
    static double[][] reference(Target model, int d) {
        Laplace.Fit fit = Laplace.find(model, new double[d], 100);
        double[] l = Dense.cholesky(fit.covariance(), d);
        UniformRandomProvider rng = RandomSource.L64_X256_MIX.create(99);
        var normal = ZigguratSampler.NormalizedGaussian.of(rng);
        int batch = 1000;
        double[] pts = new double[batch * d];
        double[] lp = new double[batch];
        double[] lq = new double[batch];
        double[] xi = new double[d];
        double[] y = new double[d];
        double[] logw = new double[REFERENCE_DRAWS];
        double[][] x = new double[REFERENCE_DRAWS][];
        for (int b = 0; b < REFERENCE_DRAWS; b += batch) {
            for (int i = 0; i < batch; i++) {
                double q = 0;
                for (int j = 0; j < d; j++) {
                    xi[j] = normal.sample();
                    q += xi[j] * xi[j];
                }
                Dense.multiplyLower(l, d, xi, y);
                for (int j = 0; j < d; j++) {
                    pts[i * d + j] = fit.mode()[j] + y[j];
                }
                lq[i] = -0.5 * q;
            }
            model.logDensities(pts, batch, lp, null);
            for (int i = 0; i < batch; i++) {
                logw[b + i] = lp[i] - lq[i];
                x[b + i] = java.util.Arrays.copyOfRange(pts, i * d, (i + 1) * d);
            }
        }
        double max = java.util.Arrays.stream(logw).max().orElseThrow();
        double sw = 0;
        double sw2 = 0;
        double[] m1 = new double[d];
        double[] m2 = new double[d];
        for (int i = 0; i < REFERENCE_DRAWS; i++) {
            double w = Math.exp(logw[i] - max);
            sw += w;
            sw2 += w * w;
            for (int j = 0; j < d; j++) {
                m1[j] += w * x[i][j];
                m2[j] += w * x[i][j] * x[i][j];
            }
        }
        double[] sd = new double[d];
        for (int j = 0; j < d; j++) {
            m1[j] /= sw;
            sd[j] = Math.sqrt(m2[j] / sw - m1[j] * m1[j]);
        }
        return new double[][] {m1, sd, {sw * sw / sw2}};
    }
}
