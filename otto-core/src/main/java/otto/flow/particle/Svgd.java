package otto.flow.particle;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import otto.flow.Draws;
import otto.flow.Flow;
import otto.flow.FlowState;
import otto.flow.MemoryEstimate;
import otto.flow.Monitors;
import otto.flow.Parallel;
import otto.flow.RunContext;
import otto.flow.RunFailedException;
import otto.model.Target;

/**
 * Stein variational gradient descent (Liu &amp; Wang 2016): a deterministic cloud of {@code n}
 * particles moved along the kernelised Wasserstein gradient of the free energy,
 * {@code θ_i ← θ_i + ε φ(θ_i)} with
 *
 * <pre>    φ(x) = (1/n) Σ_j [k(θ_j, x) ∇log π(θ_j) + ∇_{θ_j} k(θ_j, x)]</pre>
 *
 * (the first term pulls the particles up the log density, kernel-smoothed; the second repels
 * them from one another). {@code φ} is the steepest direction of the free energy among velocity
 * fields in the kernel's unit ball, so the cloud stops where it vanishes.
 *
 * <p><b>Coordinates.</b> By default ({@link Metric#DENSE}) the particles move in coordinates
 * {@code z} whitened by the Laplace approximation, {@code θ = m + L z} with {@code LLᵀ} its
 * covariance, and the kernel is isotropic in {@code z}: in {@code θ} this is SVGD with the
 * Mahalanobis kernel {@code k((x - y)ᵀΣ⁻¹(x - y))} and the velocity preconditioned by {@code Σ}
 * (the constant-preconditioner case of Wang, Tang, Bajaj &amp; Liu 2019's matrix-valued kernels),
 * as MALA takes its metric from the same fit. An isotropic kernel in the target's own coordinates
 * ({@link Metric#UNIT}, the textbook method) takes its bandwidth from the widest direction: on a
 * posterior with scales a thousandfold apart the narrow coordinate keeps 65 % of its variance
 * instead of 92 %, and on {@code kilpisjarvi} (correlation 0.9999) the cloud ends 8 sd off. With no
 * usable Laplace approximation the metric is the unit one. {@link Metric#DIAGONAL} whitens by the
 * marginal standard deviations only.
 *
 * <p><b>Kernels.</b> RBF {@code k(x, y) = exp(-‖x - y‖²/h)} (default) or inverse multiquadric
 * {@code k(x, y) = (1 + ‖x - y‖²/h)^{-1/2}}, both with the bandwidth {@code h} of Liu &amp; Wang's
 * paper, the median heuristic {@code h = med²/log n} (recomputed every step, {@code med} the
 * median distance over the {@code n(n-1)/2} pairs), or a fixed {@code h}. Conventions differ
 * between libraries; in terms of this {@code h}: Liu &amp; Wang's reference code writes
 * {@code exp(-‖x - y‖²/(2σ²))} with {@code σ² = med²_code/(2 log(n + 1))}, i.e.
 * {@code h = med²_code/log(n + 1)}, where {@code med²_code} is the median of the whole
 * {@code n × n} matrix of squared distances, its zero diagonal included (slightly below ours);
 * scikit-learn's {@code rbf_kernel(gamma)} is {@code h = 1/γ}; a "length scale" {@code ℓ} with
 * {@code exp(-‖x - y‖²/(2ℓ²))} (GPyTorch, many SVGD ports) is {@code h = 2ℓ²}; and ports that
 * write {@code exp(-‖x - y‖²/h')} with {@code h' = med²/(2 log(n + 1))} use half the bandwidth of
 * the reference code. With the median heuristic {@code Σ_j k(θ_i, θ_j) ≈ 1 + (n-1)/n} in high
 * dimension: the particle's own term and all the others weigh about the same.
 *
 * <p><b>The median</b> is found by selection, not sorting, in {@code O(n·d)} memory: exactly while
 * there are at most {@code exactMedianPairs} pairs (a random sample brackets the median, one
 * blocked pass over the pairs collects the few per cent inside the bracket, selection finishes),
 * and from {@code medianSamplePairs} random pairs of the method's random stream beyond (drawn
 * afresh each step; relative error about {@code 1/√samplePairs}, so {@code h} jitters by that much
 * from step to step).
 *
 * <p><b>Pairwise work.</b> For the RBF kernel
 * {@code Σ_j ∇_{θ_j}k(θ_j, x) = (2/h)(x Σ_j k_j - Σ_j k_j θ_j)}, so one pass of kernel sums
 * {@code Σ_j k(θ_i, θ_j) [∇log π(θ_j) - (2/h)θ_j, 1]} gives {@code φ} for the whole cloud (for the
 * inverse multiquadric the repulsion carries {@code k³/h} instead, a second set of sums in the same
 * pass). The sums are blocked and spread over the run's threads with results identical bit for bit
 * whatever their number (see {@code Pairwise}), and on the Vector API when the JVM has
 * {@code --add-modules jdk.incubator.vector} (the same numbers, about 1.4× faster); the target's
 * gradients come from one batched call per step.
 *
 * <p><b>Step.</b> By default AdaGrad as in Liu &amp; Wang's reference code: per particle and
 * coordinate a historical squared velocity {@code G ← 0.9 G + 0.1 φ²} ({@code G = φ²} at the first
 * step) and {@code θ ← θ + ε s φ/(10⁻⁶ + √G)}. One departure: {@code s} is the initial cloud's
 * standard deviation in that coordinate (about 1 in whitened coordinates), so that
 * {@code ε} is in units of the posterior's scale — the reference code's {@code ε} is absolute, and
 * posteriors' scales differ by orders of magnitude. The normalised step moves every coordinate by
 * about {@code ε s} per iteration however close the cloud is to stationary, so the cloud ends
 * jittering by about that much around its fixed point. {@link StepRule#FIXED} is the plain Euler
 * step {@code θ ← θ + ε φ} of the SVGD ODE, which converges to the fixed point itself when
 * {@code ε} is small enough, but whose scale the user must find ({@code φ} is of order
 * {@code 2/n} times the gradient in high dimension).
 *
 * <p><b>Variance collapse.</b> With a fixed number of particles SVGD's stationary cloud
 * underestimates the spread as the dimension grows (Ba et al. 2021, Zhuo et al. 2018): with the
 * median bandwidth every particle's kernel row is dominated by itself, the repulsion
 * {@code ∇k} weakens like {@code 1/h ∝ 1/d}, and it balances the pull towards the mode only for a
 * cloud narrower than the target. Measured here on a standard normal with 100 particles
 * ({@code docs/methods.md}): per-coordinate variance close to 1 at {@code d = 2}, far below it at
 * {@code d = 50}. The mean is still accurate; the variances are not, in high dimension.
 *
 * <p><b>Faults.</b> A trial cloud with a particle whose log density or gradient is not finite is
 * recorded as a fault; the step is halved (for the rest of the run) and retried from the last good
 * cloud; after 30 halvings in one iteration the run stops with a {@link RunFailedException} naming
 * the particle.
 *
 * <p><b>Draws</b> are the final cloud: one chain of {@code n} draws in particle order, with
 * {@code lp__}. The particles are not a Markov chain: ESS and R-hat of the cloud are not MCMC
 * diagnostics (the particles are exchangeable, so they come out near {@code n} and 1).
 */
