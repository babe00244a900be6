package otto.flow.gaussian;

import java.util.LinkedHashMap;
import java.util.Map;
import otto.energy.Estimate;
import otto.energy.FreeEnergy;
import otto.flow.Draws;
import otto.flow.Evaluator;
import otto.flow.Flow;
import otto.flow.FlowState;
import otto.flow.Monitors;
import otto.flow.RandomStream;
import otto.flow.RunContext;
import otto.flow.RunFailedException;
import otto.diagnostics.ParetoSmoothing;
import otto.math.Dense;
import otto.math.SpecialFunctions;
import otto.math.Vectors;
import otto.model.Target;

/**
 * Forward–backward Gaussian variational inference (Diao, Balasubramanian, Chewi, Salim 2023):
 * the JKO scheme of the free energy restricted to Gaussians, split into an explicit gradient step
 * on the potential energy {@code ∫ V q} and an exact proximal (JKO) step on the entropy:
 *
 * <pre>
 *   m' = m - h Ê[∇V],   M = I - h Ê[∇²V],   S = M Σ M,
 *   Σ' = ½ (S + 2hI + (S (S + 4hI))^{½})   (= U diag(½(λ + 2h + √(λ² + 4hλ))) Uᵀ for S = U diag(λ) Uᵀ)
 * </pre>
 *
 * <p>The expectations use antithetic pairs {@code m ± Lξ} (exact for a Gaussian target) and the
 * target's exact Hessians. The flow runs in whitened coordinates {@code θ = m₀ + A z}: the
 * Gaussian family and the free energy are invariant under affine maps (up to the constant
 * {@code log |det A|}), so this is the same flow, preconditioned. {@code A} starts from the
 * Laplace approximation and is refreshed from the current covariance every few iterations during
 * the first half of the run; in whitened coordinates the step {@code h = ½ / ρ(Ê[∇²V])} (the
 * spectral radius of the curvature estimate, so that neither a stiff direction nor a direction of
 * negative curvature is overshot) is of order one. A numerical fault (a sample where the target is
 * not finite, a covariance that loses definiteness) sends the flow back to the last saved state
 * with half the step. Over the second half the iterates are averaged
 * (Polyak–Ruppert) to remove the Monte Carlo jitter. The free energy of the final Gaussian is
 * estimated with its standard error, and draws from it are the run's output; as importance
 * samples of the posterior they also give {@code log p(y) ≈ log mean(π̃/q)} and the Pareto k̂ of
 * the ratios, which says whether q can be trusted (Yao, Vehtari, Simpson, Gelman 2018).
 */
