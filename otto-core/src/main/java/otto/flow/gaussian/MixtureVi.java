package otto.flow.gaussian;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import otto.diagnostics.ParetoSmoothing;
import otto.flow.Draws;
import otto.flow.Evaluator;
import otto.flow.Flow;
import otto.flow.FlowState;
import otto.flow.MemoryEstimate;
import otto.flow.Monitors;
import otto.flow.RandomStream;
import otto.flow.RunContext;
import otto.math.Dense;
import otto.math.SpecialFunctions;
import otto.math.Vectors;
import otto.model.Target;

/**
 * Gaussian-mixture variational inference (Lambert, Chewi, Bach, Bonnabel, Rigollet 2022): a
 * mixture {@code q = Σ_k w_k N(m_k, Σ_k)} with fixed equal weights, whose components each follow
 * the Bures–Wasserstein flow under the potential {@code V + log q} — the mixture's own log density
 * couples them, so components repel one another and spread over several modes:
 *
 * <pre>
 *   m_k' = m_k - h_k E_k[∇V + ∇log q],   Σ_k' = (I - h_k H_k) Σ_k (I - h_k H_k),
 *   H_k = E_k[∇²V + ∇²log q],   ∇²log q = Σ_j r_j(Σ_j⁻¹(x - m_j)(x - m_j)ᵀΣ_j⁻¹ - Σ_j⁻¹) - ∇log q ∇log qᵀ,
 * </pre>
 *
 * with {@code r_j} the responsibilities and {@code E_k} over antithetic pairs from component k.
 * The step {@code h_k = min(¼, ¼ / ρ(H_k))} comes from each component's whole curvature, the
 * mixture's own included: where components overlap {@code ∇²log q} can make {@code H_k}
 * indefinite, and a step from {@code E_k[∇²V]} alone then let {@code I - h_k H_k} expand a
 * covariance without bound (measured on {@code low_dim_gauss_mix} and {@code gp_pois_regr}). Each component
 * starts from its own Laplace approximation: Newton's method from a spread-out point of
 * {@code (-r, r)^d} (farthest-point selection among random candidates) to a mode, with the
 * covariance {@code (-∇²log π)⁻¹} there — so separated modes are found from separated starts,
 * and the components begin on the posterior's own scale. A component whose mode is more than 20
 * below the best found (next to no mass, yet it would carry 1/K of q's) starts at one of the good
 * modes instead (in turn); where no fit at all is found, at its start point with unit covariance.
 * A component that reaches where the target is not finite skips its step and shrinks towards
 * its mean (covariance / 4); that iteration records no free energy. The ELBO is estimated by stratified sampling over components, with its
 * standard error; draws, importance-sampled evidence and Pareto k̂ are reported as for one
 * Gaussian.
 */
public final class MixtureVi implements Flow {
    /** A component whose Laplace mode is this far below the best one starts at a good mode instead. */
    static final double MODE_DROP = 20.0;

    /**
     * Settings of mixture VI.
     *
     * @param components  number of components K
     * @param iterations  iterations
     * @param samples     antithetic samples per component per iteration (even)
     * @param draws       draws per chain from the fit
     * @param chains      chains the draws are laid out in
     * @param elboSamples samples per component for the final ELBO
     * @param initRadius  components start in {@code (-r, r)^d}
     */
    public record Settings(int components, int iterations, int samples, int draws, int chains, int elboSamples,
                           double initRadius) {
        public Settings {
            if (components < 1 || iterations < 1 || draws < 1 || chains < 1 || elboSamples < 2) {
                throw new IllegalArgumentException("mixture VI counts must be positive");
            }
            if (samples < 2 || samples % 2 != 0) {
                throw new IllegalArgumentException("samples must be an even number ≥ 2 (antithetic pairs), got " + samples);
            }
            if (!(initRadius > 0)) {
                throw new IllegalArgumentException("init radius must be positive, got " + initRadius);
            }
        }

        /** 4 components, 400 iterations, 10 samples each, radius 5. */
        public static Settings defaults() {
            return new Settings(4, 400, 10, 1000, 4, 1000, 5.0);
        }

        public Settings withComponents(int v) {
            return new Settings(v, iterations, samples, draws, chains, elboSamples, initRadius);
        }

        public Settings withIterations(int v) {
            return new Settings(components, v, samples, draws, chains, elboSamples, initRadius);
        }

        public Settings withDraws(int v) {
            return new Settings(components, iterations, samples, v, chains, elboSamples, initRadius);
        }

        public Settings withChains(int v) {
            return new Settings(components, iterations, samples, draws, v, elboSamples, initRadius);
        }
    }