public final class Svgd implements Flow {
    /** The momentum of AdaGrad's historical squared velocity (Liu &amp; Wang's {@code alpha}). */
    public static final double ADAGRAD_MOMENTUM = 0.9;
    /** AdaGrad's fudge factor (Liu &amp; Wang's {@code fudge_factor}). */
    public static final double ADAGRAD_FUDGE = 1e-6;
    private static final int MAX_HALVINGS = 30;

    /** The kernel. */
    public enum Kernel {
        /** {@code exp(-‖x - y‖²/h)}. */
        RBF,
        /** {@code (1 + ‖x - y‖²/h)^{-1/2}}: heavier tails, the repulsion reaches further. */
        IMQ;

        /** Parses {@code rbf} or {@code imq}. */
        public static Kernel parse(String s) {
            switch (s.toLowerCase(Locale.ROOT)) {
                case "rbf":
                    return RBF;
                case "imq":
                    return IMQ;
                default:
                    throw new IllegalArgumentException("unknown kernel '" + s + "' (expected rbf or imq)");
            }
        }
    }

    /** How the velocity becomes a step. */
    public enum StepRule {
        /**
         * AdaGrad with momentum as {@link #ADAGRAD}, its {@code ε} constant for the first half of
         * the iterations and then falling linearly to {@code 2ε/iterations} at the last, so that the
         * cloud settles onto its fixed point instead of jittering around it.
         */
        ANNEALED,
        /** AdaGrad with momentum, as in Liu &amp; Wang's reference code (scaled to the initial spread). */
        ADAGRAD,
        /** {@code θ ← θ + ε φ}. */
        FIXED;