public final class ForwardBackwardVi implements Flow {
    /**
     * Settings of forward–backward VI.
     *
     * @param iterations      iterations (≥ 2)
     * @param samples         Monte Carlo samples per iteration for {@code Ê[∇V]} (even: antithetic pairs)
     * @param hessianSamples  how many of those also get an exact Hessian for {@code Ê[∇²V]} (≥ 1)
     * @param step            a fixed step {@code h} in whitened coordinates, or NaN for {@code 0.5 / λ_max}
     * @param rewhitenEvery   iterations between refreshes of the whitening map (first half only)
     * @param draws           draws per chain from the final Gaussian
     * @param chains          chains the draws are split into (for a layout like a sampler's)
     * @param elboPairs       antithetic pairs for the final free-energy estimate
     * @param initRadius      the Laplace search starts uniformly in {@code (-r, r)^d}
     */
    public record Settings(int iterations, int samples, int hessianSamples, double step, int rewhitenEvery,
                           int draws, int chains, int elboPairs, double initRadius) {
        public Settings {
            if (iterations < 2) {
                throw new IllegalArgumentException("iterations must be at least 2, got " + iterations);
            }
            if (samples < 2 || samples % 2 != 0) {
                throw new IllegalArgumentException("samples must be an even number ≥ 2 (antithetic pairs), got " + samples);
            }
            if (hessianSamples < 1 || hessianSamples > samples) {
                throw new IllegalArgumentException("hessian samples must be in [1, samples], got " + hessianSamples);
            }
            if (!Double.isNaN(step) && !(step > 0 && Double.isFinite(step))) {
                throw new IllegalArgumentException("step must be positive and finite, got " + step);
            }
            if (rewhitenEvery < 1) {
                throw new IllegalArgumentException("rewhiten interval must be at least 1, got " + rewhitenEvery);
            }
            if (draws < 1 || chains < 1) {
                throw new IllegalArgumentException("draws and chains must be at least 1");
            }
            if (elboPairs < 2) {
                throw new IllegalArgumentException("ELBO pairs must be at least 2, got " + elboPairs);
            }
        }

        /** 400 iterations, 10 samples (4 with Hessians), adaptive step, 4 × 1000 draws. */
        public static Settings defaults() {
            return new Settings(400, 10, 4, Double.NaN, 10, 1000, 4, 2000, 2.0);
        }

        public Settings withIterations(int v) {
            return new Settings(v, samples, hessianSamples, step, rewhitenEvery, draws, chains, elboPairs, initRadius);
        }

        public Settings withSamples(int v) {
            return new Settings(iterations, v, Math.min(hessianSamples, v), step, rewhitenEvery, draws, chains, elboPairs, initRadius);
        }

        public Settings withStep(double v) {
            return new Settings(iterations, samples, hessianSamples, v, rewhitenEvery, draws, chains, elboPairs, initRadius);
        }

        public Settings withDraws(int v) {
            return new Settings(iterations, samples, hessianSamples, step, rewhitenEvery, v, chains, elboPairs, initRadius);
        }

        public Settings withChains(int v) {
            return new Settings(iterations, samples, hessianSamples, step, rewhitenEvery, draws, v, elboPairs, initRadius);
        }
    }

    private static final double INITIAL_STEP_FACTOR = 0.5;
    /**
     * The largest step in whitened coordinates. Where V is not convex the flow has a region it
     * cannot come back from (a covariance so wide that E_q[∇²V] is negative); with h ≤ ¼ one step
     * can at most add ½ to a unit covariance, which keeps a Student-t(3) fit from overshooting
     * into it (it did with h = ½ and h = 1).
     */
    private static final double MAX_STEP = 0.25;
    private final Settings settings;

    public ForwardBackwardVi(Settings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return "fbvi";
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("iterations", settings.iterations());
        m.put("samples", settings.samples());
        m.put("hessian_samples", settings.hessianSamples());
        m.put("step", Double.isNaN(settings.step()) ? "adapt" : settings.step());
        m.put("rewhiten_every", settings.rewhitenEvery());
        m.put("draws", settings.draws());
        m.put("chains", settings.chains());
        m.put("elbo_pairs", settings.elboPairs());
        return m;
    }

    @Override
    public int iterations() {
        return settings.iterations();
    }

    @Override
    public FlowState start(Target target, RunContext context) {
        return new State(target, context, settings);
    }

    private static final class State implements FlowState {
        private final Settings s;
        private final Target target;
        private final RunContext context;
        private final Evaluator evaluator;
        private final RandomStream rng;
        private final int d;
        private final int averageFrom;
        /** θ = origin + A z, A lower triangular. */
        private double[] origin;
        private double[] a;
        private double[] mz;
        private double[] sz;
        private double[] lz;
        private double h;
        private double stepFactor = INITIAL_STEP_FACTOR;
        private double[][] saved;
        private int restarts;
        private double lastFreeEnergy = Double.NaN;
        private double[] meanSum;
        private double[] covSum;
        private int averaged;
        private int skipped;
        private Gaussian result;
        private Estimate freeEnergy;
        private double paretoK = Double.NaN;
        private double logEvidence = Double.NaN;