    private final Settings settings;

    public MixtureVi(Settings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return "mixture";
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("components", settings.components());
        m.put("iterations", settings.iterations());
        m.put("samples", settings.samples());
        m.put("draws", settings.draws());
        m.put("chains", settings.chains());
        m.put("elbo_samples", settings.elboSamples());
        m.put("init_radius", settings.initRadius());
        return m;
    }

    @Override
    public MemoryEstimate memory(int dimension) {
        // its samples a step are a fixed setting (no option of the command line)
        return GaussianViFlow.gaussianMemory(8, settings.components(), settings.samples(), null, settings.chains(),
                settings.draws(), dimension);
    }

    @Override
    public int iterations() {
        return settings.iterations();
    }

    @Override
    public FlowState start(Target target, RunContext context) {
        return new State(target, context, settings);
    }

    private static final class State implements FlowState, otto.flow.Checkpointable {
        private final Settings s;
        private final Target target;
        private final RunContext context;
        private final Evaluator evaluator;
        private final RandomStream rng;
        private final int d;
        private final int k;
        private final double[][] mean;
        private final double[][] cov;
        private final double[][] chol;
        private final double[][] precision;
        private final double[] logDet;
        private double lastFreeEnergy = Double.NaN;
        private long skipped;
        private Draws draws;
        private final Map<String, Object> results = new LinkedHashMap<>();

        State(Target target, RunContext context, Settings s) {
            this.s = s;
            this.target = target;
            this.context = context;
            this.evaluator = context.evaluator();
            this.rng = context.stream(0);
            this.d = target.dimension();
            this.k = s.components();
            mean = spreadOutStarts();
            cov = new double[k][];
            chol = new double[k][];
            precision = new double[k][];
            logDet = new double[k];
            Laplace.Fit[] fits = new Laplace.Fit[k];
            double best = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                Laplace.Fit fit = Laplace.find(target, mean[c], 100);
                if (fit.covariance() != null && Vectors.allFinite(fit.covariance()) && Dense.cholesky(fit.covariance(), d) != null
                        && Double.isFinite(fit.logDensity())) {
                    fits[c] = fit;
                    best = Math.max(best, fit.logDensity());
                }
            }
            // a mode far below the best carries next to no mass (e^-20 of it), yet an equal-weight
            // component sitting there would carry 1/K of q's: such components start at the good modes instead
            java.util.List<Laplace.Fit> good = new java.util.ArrayList<>();
            for (Laplace.Fit f : fits) {
                if (f != null && f.logDensity() >= best - MODE_DROP) {
                    good.add(f);
                }
            }
            int next = 0;
            for (int c = 0; c < k; c++) {
                Laplace.Fit fit = fits[c];
                if (fit == null || fit.logDensity() < best - MODE_DROP) {
                    if (good.isEmpty()) {
                        context.fault("laplace_failed", 0, c, "component " + (c + 1)
                                + ": no negative-definite Hessian at a mode found from its start; it starts there with unit covariance");
                        setCovariance(c, Dense.identity(d));
                        continue;
                    }
                    fit = good.get(next++ % good.size());
                }
                mean[c] = fit.mode();
                setCovariance(c, fit.covariance());
            }
        }