        /** Parses {@code annealed}, {@code adagrad} or {@code fixed}. */
        public static StepRule parse(String s) {
            switch (s.toLowerCase(Locale.ROOT)) {
                case "annealed":
                    return ANNEALED;
                case "adagrad":
                    return ADAGRAD;
                case "fixed":
                    return FIXED;
                default:
                    throw new IllegalArgumentException("unknown step rule '" + s + "' (expected annealed, adagrad or fixed)");
            }
        }
    }

    /**
     * Settings of SVGD.
     *
     * @param particles          the number of particles {@code n} (≥ 2)
     * @param iterations         steps (≥ 1)
     * @param step               the step {@code ε > 0} (for AdaGrad in units of the initial cloud's
     *                           spread per coordinate)
     * @param stepRule           AdaGrad or fixed
     * @param kernel             RBF or IMQ
     * @param bandwidth          a fixed {@code h > 0}, or NaN for the median heuristic each step
     * @param exactMedianPairs   the median is exact up to this many pairs {@code n(n-1)/2} (≥ 1)
     * @param medianSamplePairs  random pairs for the median beyond that (≥ 100)
     * @param start              where the initial cloud comes from
     * @param initRadius         {@code r} of the uniform start in {@code (-r, r)^d} (also the Laplace search's start)
     * @param metric             the coordinates the particles move in: whitened by the Laplace
     *                           approximation ({@code dense}, {@code diagonal}) or the target's own ({@code unit})
     */
    public record Settings(int particles, int iterations, double step, StepRule stepRule, Kernel kernel,
                           double bandwidth, long exactMedianPairs, int medianSamplePairs, CloudStart start,
                           double initRadius, Metric metric) {
        public Settings {
            if (particles < 2) {
                throw new IllegalArgumentException("particles must be at least 2, got " + particles);
            }
            if (iterations < 1) {
                throw new IllegalArgumentException("iterations must be at least 1, got " + iterations);
            }
            if (!(step > 0 && Double.isFinite(step))) {
                throw new IllegalArgumentException("step must be positive and finite, got " + step);
            }
            if (stepRule == null) {
                throw new IllegalArgumentException("step rule must be given (adagrad or fixed)");
            }
            if (kernel == null) {
                throw new IllegalArgumentException("kernel must be given (rbf or imq)");
            }
            if (!Double.isNaN(bandwidth) && !(bandwidth > 0 && Double.isFinite(bandwidth))) {
                throw new IllegalArgumentException("bandwidth must be positive and finite (or NaN for the median heuristic), got "
                        + bandwidth);
            }
            if (exactMedianPairs < 1) {
                throw new IllegalArgumentException("exact median pairs must be at least 1, got " + exactMedianPairs);
            }
            if (medianSamplePairs < 100) {
                throw new IllegalArgumentException("median sample pairs must be at least 100, got " + medianSamplePairs);
            }
            if (start == null) {
                throw new IllegalArgumentException("start must be given (laplace or uniform)");
            }
            if (!(initRadius > 0 && Double.isFinite(initRadius))) {
                throw new IllegalArgumentException("init radius must be positive and finite, got " + initRadius);
            }
            if (metric == null) {
                throw new IllegalArgumentException("metric must be given (unit, diag or dense)");
            }
        }

        /**
         * 100 particles, 1000 iterations, AdaGrad with step 0.05, RBF kernel with the median
         * heuristic (exact up to 2<sup>24</sup> pairs, that is {@code n ≤ 5793}; 2<sup>16</sup> random pairs
         * beyond), started from the Laplace approximation.
         */
        public static Settings defaults() {
            return new Settings(100, 1000, 0.05, StepRule.ANNEALED, Kernel.RBF, Double.NaN, 1L << 24, 1 << 16,
                    CloudStart.LAPLACE, 2.0, Metric.DENSE);
        }

        public Settings withParticles(int v) {
            return new Settings(v, iterations, step, stepRule, kernel, bandwidth, exactMedianPairs, medianSamplePairs, start, initRadius, metric);
        }

        public Settings withIterations(int v) {
            return new Settings(particles, v, step, stepRule, kernel, bandwidth, exactMedianPairs, medianSamplePairs, start, initRadius, metric);
        }

        public Settings withStep(double v) {
            return new Settings(particles, iterations, v, stepRule, kernel, bandwidth, exactMedianPairs, medianSamplePairs, start, initRadius, metric);
        }

        public Settings withStepRule(StepRule v) {
            return new Settings(particles, iterations, step, v, kernel, bandwidth, exactMedianPairs, medianSamplePairs, start, initRadius, metric);
        }

        public Settings withKernel(Kernel v) {
            return new Settings(particles, iterations, step, stepRule, v, bandwidth, exactMedianPairs, medianSamplePairs, start, initRadius, metric);
        }

        public Settings withBandwidth(double v) {
            return new Settings(particles, iterations, step, stepRule, kernel, v, exactMedianPairs, medianSamplePairs, start, initRadius, metric);
        }

        public Settings withExactMedianPairs(long v) {
            return new Settings(particles, iterations, step, stepRule, kernel, bandwidth, v, medianSamplePairs, start, initRadius, metric);
        }

        public Settings withMedianSamplePairs(int v) {
            return new Settings(particles, iterations, step, stepRule, kernel, bandwidth, exactMedianPairs, v, start, initRadius, metric);
        }

        public Settings withStart(CloudStart v) {
            return new Settings(particles, iterations, step, stepRule, kernel, bandwidth, exactMedianPairs, medianSamplePairs, v, initRadius, metric);
        }

        public Settings withInitRadius(double v) {
            return new Settings(particles, iterations, step, stepRule, kernel, bandwidth, exactMedianPairs, medianSamplePairs, start, v, metric);
        }

        public Settings withMetric(Metric v) {
            return new Settings(particles, iterations, step, stepRule, kernel, bandwidth, exactMedianPairs, medianSamplePairs, start, initRadius, v);
        }
    }

