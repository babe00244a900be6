package otto.flow.particle;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import otto.flow.Draws;
import otto.flow.Flow;
import otto.flow.FlowState;
import otto.flow.MemoryEstimate;
import otto.flow.Monitors;
import otto.flow.RunContext;
import otto.flow.RunFailedException;
import otto.model.Target;

/**
 * The blob method for diffusion (Carrillo, Craig &amp; Patacchini 2019): the deterministic
 * probability-flow ODE of the Fokker–Planck equation, {@code dθ/dt = ∇log π(θ) - ∇log ρ(θ)}, with
 * the entropy mollified so that a cloud of particles can carry it. With masses {@code m_j = 1/n},
 * a Gaussian mollifier {@code φ_ε = N(0, ε² I)} and {@code ρ̃ = Σ_j m_j φ_ε(· - θ_j)},
 *
 * <pre>    θ_i ← θ_i + h (∇log π(θ_i) - Σ_j m_j ∇φ_ε(θ_i - θ_j) (1/ρ̃(θ_i) + 1/ρ̃(θ_j))).</pre>
 *
 * This is exactly gradient descent, with step {@code h n}, on the regularised free energy of the
 * particles
 *
 * <pre>    F_ε(θ) = (1/n) Σ_i V(θ_i) + (1/n) Σ_i log ρ̃(θ_i),   V = -log π,</pre>
 *
 * so {@code F_ε} falls along the flow (for small steps), and the trace records it as the run's
 * {@code free_energy} ({@code V} is the model's unnormalised potential, so it is the free
 * energy up to {@code log Z}, like every method's). As {@code ε → 0} (with {@code n → ∞}) it tends
 * to the free energy of the empirical law and the flow to the Fokker–Planck flow.
 *
 * <p><b>Coordinates.</b> As for {@link Svgd}: by default the particles move in coordinates
 * whitened by the Laplace approximation, {@code θ = m + L z}, and the mollifier is isotropic there
 * ({@code N(0, ε² Σ)} in {@code θ}); {@code F_ε} is reported on the {@code θ} scale (the flow's
 * value in {@code z} minus {@code log |det L|}).
 *
 * <p><b>Numerics.</b> Write {@code u_ij = exp(-‖θ_i - θ_j‖²/(2ε²))} and {@code s_i = Σ_j u_ij}
 * (self term {@code u_ii = 1} included): {@code ρ̃(θ_i) = (2πε²)^{-d/2} s_i / n}, and the ratios
 * {@code φ_ε(θ_i - θ_j)/ρ̃(θ_i) = n u_ij / s_i} the flow needs contain no
 * {@code (2πε²)^{-d/2}}. So nothing underflows in high dimension: {@code s_i ≥ 1}, and
 * {@code log ρ̃(θ_i) = log s_i + log n⁻¹ - (d/2) log(2πε²)} is a log-sum-exp over {@code j} shifted
 * by its largest term, the particle's own (exponent 0). The repulsion is
 * {@code (1/ε²)[θ_i (1 + Σ_j u_ij/s_j) - (1/s_i) Σ_j u_ij θ_j - Σ_j (u_ij/s_j) θ_j]}: two blocked,
 * parallel and deterministic passes of kernel sums per step, {@code s} first, then the three sums
 * (see {@code Pairwise}).
 *
 * <p><b>The mollifier's width</b> {@code ε} is fixed for the run (so that {@code F_ε} is one
 * function and its decrease means something): given, or by default Silverman's rule for a Gaussian
 * kernel density estimate in {@code d} dimensions, {@code ε = σ̄ (4/((d + 2) n))^{1/(d + 4)}},
 * with {@code σ̄²} the target's variance averaged over coordinates as the Laplace approximation
 * gives it (1 in coordinates whitened by it), or, where there is none, the initial cloud's. So
 * without a Laplace fit the start matters: from a cloud far wider than the posterior, {@code ε}
 * is too wide, the mollified entropy cannot tell points closer than about {@code ε} apart, and the
 * particles drift into clumps along directions where {@code F_ε} is flat — seen in the k-NN free
 * energy ({@code free_energy_knn}), which then rises while {@code F_ε} stands still; from one far
 * narrower, {@code ε} is too small and {@code F_ε} stays well above {@code -log Z}. Give
 * {@code epsilon} then. The blob method's bias is that of a kernel density estimate: small in a few
 * dimensions, and in many dimensions ({@code ε} of the order of the spread, particles far apart
 * compared with {@code ε}) the repulsion fades and the cloud collapses well inside the target —
 * measured in {@code docs/methods.md}.
 *
 * <p><b>Step.</b> By default adaptive: a trial step is accepted when it lowers {@code F_ε} by at
 * least {@code 10⁻⁴ h Σ_i‖v_i‖²/n} (Armijo's condition, up to a rounding allowance of
 * {@code 10⁻¹²·max(1, |F_ε|)}), halved and retried otherwise (as often as it takes: a posterior
 * far narrower in some direction than {@code ε} needs a far smaller step), and grown by a tenth
 * after each acceptance, starting from {@code h = ε²}. The accepted cloud's {@code s} and {@code F_ε} are those
 * the next step needs, so an accepted step costs nothing extra. A fixed {@code h} gives the explicit
 * Euler scheme of the ODE, whose {@code F_ε} decreases when {@code h} is small enough.
 *
 * <p><b>Faults</b> (a particle with a non-finite log density or gradient in a trial cloud) are
 * recorded; the step is halved and retried from the last good cloud, and after 30 halvings in one
 * iteration the run stops with a {@link RunFailedException} naming the particle. <b>Draws</b> are
 * the final cloud, one chain of {@code n} draws with {@code lp__}, as for {@link Svgd}.
 */