        /** Farthest-point selection among 20K random candidates with a finite log density. */
        private double[][] spreadOutStarts() {
            int n = 20 * k;
            double[][] candidates = new double[n][d];
            double[] grad = new double[d];
            int found = 0;
            for (int attempt = 0; attempt < 100 * n && found < n; attempt++) {
                for (int i = 0; i < d; i++) {
                    candidates[found][i] = rng.nextUniform(-s.initRadius(), s.initRadius());
                }
                double v = target.logDensity(candidates[found], grad);
                if (Double.isFinite(v) && Vectors.allFinite(grad)) {
                    found++;
                }
            }
            if (found < k) {
                throw new otto.flow.RunFailedException("mixture VI: fewer than " + k + " starting points with a finite log density in "
                        + (100 * n) + " tries");
            }
            double[][] starts = new double[k][];
            starts[0] = candidates[0].clone();
            double[] nearest = new double[found];
            Arrays.fill(nearest, Double.POSITIVE_INFINITY);
            for (int c = 1; c < k; c++) {
                int best = 0;
                for (int j = 0; j < found; j++) {
                    nearest[j] = Math.min(nearest[j], distance(candidates[j], starts[c - 1]));
                    if (nearest[j] > nearest[best]) {
                        best = j;
                    }
                }
                starts[c] = candidates[best].clone();
            }
            return starts;
        }

        private static double distance(double[] a, double[] b) {
            double s = 0;
            for (int i = 0; i < a.length; i++) {
                s += (a[i] - b[i]) * (a[i] - b[i]);
            }
            return s;
        }

        private boolean setCovariance(int c, double[] sigma) {
            double[] l = Dense.cholesky(sigma, d);
            if (l == null) {
                return false;
            }
            cov[c] = sigma;
            chol[c] = l;
            precision[c] = Dense.inverseFromCholesky(l, d);
            logDet[c] = Dense.logDeterminantFromCholesky(l, d);
            return true;
        }

        /** log q(x), writing ∇log q into {@code grad} and ∇²log q into {@code hess} when non-null. */
        private double logMixture(double[] x, double[] grad, double[] hess) {
            double[] logTerms = new double[k];
            double[][] g = new double[k][d];
            for (int c = 0; c < k; c++) {
                double[] r = new double[d];
                for (int i = 0; i < d; i++) {
                    r[i] = x[i] - mean[c][i];
                }
                Dense.multiply(precision[c], d, d, r, g[c]);
                double q = 0;
                for (int i = 0; i < d; i++) {
                    q += r[i] * g[c][i];
                    g[c][i] = -g[c][i];
                }
                logTerms[c] = -Math.log(k) - 0.5 * (q + logDet[c] + d * SpecialFunctions.LOG_TWO_PI);
            }
            double lq = SpecialFunctions.logSumExp(logTerms);
            if (grad == null) {
                return lq;
            }
            Arrays.fill(grad, 0.0);
            if (hess != null) {
                Arrays.fill(hess, 0.0);
            }
            for (int c = 0; c < k; c++) {
                double resp = Math.exp(logTerms[c] - lq);
                for (int i = 0; i < d; i++) {
                    grad[i] += resp * g[c][i];
                }
                if (hess != null) {
                    for (int i = 0; i < d; i++) {
                        for (int j = 0; j < d; j++) {
                            hess[i * d + j] += resp * (g[c][i] * g[c][j] - precision[c][i * d + j]);
                        }
                    }
                }
            }
            if (hess != null) {
                for (int i = 0; i < d; i++) {
                    for (int j = 0; j < d; j++) {
                        hess[i * d + j] -= grad[i] * grad[j];
                    }
                }
            }
            return lq;
        }