    private final Settings settings;

    public Svgd(Settings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return "svgd";
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("particles", settings.particles());
        m.put("iterations", settings.iterations());
        m.put("step", settings.step());
        m.put("step_rule", settings.stepRule().name().toLowerCase(Locale.ROOT));
        m.put("kernel", settings.kernel().name().toLowerCase(Locale.ROOT));
        m.put("bandwidth", Double.isNaN(settings.bandwidth()) ? "median" : settings.bandwidth());
        m.put("exact_median_pairs", settings.exactMedianPairs());
        m.put("median_sample_pairs", settings.medianSamplePairs());
        m.put("start", settings.start().name().toLowerCase(Locale.ROOT));
        m.put("init_radius", settings.initRadius());
        m.put("metric", settings.metric().name().toLowerCase(Locale.ROOT));
        return m;
    }

    @Override
    public MemoryEstimate memory(int dimension) {
        // positions, gradients and their trial copies, the whitened ones, the centred cloud, the
        // kernel sums' inputs and outputs, the velocity, AdaGrad's history and its trial, the median's
        // bands, the draws and their constrained copy: some 16 arrays of n × (d + 1); and the kernel
        // sums' accumulators and a chunk's transposed sums (Pairwise.CHUNK + 1 of them, twice for
        // the inverse multiquadric's two sets)
        int sums = (Pairwise.CHUNK + 1) * (settings.kernel() == Kernel.RBF ? 1 : 2);
        return Cloud.memory(settings.particles(), dimension, 16 + sums);
    }

    @Override
    public int iterations() {
        return settings.iterations();
    }

    @Override
    public FlowState start(Target target, RunContext context) {
        return new State(target, context, settings);
    }

    /** The SVGD velocity of a cloud: one pass of kernel sums and the closed-form repulsion. */
    static final class Velocity {
        private final int n;
        private final int d;
        private final Kernel kernel;
        private final double[] b1;
        private final double[] out1;
        private final double[] b3;
        private final double[] out3;

        Velocity(int n, int d, Kernel kernel) {
            this.n = n;
            this.d = d;
            this.kernel = kernel;
            if (kernel == Kernel.RBF) {
                b1 = new double[n * (d + 1)];
                out1 = new double[n * (d + 1)];
                b3 = null;
                out3 = null;
            } else {
                b1 = null;
                out1 = new double[n * d];
                b3 = new double[n * (d + 1)];
                out3 = new double[n * (d + 1)];
            }
        }