        State(Target target, RunContext context, Settings s) {
            this.s = s;
            this.target = target;
            this.context = context;
            this.evaluator = context.evaluator();
            this.rng = context.stream(0);
            this.d = target.dimension();
            this.averageFrom = s.iterations() / 2;
            double[] start = new double[d];
            boolean ok = false;
            double[] g = new double[d];
            for (int attempt = 0; attempt < 100 && !ok; attempt++) {
                for (int i = 0; i < d; i++) {
                    start[i] = rng.nextUniform(-s.initRadius(), s.initRadius());
                }
                double v = target.logDensity(start, g);
                ok = Double.isFinite(v) && Vectors.allFinite(g);
            }
            if (!ok) {
                throw new RunFailedException("no initial point with a finite log density and gradient in 100 tries");
            }
            Laplace.Fit fit = Laplace.find(target, start, 100);
            origin = fit.mode();
            a = fit.covariance() == null ? null : Dense.cholesky(fit.covariance(), d);
            if (a == null) {
                a = Dense.identity(d);
                context.fault("laplace_failed", 0, -1, "no negative-definite Hessian at the mode found; starting from N(x, I)");
            }
            mz = new double[d];
            sz = Dense.identity(d);
            lz = Dense.identity(d);
            save();
            meanSum = new double[d];
            covSum = new double[d * d];
        }

        @Override
        public void step(int iteration) {
            int pairs = s.samples() / 2;
            int n = 2 * pairs;
            double[] zs = new double[n * d];
            double[] thetas = new double[n * d];
            double[] xi = new double[d];
            double[] w = new double[d];
            for (int p = 0; p < pairs; p++) {
                rng.nextGaussian(xi);
                Dense.multiplyLower(lz, d, xi, w);
                for (int i = 0; i < d; i++) {
                    zs[2 * p * d + i] = mz[i] + w[i];
                    zs[(2 * p + 1) * d + i] = mz[i] - w[i];
                }
            }
            double[] th = new double[d];
            for (int k = 0; k < n; k++) {
                Dense.multiplyLower(a, d, java.util.Arrays.copyOfRange(zs, k * d, (k + 1) * d), th);
                for (int i = 0; i < d; i++) {
                    thetas[k * d + i] = origin[i] + th[i];
                }
            }
            double[] lp = new double[n];
            double[] grads = new double[n * d];
            evaluator.evaluate(thetas, n, lp, grads);
            for (int k = 0; k < n; k++) {
                if (!Double.isFinite(lp[k]) || !Vectors.allFinite(grads, k * d, d)) {
                    context.fault("non_finite_log_density", iteration, k,
                            "log density " + lp[k] + " at a sample of q; restarted from the last saved state with half the step");
                    restore(iteration);
                    return;
                }
            }
            // Ê[∇V] in θ, then in z: Aᵀ ∇V
            double[] gradV = new double[d];
            double meanV = 0.0;
            for (int k = 0; k < n; k++) {
                meanV -= lp[k] / n;
                for (int i = 0; i < d; i++) {
                    gradV[i] -= grads[k * d + i] / n;
                }
            }
            double[] gz = new double[d];
            Dense.multiplyTransposed(a, d, d, gradV, gz);
            double[] hessV = new double[d * d];
            double[] hk = new double[d * d];
            int hs = s.hessianSamples();
            for (int k = 0; k < hs; k++) {
                target.hessian(java.util.Arrays.copyOfRange(thetas, k * d, (k + 1) * d), hk);
                for (int i = 0; i < d * d; i++) {
                    hessV[i] -= hk[i] / hs;
                }
            }
            if (!Vectors.allFinite(hessV)) {
                context.fault("non_finite_hessian", iteration, -1,
                        "Hessian not finite at a sample of q; restarted from the last saved state with half the step");
                restore(iteration);
                return;
            }
            double[] hz = Dense.congruence(Dense.transpose(a, d, d), hessV, d);
            // the step from the spectral radius: a negative curvature (V not convex) must not
            // expand M = I - hĤ by more than 1 + stepFactor per iteration either
            Dense.SymmetricEigen curvature = Dense.symmetricEigen(hz, d);
            double radius = Math.max(Math.abs(curvature.max()), Math.abs(curvature.min()));
            double step = Double.isNaN(s.step())
                    ? Math.min(MAX_STEP, radius > 0 ? stepFactor / radius : stepFactor)
                    : s.step() * stepFactor / INITIAL_STEP_FACTOR;
            h = step;
            lastFreeEnergy = meanV - entropyOfCurrent();
            // forward step on the potential; in whitened coordinates q has unit covariance, so a
            // mean step longer than √d (a noisy gradient far in a tail) is cut back to that length
            double norm = 0.0;
            for (int i = 0; i < d; i++) {
                norm += gz[i] * gz[i];
            }
            norm = Math.sqrt(norm) * step;
            double cut = norm > Math.sqrt(d) ? Math.sqrt(d) / norm : 1.0;
            for (int i = 0; i < d; i++) {
                mz[i] -= cut * step * gz[i];
            }
            double[] m = Dense.identity(d);
            for (int i = 0; i < d * d; i++) {
                m[i] -= step * hz[i];
            }
            double[] sMat = Dense.congruence(m, sz, d);
            // backward (JKO) step on the entropy
            Dense.SymmetricEigen eig = Dense.symmetricEigen(sMat, d);
            double[] next = eig.reconstruct(lambda -> {
                double l = Math.max(lambda, 0.0);
                return 0.5 * (l + 2.0 * step + Math.sqrt(l * l + 4.0 * step * l));
            });
            double[] nextChol = Dense.cholesky(next, d);
            if (nextChol == null) {
                context.fault("covariance_not_positive_definite", iteration, -1,
                        "JKO step lost definiteness; restarted from the last saved state with half the step");
                restore(iteration);
                return;
            }
            sz = next;
            lz = nextChol;
            if (iteration < averageFrom && (iteration + 1) % s.rewhitenEvery() == 0) {
                rewhiten();
            }
            if ((iteration + 1) % s.rewhitenEvery() == 0 && Double.isFinite(lastFreeEnergy)) {
                save();
            }
            accumulate(iteration);
        }