        @Override
        public void step(int iteration) {
            int pairs = s.samples() / 2;
            int n = 2 * pairs;
            double[] xi = new double[d];
            double[] w = new double[d];
            double freeEnergy = 0.0;
            boolean complete = true;
            double[][] nextMean = new double[k][];
            double[][] nextCov = new double[k][];
            for (int c = 0; c < k; c++) {
                double[] points = new double[n * d];
                for (int p = 0; p < pairs; p++) {
                    rng.nextGaussian(xi);
                    Dense.multiplyLower(chol[c], d, xi, w);
                    for (int i = 0; i < d; i++) {
                        points[2 * p * d + i] = mean[c][i] + w[i];
                        points[(2 * p + 1) * d + i] = mean[c][i] - w[i];
                    }
                }
                double[] lp = new double[n];
                double[] grads = new double[n * d];
                evaluator.evaluate(points, n, lp, grads);
                if (!Vectors.allFinite(lp) || !Vectors.allFinite(grads)) {
                    // the component reaches where the target is not finite: keep its mean, shrink it
                    // (sds halved) towards the mean, whose density is finite, and try again next time
                    skipped++;
                    complete = false;
                    context.fault("non_finite_log_density", iteration, c, "log density not finite at a sample of component "
                            + (c + 1) + "; its step skipped and its covariance shrunk by 4");
                    nextMean[c] = mean[c];
                    nextCov[c] = cov[c].clone();
                    for (int i = 0; i < d * d; i++) {
                        nextCov[c][i] *= 0.25;
                    }
                    continue;
                }
                double[] gMean = new double[d];
                double[] hMean = new double[d * d];
                double[] hV = new double[d * d];
                target.meanHessian(points, n, hV);
                double[] x = new double[d];
                double[] gq = new double[d];
                double[] hq = new double[d * d];
                for (int t = 0; t < n; t++) {
                    System.arraycopy(points, t * d, x, 0, d);
                    double lq = logMixture(x, gq, hq);
                    freeEnergy += (lq - lp[t]) / (n * k);
                    for (int i = 0; i < d; i++) {
                        gMean[i] += (-grads[t * d + i] + gq[i]) / n;
                    }
                    for (int i = 0; i < d * d; i++) {
                        hMean[i] += hq[i] / n;
                    }
                }
                for (int i = 0; i < d * d; i++) {
                    hV[i] = -hV[i];
                    hMean[i] += hV[i];
                }
                Dense.SymmetricEigen curvature = Dense.symmetricEigen(hMean, d);
                double radius = Math.max(Math.abs(curvature.max()), Math.abs(curvature.min()));
                double h = radius > 0 ? Math.min(0.25, 0.25 / radius) : 0.25;
                double[] m = mean[c].clone();
                for (int i = 0; i < d; i++) {
                    m[i] -= h * gMean[i];
                }
                double[] a = Dense.identity(d);
                for (int i = 0; i < d * d; i++) {
                    a[i] -= h * hMean[i];
                }
                nextMean[c] = m;
                nextCov[c] = Dense.congruence(a, cov[c], d);
            }
            for (int c = 0; c < k; c++) {
                double[] previous = cov[c];
                if (!Vectors.allFinite(nextCov[c]) || !setCovariance(c, nextCov[c])) {
                    skipped++;
                    context.fault("covariance_not_positive_definite", iteration, c, "component " + (c + 1)
                            + ": the covariance step lost definiteness; kept the previous one");
                    setCovariance(c, previous);
                    continue;
                }
                mean[c] = nextMean[c];
            }
            // a component left out of this step's sums leaves no estimate of F (not a biased one)
            lastFreeEnergy = complete ? freeEnergy : Double.NaN;
        }

        @Override
        public void record(Monitors monitors) {
            monitors.put(Monitors.FREE_ENERGY, lastFreeEnergy);
            monitors.put("skipped_steps", skipped);
        }

        @Override
        public void save(otto.flow.StateWriter out) throws java.io.IOException {
            out.section("mixture");
            out.doubles(mean);
            out.doubles(cov);
            out.doubles(chol);
            out.doubles(precision);
            out.doubles(logDet);
            out.writeDouble(lastFreeEnergy);
            out.writeLong(skipped);
        }