public final class BlobFlow implements Flow {
    /** Armijo's sufficient-decrease constant. */
    static final double ARMIJO = 1e-4;
    /** The factor an accepted adaptive step grows by. */
    static final double GROWTH = 1.1;
    private static final int MAX_HALVINGS = 30;
    /** Halvings of a step that does not lower {@code F_ε} before the iteration gives up (and stays put). */
    private static final int MAX_ARMIJO_HALVINGS = 200;

    /**
     * Settings of the blob flow.
     *
     * @param particles  the number of particles {@code n} (≥ 2)
     * @param iterations steps (≥ 1)
     * @param step       a fixed time step {@code h > 0}, or NaN for the adaptive (Armijo) step
     * @param epsilon    the mollifier's standard deviation {@code ε > 0}, or NaN for Silverman's rule
     *                   on the initial cloud
     * @param start      where the initial cloud comes from
     * @param initRadius {@code r} of the uniform start in {@code (-r, r)^d} (also the Laplace search's start)
     * @param metric     the coordinates the particles move in (and the mollifier is isotropic in):
     *                   whitened by the Laplace approximation ({@code dense}, {@code diagonal}) or the
     *                   target's own ({@code unit})
     */
    public record Settings(int particles, int iterations, double step, double epsilon, CloudStart start,
                           double initRadius, Metric metric) {
        public Settings {
            if (particles < 2) {
                throw new IllegalArgumentException("particles must be at least 2, got " + particles);
            }
            if (iterations < 1) {
                throw new IllegalArgumentException("iterations must be at least 1, got " + iterations);
            }
            if (!Double.isNaN(step) && !(step > 0 && Double.isFinite(step))) {
                throw new IllegalArgumentException("step must be positive and finite (or NaN to adapt it), got " + step);
            }
            if (!Double.isNaN(epsilon) && !(epsilon > 0 && Double.isFinite(epsilon))) {
                throw new IllegalArgumentException("epsilon must be positive and finite (or NaN for Silverman's rule), got "
                        + epsilon);
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

        /** 100 particles, 1000 iterations, adaptive step, Silverman's ε, started from the Laplace approximation. */
        public static Settings defaults() {
            return new Settings(100, 1000, Double.NaN, Double.NaN, CloudStart.LAPLACE, 2.0, Metric.DENSE);
        }

        public Settings withParticles(int v) {
            return new Settings(v, iterations, step, epsilon, start, initRadius, metric);
        }

        public Settings withIterations(int v) {
            return new Settings(particles, v, step, epsilon, start, initRadius, metric);
        }

        public Settings withStep(double v) {
            return new Settings(particles, iterations, v, epsilon, start, initRadius, metric);
        }

        public Settings withEpsilon(double v) {
            return new Settings(particles, iterations, step, v, start, initRadius, metric);
        }

        public Settings withStart(CloudStart v) {
            return new Settings(particles, iterations, step, epsilon, v, initRadius, metric);
        }

        public Settings withInitRadius(double v) {
            return new Settings(particles, iterations, step, epsilon, start, v, metric);
        }

        public Settings withMetric(Metric v) {
            return new Settings(particles, iterations, step, epsilon, start, initRadius, v);
        }
    }

    private final Settings settings;

    public BlobFlow(Settings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return "blob";
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("particles", settings.particles());
        m.put("iterations", settings.iterations());
        m.put("step", Double.isNaN(settings.step()) ? "adapt" : settings.step());
        m.put("epsilon", Double.isNaN(settings.epsilon()) ? "silverman" : settings.epsilon());
        m.put("start", settings.start().name().toLowerCase(Locale.ROOT));
        m.put("init_radius", settings.initRadius());
        m.put("metric", settings.metric().name().toLowerCase(Locale.ROOT));
        return m;
    }

    @Override
    public MemoryEstimate memory(int dimension) {
        // positions, gradients and their trial copies, the whitened ones, the centred cloud, the
        // kernel sums' n × (2d + 1) inputs and outputs, the velocity, the draws and their constrained
        // copy: some 20 arrays of n × (d + 1); and the kernel sums' accumulators and a chunk's
        // transposed sums, for up to 2d + 1 outputs (2 (Pairwise.CHUNK + 1) more)
        return Cloud.memory(settings.particles(), dimension, 20 + 2 * (Pairwise.CHUNK + 1));
    }

    @Override
    public int iterations() {
        return settings.iterations();
    }

    @Override
    public FlowState start(Target target, RunContext context) {
        return new State(target, context, settings);
    }

    /** Silverman's rule in {@code d} dimensions: {@code σ̄ (4/((d + 2) n))^{1/(d + 4)}}. */
    static double silverman(double[] sd, int n) {
        int d = sd.length;
        double v = 0.0;
        for (double s : sd) {
            v += s * s / d;
        }
        return Math.sqrt(v) * Math.pow(4.0 / ((d + 2.0) * n), 1.0 / (d + 4.0));
    }

    /**
     * The regularised free energy {@code F_ε} of a cloud and its descent direction, for a fixed
     * {@code ε}: first pass {@code s_i = Σ_j u_ij}, second the three sums of the repulsion.
     */
    static final class Mollified {
        private final int n;
        private final int d;
        final double epsilon;
        private final double kernelH;
        private final double logNormaliser;
        private final double[] ones;
        private final double[] b;
        private final double[] out;

        Mollified(int n, int d, double epsilon) {
            this.n = n;
            this.d = d;
            this.epsilon = epsilon;
            this.kernelH = 2.0 * epsilon * epsilon;
            this.logNormaliser = -0.5 * d * Math.log(2.0 * Math.PI * epsilon * epsilon) - Math.log(n);
            ones = new double[n];
            java.util.Arrays.fill(ones, 1.0);
            b = new double[n * (2 * d + 1)];
            out = new double[n * (2 * d + 1)];
        }

        /**
         * {@code F_ε = (1/n) Σ_i (log ρ̃(θ_i) - log π(θ_i))} of the cloud loaded in
         * {@code pairwise}, with log densities {@code lp}; {@code s_i} into {@code s}.
         */
        double energy(Pairwise pairwise, double[] lp, double[] s) {
            pairwise.sums(Pairwise.Kind.GAUSSIAN, kernelH, ones, 1, s, null, 0, null);
            double f = 0.0;
            for (int i = 0; i < n; i++) {
                f += Math.log(s[i]) - lp[i];
            }
            return f / n + logNormaliser;
        }

        /**
         * The velocity {@code v_i = ∇log π(θ_i) - Σ_j m_j ∇φ_ε(θ_i - θ_j)(1/ρ̃(θ_i) + 1/ρ̃(θ_j))
         * = -n ∂F_ε/∂θ_i} of the loaded cloud into {@code v}, given its {@code s} (from
         * {@link #energy}) and gradients {@code g}.
         */
        void velocity(Pairwise pairwise, double[] s, double[] g, double[] v) {
            double[] xc = pairwise.xc;
            int m = 2 * d + 1;
            for (int j = 0; j < n; j++) {
                double r = 1.0 / s[j];
                for (int k = 0; k < d; k++) {
                    double t = xc[j * d + k];
                    b[j * m + k] = t;
                    b[j * m + d + k] = r * t;
                }
                b[j * m + 2 * d] = r;
            }
            pairwise.sums(Pairwise.Kind.GAUSSIAN, kernelH, b, m, out, null, 0, null);
            double inv = 1.0 / (epsilon * epsilon);
            for (int i = 0; i < n; i++) {
                double self = 1.0 + out[i * m + 2 * d];
                double rs = 1.0 / s[i];
                for (int k = 0; k < d; k++) {
                    double rep = inv * (xc[i * d + k] * self - rs * out[i * m + k] - out[i * m + d + k]);
                    v[i * d + k] = g[i * d + k] + rep;
                }
            }
        }
    }

    private static final class State implements FlowState, otto.flow.Checkpointable {
        private final Settings s;
        private final Cloud cloud;
        private final Pairwise pairwise;
        private final int n;
        private final int d;
        private final boolean adaptive;
        private final double epsilon;
        private final Mollified mollified;
        private final double[] sums;
        private final double[] sumsTrial;
        private final double[] v;
        private double freeEnergy;
        private double step;
        private double meanVelocity = Double.NaN;
        private long halvings;
        private long rejections;
        private long stalls;

        State(Target target, RunContext context, Settings s) {
            this.s = s;
            this.cloud = new Cloud("blob", target, context, s.particles(), s.start(), s.initRadius(), s.metric());
            this.n = cloud.n;
            this.d = cloud.d;
            this.pairwise = new Pairwise(n, d, context.parallel());
            this.adaptive = Double.isNaN(s.step());
            this.epsilon = Double.isNaN(s.epsilon())
                    ? silverman(cloud.targetSpread != null ? cloud.targetSpread : cloud.spread(), n) : s.epsilon();
            if (!(epsilon > 0 && Double.isFinite(epsilon))) {
                throw new RunFailedException("blob: the initial cloud gives no usable mollifier width (epsilon " + epsilon + ")");
            }
            this.mollified = new Mollified(n, d, epsilon);
            sums = new double[n];
            sumsTrial = new double[n];
            v = new double[n * d];
            pairwise.load(cloud.x);
            freeEnergy = mollified.energy(pairwise, cloud.lp, sums);
            step = adaptive ? epsilon * epsilon : s.step();
        }

        @Override
        public void save(otto.flow.StateWriter out) throws java.io.IOException {
            cloud.save(out);
            pairwise.save(out);
            out.doubles(sums);
            out.writeDouble(freeEnergy);
            out.writeDouble(step);
            out.writeDouble(meanVelocity);
            out.writeLong(halvings);
            out.writeLong(rejections);
            out.writeLong(stalls);
        }

        @Override
        public void restore(otto.flow.StateReader in) throws java.io.IOException {
            cloud.restore(in);
            pairwise.restore(in);
            pairwise.load(cloud.x);   // a step starts with the current cloud loaded
            in.doublesInto(sums);
            freeEnergy = in.readDouble();
            step = in.readDouble();
            meanVelocity = in.readDouble();
            halvings = in.readLong();
            rejections = in.readLong();
            stalls = in.readLong();
        }

        @Override
        public void step(int iteration) {
            // the current cloud is loaded and its s_i are in sums
            mollified.velocity(pairwise, sums, cloud.g, v);
            double norm2 = 0.0;
            double normSum = 0.0;
            for (int i = 0; i < n; i++) {
                double q = 0.0;
                for (int k = 0; k < d; k++) {
                    double vk = v[i * d + k];
                    q += vk * vk;
                }
                if (!Double.isFinite(q)) {
                    throw new RunFailedException("blob: the velocity of particle " + (i + 1) + " is not finite at iteration "
                            + iteration + " (epsilon " + epsilon + "; gradients too large?)");
                }
                norm2 += q;
                normSum += Math.sqrt(q);
            }
            meanVelocity = normSum / n;
            double[] x = cloud.x;
            double[] y = cloud.y;
            double trial = step;
            int faultHalvings = 0;
            int armijoHalvings = 0;
            while (true) {
                for (int i = 0; i < n * d; i++) {
                    y[i] = x[i] + trial * v[i];
                }
                int bad = cloud.evaluateTrial(iteration, "step " + trial + " halved, retried from the last good cloud");
                if (bad >= 0) {
                    if (faultHalvings == MAX_HALVINGS) {
                        throw new RunFailedException("blob: " + cloud.describe(bad) + " at iteration " + iteration
                                + " even after halving the step " + MAX_HALVINGS + " times (to " + trial
                                + "); the target is not finite next to the cloud");
                    }
                    faultHalvings++;
                    trial *= 0.5;
                    halvings++;
                    continue;
                }
                pairwise.load(y);
                double f = mollified.energy(pairwise, cloud.lpY, sumsTrial);
                boolean decrease = f <= freeEnergy - ARMIJO * trial * norm2 / n + 1e-12 * Math.max(1.0, Math.abs(freeEnergy));
                if (!adaptive || decrease) {
                    cloud.accept();
                    System.arraycopy(sumsTrial, 0, sums, 0, n);
                    freeEnergy = f;
                    step = adaptive ? trial * GROWTH : trial;
                    return;
                }
                if (armijoHalvings == MAX_ARMIJO_HALVINGS) {
                    // F_ε does not fall even for a step 2^-200 times smaller: stationary to rounding; stay put
                    stalls++;
                    step *= 0.5;
                    pairwise.load(x);
                    return;
                }
                armijoHalvings++;
                trial *= 0.5;
                rejections++;
            }
        }

        @Override
        public void record(Monitors m) {
            m.put("lp_mean", cloud.meanLogDensity());
            m.put("step_size", step);
            m.put("mean_velocity_norm", meanVelocity);
            m.put("bandwidth", epsilon);
            m.put(Monitors.FREE_ENERGY, freeEnergy - cloud.logDetMap);
            cloud.recordKnnEnergy(m);
        }

        @Override
        public Draws draws() {
            return cloud.draws();
        }

        @Override
        public Map<String, Object> info() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("epsilon", epsilon);
            m.put("epsilon_rule", Double.isNaN(s.epsilon()) ? "silverman" : "fixed");
            m.put("step_size", step);
            m.put("mollified_free_energy", freeEnergy - cloud.logDetMap);
            m.put("mean_velocity_norm", meanVelocity);
            m.put("step_halvings", halvings);
            m.put("armijo_rejections", rejections);
            m.put("armijo_stalls", stalls);
            cloud.describeStart(m);
            return m;
        }
    }
}