        /**
         * {@code φ(θ_i)} into {@code phi} ({@code n × d}) for the cloud loaded in {@code pairwise},
         * gradients {@code g} ({@code n × d}) and bandwidth {@code h}. RBF:
         * {@code φ_i = (1/n)[Σ_j k_ij (g_j - (2/h)θ_j) + (2/h) θ_i Σ_j k_ij]}; IMQ:
         * {@code φ_i = (1/n)[Σ_j k_ij g_j + (1/h)(θ_i Σ_j k_ij³ - Σ_j k_ij³ θ_j)]} (θ centred).
         */
        void compute(Pairwise pairwise, double[] g, double h, double[] phi) {
            double[] xc = pairwise.xc;
            int m = d + 1;
            Parallel parallel = pairwise.parallel();
            if (kernel == Kernel.RBF) {
                double c = 2.0 / h;
                parallel.forRanges(n, (from, to) -> {
                    for (int j = from; j < to; j++) {
                        for (int k = 0; k < d; k++) {
                            b1[j * m + k] = g[j * d + k] - c * xc[j * d + k];
                        }
                        b1[j * m + d] = 1.0;
                    }
                });
                pairwise.sums(Pairwise.Kind.GAUSSIAN, h, b1, m, out1, null, 0, null);
                parallel.forRanges(n, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        double rowSum = out1[i * m + d];
                        for (int k = 0; k < d; k++) {
                            phi[i * d + k] = (out1[i * m + k] + c * xc[i * d + k] * rowSum) / n;
                        }
                    }
                });
            } else {
                for (int j = 0; j < n; j++) {
                    System.arraycopy(xc, j * d, b3, j * m, d);
                    b3[j * m + d] = 1.0;
                }
                pairwise.sums(Pairwise.Kind.INVERSE_MULTIQUADRIC, h, g, d, out1, b3, m, out3);
                double c = 1.0 / h;
                parallel.forRanges(n, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        double cubeSum = out3[i * m + d];
                        for (int k = 0; k < d; k++) {
                            phi[i * d + k] = (out1[i * d + k] + c * (xc[i * d + k] * cubeSum - out3[i * m + k])) / n;
                        }
                    }
                });
            }
        }
    }

    private static final class State implements FlowState, otto.flow.Checkpointable {
        private final Settings s;
        private final RunContext context;
        private final Cloud cloud;
        private final Pairwise pairwise;
        private final int n;
        private final int d;
        private final double[] phi;
        /** Each particle's velocity norm. */
        private final double[] norms;
        private final Velocity velocity;
        private final double[] history;
        private final double[] historyTrial;
        private final double[] scale;
        private double step;
        private double effectiveStep;
        private double h = Double.NaN;
        private double meanVelocity = Double.NaN;
        private int accepted;
        private long halvings;

        State(Target target, RunContext context, Settings s) {
            this.s = s;
            this.context = context;
            this.cloud = new Cloud("svgd", target, context, s.particles(), s.start(), s.initRadius(), s.metric());
            this.n = cloud.n;
            this.d = cloud.d;
            this.pairwise = new Pairwise(n, d, context.parallel());
            phi = new double[n * d];
            norms = new double[n];
            velocity = new Velocity(n, d, s.kernel());
            history = s.stepRule() != StepRule.FIXED ? new double[n * d] : null;
            historyTrial = s.stepRule() != StepRule.FIXED ? new double[n * d] : null;
            scale = cloud.spread();
            step = s.step();
            effectiveStep = step;
        }

        @Override
        public void step(int iteration) {
            pairwise.load(cloud.x);
            h = bandwidth(iteration);
            velocity.compute(pairwise, cloud.g, h, phi);
            // per particle, across the threads (the first particle with a non-finite velocity is the
            // one named: the lowest range's exception is the one rethrown); the norms summed in order
            context.parallel().forRanges(n, (from, to) -> {
                for (int i = from; i < to; i++) {
                    double q = 0.0;
                    for (int k = 0; k < d; k++) {
                        double v = phi[i * d + k];
                        if (!Double.isFinite(v)) {
                            throw new RunFailedException("svgd: the velocity of particle " + (i + 1) + " is not finite at iteration "
                                    + iteration + " (bandwidth " + h + "; gradients too large?)");
                        }
                        q += v * v;
                        if (history != null) {
                            int o = i * d + k;
                            historyTrial[o] = accepted == 0 ? v * v : ADAGRAD_MOMENTUM * history[o] + (1 - ADAGRAD_MOMENTUM) * v * v;
                        }
                    }
                    norms[i] = Math.sqrt(q);
                }
            });
            double sum = 0.0;
            for (int i = 0; i < n; i++) {
                sum += norms[i];
            }
            meanVelocity = sum / n;
            double anneal = 1.0;
            if (s.stepRule() == StepRule.ANNEALED) {
                double half = 0.5 * s.iterations();
                anneal = iteration < half ? 1.0 : Math.max(0.0, (s.iterations() - iteration) / half);
            }
            for (int attempt = 0; ; attempt++) {
                effectiveStep = step * anneal;
                move(effectiveStep);
                int bad = cloud.evaluateTrial(iteration, "step " + step + " halved, retried from the last good cloud");
                if (bad < 0) {
                    break;
                }
                if (attempt == MAX_HALVINGS) {
                    throw new RunFailedException("svgd: " + cloud.describe(bad) + " at iteration " + iteration + " even after halving the step "
                            + MAX_HALVINGS + " times (to " + step + "); the target is not finite next to the cloud");
                }
                step *= 0.5;
                halvings++;
            }
            cloud.accept();
            if (history != null) {
                System.arraycopy(historyTrial, 0, history, 0, n * d);
            }
            accepted++;
        }

        @Override
        public void save(otto.flow.StateWriter out) throws java.io.IOException {
            cloud.save(out);
            pairwise.save(out);
            out.doubles(history);
            out.writeDouble(step);
            out.writeDouble(effectiveStep);
            out.writeDouble(h);
            out.writeDouble(meanVelocity);
            out.writeInt(accepted);
            out.writeLong(halvings);
        }

        @Override
        public void restore(otto.flow.StateReader in) throws java.io.IOException {
            cloud.restore(in);
            pairwise.restore(in);
            double[] hist = in.doubles();
            if ((hist == null) != (history == null) || hist != null && hist.length != history.length) {
                throw new IllegalStateException("the checkpoint does not fit this run: its step rule differs");
            }
            if (hist != null) {
                System.arraycopy(hist, 0, history, 0, hist.length);
            }
            step = in.readDouble();
            effectiveStep = in.readDouble();
            h = in.readDouble();
            meanVelocity = in.readDouble();
            accepted = in.readInt();
            halvings = in.readLong();
        }

        /** The trial cloud {@code y = x + step}. */
        private void move(double step) {
            double[] x = cloud.x;
            double[] y = cloud.y;
            context.parallel().forRanges(n, (from, to) -> {
                if (history == null) {
                    for (int i = from * d; i < to * d; i++) {
                        y[i] = x[i] + step * phi[i];
                    }
                } else {
                    for (int i = from; i < to; i++) {
                        for (int k = 0; k < d; k++) {
                            int o = i * d + k;
                            y[o] = x[o] + step * scale[k] * phi[o] / (ADAGRAD_FUDGE + Math.sqrt(historyTrial[o]));
                        }
                    }
                }
            });
        }

        private double bandwidth(int iteration) {
            if (!Double.isNaN(s.bandwidth())) {
                return s.bandwidth();
            }
            double med2 = pairwise.medianSquaredDistance(cloud.own, s.exactMedianPairs(), s.medianSamplePairs());
            double v = med2 / Math.log(n);
            if (v > 0 && Double.isFinite(v)) {
                return v;
            }
            double fallback = Double.isNaN(h) ? 1.0 : h;
            context.fault("degenerate_bandwidth", iteration, -1, "median squared distance " + med2
                    + " (at least half the pairs of particles coincide): bandwidth " + fallback + " used instead");
            return fallback;
        }

        @Override
        public void record(Monitors m) {
            m.put("lp_mean", cloud.meanLogDensity());
            m.put("step_size", effectiveStep);
            m.put("mean_velocity_norm", meanVelocity);
            m.put("bandwidth", h);
            cloud.recordEnergy(m);
        }

        @Override
        public Draws draws() {
            return cloud.draws();
        }

        @Override
        public Map<String, Object> info() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("bandwidth", h);
            m.put("bandwidth_rule", !Double.isNaN(s.bandwidth()) ? "fixed"
                    : pairwise.lastMedianExact() ? "median heuristic, exact median"
                    : "median heuristic, median of " + s.medianSamplePairs() + " random pairs");
            m.put("step_size", step);
            m.put("step_halvings", halvings);
            m.put("mean_velocity_norm", meanVelocity);
            cloud.describeStart(m);
            return m;
        }
    }
}