        @Override
        public void restore(otto.flow.StateReader in) throws java.io.IOException {
            in.section("mixture");
            double[][][] parts = {mean, cov, chol, precision};
            for (double[][] part : parts) {
                double[][] saved = in.doubleRows();
                if (saved == null || saved.length != k) {
                    throw new IllegalStateException("the checkpoint does not fit this run: not " + k + " components");
                }
                System.arraycopy(saved, 0, part, 0, k);
            }
            in.doublesInto(logDet);
            lastFreeEnergy = in.readDouble();
            skipped = in.readLong();
        }

        @Override
        public Draws draws() {
            if (draws != null) {
                return draws;
            }
            RandomStream stream = context.stream(1);
            double[][] chains = new double[s.chains()][s.draws() * d];
            double[][] lp = new double[s.chains()][s.draws()];
            double[] logRatios = new double[s.chains() * s.draws()];
            double[] xi = new double[d];
            double[] x = new double[d];
            for (int ch = 0; ch < s.chains(); ch++) {
                for (int i = 0; i < s.draws(); i++) {
                    int c = (int) (stream.nextDouble() * k);
                    stream.nextGaussian(xi);
                    Dense.multiplyLower(chol[c], d, xi, x);
                    for (int j = 0; j < d; j++) {
                        chains[ch][i * d + j] = mean[c][j] + x[j];
                    }
                }
                evaluator.evaluate(chains[ch], s.draws(), lp[ch], null);
                for (int i = 0; i < s.draws(); i++) {
                    double l = lp[ch][i];
                    logRatios[ch * s.draws() + i] = Double.isNaN(l) ? Double.NEGATIVE_INFINITY
                            : l - logMixture(Arrays.copyOfRange(chains[ch], i * d, (i + 1) * d), null, null);
                }
            }
            draws = Draws.unconstrained(d, chains, Map.of("lp__", lp));
            results.put("pareto_k", ParetoSmoothing.of(logRatios).khat());
            results.put("log_evidence_is", SpecialFunctions.logSumExp(logRatios) - Math.log(logRatios.length));
            elbo(context.stream(2));
            return draws;
        }

        /** Stratified over components: F = Σ_k w_k E_k[log q - log π̃], standard error from the per-component variances. */
        private void elbo(RandomStream stream) {
            int n = s.elboSamples();
            double f = 0.0;
            double variance = 0.0;
            double[] xi = new double[d];
            double[] w = new double[d];
            for (int c = 0; c < k; c++) {
                double[] points = new double[n * d];
                for (int t = 0; t < n; t++) {
                    stream.nextGaussian(xi);
                    Dense.multiplyLower(chol[c], d, xi, w);
                    for (int i = 0; i < d; i++) {
                        points[t * d + i] = mean[c][i] + w[i];
                    }
                }
                double[] lp = new double[n];
                evaluator.evaluate(points, n, lp, null);
                double sum = 0;
                double sumSq = 0;
                for (int t = 0; t < n; t++) {
                    double v = logMixture(Arrays.copyOfRange(points, t * d, (t + 1) * d), null, null) - lp[t];
                    sum += v;
                    sumSq += v * v;
                }
                double m = sum / n;
                f += m / k;
                variance += (sumSq / n - m * m) / (n - 1.0) / (k * (double) k);
            }
            if (Double.isFinite(f)) {
                results.put("free_energy", f);
                results.put("elbo", -f);
                results.put("elbo_se", Math.sqrt(Math.max(variance, 0.0)));
            } else {
                context.fault("non_finite_log_density", s.iterations(), -1, "final ELBO is not finite");
            }
        }

        @Override
        public Map<String, Object> info() {
            draws();
            Map<String, Object> m = new LinkedHashMap<>();
            for (int c = 0; c < k; c++) {
                m.put("mean_" + (c + 1), mean[c].clone());
                m.put("covariance_" + (c + 1), cov[c].clone());
            }
            m.putAll(results);
            m.put("skipped_steps", skipped);
            return m;
        }
    }
}