        private void save() {
            saved = new double[][] {origin.clone(), a.clone(), mz.clone(), sz.clone(), lz.clone()};
        }

        /** Goes back to the last saved state and halves the step: the recovery from a numerical fault. */
        private void restore(int iteration) {
            skipped++;
            restarts++;
            stepFactor *= 0.5;
            if (restarts > 30) {
                throw new RunFailedException("forward-backward VI: 30 restarts after numerical faults (last at iteration "
                        + (iteration + 1) + "); the target may be improper or the Gaussian family unsuitable");
            }
            if (saved != null) {
                origin = saved[0].clone();
                a = saved[1].clone();
                mz = saved[2].clone();
                sz = saved[3].clone();
                lz = saved[4].clone();
            }
            accumulate(iteration);
        }

        /** Re-centres and re-scales the coordinates so that the current q is N(0, I) in z. */
        private void rewhiten() {
            double[] shift = new double[d];
            Dense.multiplyLower(a, d, mz, shift);
            for (int i = 0; i < d; i++) {
                origin[i] += shift[i];
            }
            a = Dense.multiply(a, lz, d, d, d);
            mz = new double[d];
            sz = Dense.identity(d);
            lz = Dense.identity(d);
        }

        private void accumulate(int iteration) {
            if (iteration < averageFrom) {
                return;
            }
            Gaussian q = current();
            double[] m = q.mean();
            double[] c = q.covariance();
            for (int i = 0; i < d; i++) {
                meanSum[i] += m[i];
            }
            for (int i = 0; i < d * d; i++) {
                covSum[i] += c[i];
            }
            averaged++;
        }

        private double entropyOfCurrent() {
            double logDetA = 0.0;
            for (int i = 0; i < d; i++) {
                logDetA += Math.log(Math.abs(a[i * d + i]));
            }
            return 0.5 * (d * (Math.log(2.0 * Math.PI) + 1.0) + 2.0 * logDetA
                    + Dense.logDeterminantFromCholesky(lz, d));
        }

        /** The current Gaussian in θ coordinates. */
        private Gaussian current() {
            double[] m = new double[d];
            Dense.multiplyLower(a, d, mz, m);
            for (int i = 0; i < d; i++) {
                m[i] += origin[i];
            }
            return new Gaussian(m, Dense.congruence(a, sz, d));
        }

        @Override
        public void record(Monitors monitors) {
            monitors.put(Monitors.FREE_ENERGY, lastFreeEnergy);
            monitors.put("step_size", h);
            monitors.put("skipped_steps", skipped);
        }

        /** The averaged Gaussian of the second half. */
        Gaussian fitted() {
            if (result == null) {
                if (averaged == 0) {
                    result = current();
                } else {
                    double[] m = new double[d];
                    double[] c = new double[d * d];
                    for (int i = 0; i < d; i++) {
                        m[i] = meanSum[i] / averaged;
                    }
                    for (int i = 0; i < d * d; i++) {
                        c[i] = covSum[i] / averaged;
                    }
                    result = new Gaussian(m, c);
                }
            }
            return result;
        }

        @Override
        public Draws draws() {
            Gaussian q = fitted();
            RandomStream drawStream = context.stream(1);
            double[][] chains = new double[s.chains()][s.draws() * d];
            double[][] lp = new double[s.chains()][s.draws()];
            for (int c = 0; c < s.chains(); c++) {
                for (int i = 0; i < s.draws(); i++) {
                    System.arraycopy(q.sample(drawStream), 0, chains[c], i * d, d);
                }
                evaluator.evaluate(chains[c], s.draws(), lp[c], null);
            }
            importanceSampling(q, chains, lp);
            try {
                freeEnergy = FreeEnergy.ofGaussian(q, evaluator, s.elboPairs(), context.stream(2));
            } catch (ArithmeticException e) {
                context.fault("non_finite_log_density", s.iterations(), -1, "final ELBO: " + e.getMessage());
            }
            return Draws.unconstrained(d, chains, Map.of("lp__", lp));
        }

        /**
         * The draws as importance samples of the posterior with q as proposal: Pareto k̂ of the
         * ratios π̃/q (is q trustworthy?) and {@code log p(y) ≈ log mean(π̃/q)}.
         */
        private void importanceSampling(Gaussian q, double[][] chains, double[][] lp) {
            int n = s.chains() * s.draws();
            double[] logRatios = new double[n];
            int k = 0;
            for (int c = 0; c < s.chains(); c++) {
                for (int i = 0; i < s.draws(); i++) {
                    double l = lp[c][i];
                    logRatios[k++] = Double.isNaN(l) ? Double.NEGATIVE_INFINITY
                            : l - q.logDensity(java.util.Arrays.copyOfRange(chains[c], i * d, (i + 1) * d));
                }
            }
            paretoK = ParetoSmoothing.of(logRatios).khat();
            logEvidence = SpecialFunctions.logSumExp(logRatios) - Math.log(n);
        }

        @Override
        public Map<String, Object> info() {
            Map<String, Object> m = new LinkedHashMap<>();
            Gaussian q = fitted();
            m.put("mean", q.mean());
            m.put("covariance", q.covariance());
            if (freeEnergy != null) {
                m.put("free_energy", freeEnergy.value());
                m.put("elbo", -freeEnergy.value());
                m.put("elbo_se", freeEnergy.standardError());
            }
            m.put("pareto_k", paretoK);
            m.put("log_evidence_is", logEvidence);
            m.put("averaged_iterations", averaged);
            m.put("skipped_steps", skipped);
            m.put("restarts", restarts);
            return m;
        }
    }
}
