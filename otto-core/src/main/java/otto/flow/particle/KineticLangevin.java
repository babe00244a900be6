package otto.flow.particle;

import java.util.LinkedHashMap;
import java.util.Map;
import otto.flow.Flow;
import otto.flow.FlowState;
import otto.flow.MemoryEstimate;
import otto.flow.RunContext;
import otto.math.Dense;
import otto.model.Target;

/**
 * Kinetic (underdamped) Langevin dynamics with a velocity {@code v} and friction {@code γ},
 * preconditioned by {@code Σ = LLᵀ} (mass matrix {@code Σ⁻¹}):
 * {@code dθ = v dt, dv = Σ∇log π(θ) dt - γ v dt + √(2γ) L dW}, whose stationary law is
 * {@code π(θ) N(v; 0, Σ)}. One gradient per step, by one of two splittings into the pieces
 * B (kick {@code v += ½ε Σ∇log π}), A (drift {@code θ += ½ε v} or {@code ε v}) and O (the exact
 * Ornstein–Uhlenbeck velocity refresh {@code v ← η v + √(1-η²) L ξ}):
 *
 * <ul>
 *   <li><b>BAOAB</b> (Leimkuhler &amp; Matthews 2013), B A O A B with {@code η = e^{-γε}}: for a
 *       Gaussian target its stationary law of {@code θ} is exact for every stable step
 *       ({@code ε√λ < 2}) and friction; on other targets the error is of order {@code ε²}.</li>
 *   <li><b>OBABO</b>, O B A B O with {@code η = e^{-γε/2}} and a full-step drift: unadjusted, a
 *       Gaussian's variances are inflated by {@code 1/(1 - ε²λ/4)}; its middle BAB is a
 *       leapfrog step, so it can be <b>Metropolis-adjusted</b> — accept the leapfrog move with
 *       probability {@code min(1, exp(H - H'))}, {@code H = -log π(θ) + ½vᵀΣ⁻¹v}, and on
 *       rejection keep {@code θ} and reverse {@code v} (generalised HMC, Horowitz 1991) — which
 *       makes {@code π} exactly stationary.</li>
 * </ul>
 *
 * <p>Step size: unadjusted, {@code ε = 0.5 / √ρ} with {@code ρ} the spectral radius of
 * {@code Lᵀ(-∇²log π)L} at the chains' points (stable with a fourfold margin); adjusted, Stan's
 * initial heuristic and dual averaging in warm-up to an acceptance rate of 0.9 (high, because a
 * rejection reverses the velocity and so undoes the momentum's persistence). Preconditioner
 * and starts as in {@link LangevinChains}; velocities start from {@code N(0, Σ)} and are redrawn
 * when warm-up changes {@code Σ}. In warm-up a velocity is also redrawn when its kinetic energy
 * lies beyond the far tail of its law ({@code vᵀΣ⁻¹v} above the χ²<sub>d</sub> quantile of about
 * {@code 1 - 10⁻¹⁵}): it is energy a chain picked up falling from a far start, which the friction
 * would take some {@code 1/(γε)} steps to shed — with the tiny steps such a start forces, never,
 * and the step-size adaptation would shrink the step to match the speed instead. A move to a
 * point whose log density or gradient is not finite is rejected (position kept, velocity
 * reversed) and counted as a fault; so is an unadjusted move
 * that lowers the log density by more than 1000 (a divergence), after which the chain's default
 * step is halved.
 */
public final class KineticLangevin implements Flow {
    /** The unadjusted default step relative to the stiffness: {@code ε = 0.5 / √ρ}. */
    public static final double STEP_FACTOR = 0.5;

    /** How the dynamics is split into kicks, drifts and velocity refreshes. */
    public enum Splitting {
        /** B A O A B: exact for Gaussians, unadjusted only. */
        BAOAB,
        /** O B A B O: a leapfrog step between two half refreshes; can be Metropolis-adjusted. */
        OBABO;

        /** Parses {@code baoab} or {@code obabo}. */
        public static Splitting parse(String s) {
            switch (s.toLowerCase(java.util.Locale.ROOT)) {
                case "baoab":
                    return BAOAB;
                case "obabo":
                    return OBABO;
                default:
                    throw new IllegalArgumentException("unknown splitting '" + s + "' (expected baoab or obabo)");
            }
        }
    }

    /**
     * Settings of kinetic Langevin.
     *
     * @param chains           number of chains (≥ 1)
     * @param warmup           warm-up iterations per chain (≥ 0), not kept
     * @param draws            kept draws per chain (≥ 1)
     * @param step             a fixed step {@code ε > 0}, or NaN to choose it (see the class)
     * @param friction         the friction {@code γ > 0}, in units of the preconditioned time
     * @param splitting        BAOAB or OBABO
     * @param adjusted         Metropolis-adjusted (OBABO only)
     * @param targetAcceptance the acceptance rate an adjusted step is tuned to, in (0, 1)
     * @param metric           the preconditioner's form
     * @param preconditioner   where the preconditioner comes from
     * @param initRadius       chains first look for a start uniformly in {@code (-r, r)^d}
     */
    public record Settings(int chains, int warmup, int draws, double step, double friction, Splitting splitting,
                           boolean adjusted, double targetAcceptance, Metric metric, Preconditioner preconditioner,
                           double initRadius) implements ChainSettings<Settings> {
        public Settings {
            new LangevinChains.Layout(chains, warmup, draws, metric, preconditioner, initRadius);
            if (!Double.isNaN(step) && !(step > 0 && Double.isFinite(step))) {
                throw new IllegalArgumentException("step must be positive and finite, got " + step);
            }
            if (!(friction > 0 && Double.isFinite(friction))) {
                throw new IllegalArgumentException("friction must be positive and finite, got " + friction);
            }
            if (splitting == null) {
                throw new IllegalArgumentException("splitting must be given");
            }
            if (adjusted && splitting != Splitting.OBABO) {
                throw new IllegalArgumentException("a Metropolis-adjusted kinetic Langevin needs the OBABO splitting "
                        + "(its middle is a reversible leapfrog step); got " + splitting);
            }
            if (!(targetAcceptance > 0 && targetAcceptance < 1)) {
                throw new IllegalArgumentException("target acceptance must be in (0, 1), got " + targetAcceptance);
            }
        }

        /**
         * 4 chains, 1000 warm-up iterations and 2000 draws each (as for every chain method: see
         * {@link Mala.Settings#defaults()}), unadjusted BAOAB, friction 1, step from the curvature,
         * dense metric adapted in warm-up.
         */
        public static Settings defaults() {
            return new Settings(4, 1000, 2000, Double.NaN, 1.0, Splitting.BAOAB, false, 0.9, Metric.DENSE,
                    Preconditioner.WARMUP, 2.0);
        }

        @Override
        public Settings withChains(int v) {
            return new Settings(v, warmup, draws, step, friction, splitting, adjusted, targetAcceptance, metric, preconditioner, initRadius);
        }

        @Override
        public Settings withWarmup(int v) {
            return new Settings(chains, v, draws, step, friction, splitting, adjusted, targetAcceptance, metric, preconditioner, initRadius);
        }

        @Override
        public Settings withDraws(int v) {
            return new Settings(chains, warmup, v, step, friction, splitting, adjusted, targetAcceptance, metric, preconditioner, initRadius);
        }

        @Override
        public Settings withStep(double v) {
            return new Settings(chains, warmup, draws, v, friction, splitting, adjusted, targetAcceptance, metric, preconditioner, initRadius);
        }

        public Settings withFriction(double v) {
            return new Settings(chains, warmup, draws, step, v, splitting, adjusted, targetAcceptance, metric, preconditioner, initRadius);
        }

        /** The Metropolis-adjusted OBABO sampler ({@code true}), or back to unadjusted (keeping the splitting). */
        public Settings withAdjusted(boolean v) {
            return new Settings(chains, warmup, draws, step, friction, v ? Splitting.OBABO : splitting, v, targetAcceptance,
                    metric, preconditioner, initRadius);
        }

        public Settings withSplitting(Splitting v) {
            return new Settings(chains, warmup, draws, step, friction, v, adjusted, targetAcceptance, metric, preconditioner, initRadius);
        }

        @Override
        public Settings withMetric(Metric v) {
            return new Settings(chains, warmup, draws, step, friction, splitting, adjusted, targetAcceptance, v, preconditioner, initRadius);
        }

        @Override
        public Settings withPreconditioner(Preconditioner v) {
            return new Settings(chains, warmup, draws, step, friction, splitting, adjusted, targetAcceptance, metric, v, initRadius);
        }

        LangevinChains.Layout layout() {
            return new LangevinChains.Layout(chains, warmup, draws, metric, preconditioner, initRadius);
        }
    }

    private final Settings settings;

    public KineticLangevin(Settings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return "kinetic";
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> m = new LinkedHashMap<>();
        settings.layout().describe(m);
        m.put("step", Double.isNaN(settings.step()) ? (settings.adjusted() ? "adapt" : "curvature") : settings.step());
        m.put("friction", settings.friction());
        m.put("splitting", settings.splitting().name().toLowerCase(java.util.Locale.ROOT));
        m.put("adjusted", settings.adjusted());
        if (settings.adjusted()) {
            m.put("target_acceptance", settings.targetAcceptance());
        }
        return m;
    }

    @Override
    public MemoryEstimate memory(int dimension) {
        return LangevinChains.memory(settings.chains(), settings.draws(), dimension);
    }

    @Override
    public int iterations() {
        return settings.warmup() + settings.draws();
    }

    @Override
    public FlowState start(Target target, RunContext context) {
        return new State(target, context, settings);
    }

    private static final class State extends LangevinChains {
        private final Settings s;
        private final boolean baoab;
        /** Velocities, chain after chain. */
        private final double[] v;
        private final double[] y;
        private final double[] w;
        private final double[] lpY;
        private final double[] gY;
        private final double[] xi;
        private final double[] tmp;
        private final double[] alphas;
        private final DualAveraging[] adapt;
        private double stiffness = Double.NaN;
        /** Twice the kinetic energy above which a warm-up velocity is redrawn. */
        private final double energyLimit;
        private long redrawn;

        State(Target target, RunContext context, Settings s) {
            super(target, context, s.layout(), s.adjusted());
            this.s = s;
            this.baoab = s.splitting() == Splitting.BAOAB;
            v = new double[chains * d];
            y = new double[chains * d];
            w = new double[chains * d];
            lpY = new double[chains];
            gY = new double[chains * d];
            xi = new double[d];
            tmp = new double[d];
            alphas = new double[chains];
            adapt = new DualAveraging[chains];
            energyLimit = chiSquareTail(d);
            drawVelocities();
            chooseSteps();
        }

        @Override
        void saveOwn(otto.flow.StateWriter out) throws java.io.IOException {
            out.doubles(v);
            DualAveraging.save(adapt, out);
            out.writeDouble(stiffness);
            out.writeLong(redrawn);
        }

        @Override
        void restoreOwn(otto.flow.StateReader in) throws java.io.IOException {
            in.doublesInto(v);
            DualAveraging.restore(adapt, s.targetAcceptance(), in);
            stiffness = in.readDouble();
            redrawn = in.readLong();
        }

        private void drawVelocities() {
            for (int c = 0; c < chains; c++) {
                rng[c].nextGaussian(xi);
                colour(xi, v, c * d);
            }
        }

        private void chooseSteps() {
            if (!Double.isNaN(s.step())) {
                java.util.Arrays.fill(step, s.step());
            } else if (!s.adjusted()) {
                stiffness = stiffness();
                for (int c = 0; c < chains; c++) {
                    step[c] = stepScale[c] * STEP_FACTOR / Math.sqrt(stiffness);
                }
            } else {
                for (int c = 0; c < chains; c++) {
                    step[c] = initialStep(c);
                    if (adapt[c] == null) {
                        adapt[c] = new DualAveraging(s.targetAcceptance(), step[c]);
                    } else {
                        adapt[c].restart(step[c]);
                    }
                }
            }
        }

        /**
         * The χ²<sub>d</sub> quantile of about {@code 1 - 10⁻¹⁵} by Wilson and Hilferty's cube-root
         * normal approximation, {@code d (1 - 2/(9d) + z √(2/(9d)))³} with {@code z = 8}.
         */
        private static double chiSquareTail(int d) {
            double a = 2.0 / (9.0 * d);
            double r = 1.0 - a + 8.0 * Math.sqrt(a);
            return d * r * r * r;
        }

        /** Stan's heuristic: double or halve ε until the acceptance of one leapfrog move crosses 0.8. */
        private double initialStep(int c) {
            double eps = 1.0;
            double a = trialAcceptance(c, eps);
            int direction = a > 0.8 ? 1 : -1;
            for (int k = 0; k < 50; k++) {
                double next = direction > 0 ? eps * 2.0 : eps * 0.5;
                a = trialAcceptance(c, next);
                eps = next;
                if (direction > 0 ? !(a > 0.8) : a > 0.8) {
                    break;
                }
            }
            return eps;
        }

        private double trialAcceptance(int c, double eps) {
            double[] vel = new double[d];
            rng[c].nextGaussian(xi);
            colour(xi, vel, 0);
            double[] pos = new double[d];
            double[] lpp = new double[1];
            double[] gp = new double[d];
            double h0 = -lp[c] + kinetic(vel, 0);
            precondition(g, c * d, tmp, 0);
            for (int i = 0; i < d; i++) {
                vel[i] += 0.5 * eps * tmp[i];
                pos[i] = x[c * d + i] + eps * vel[i];
            }
            evaluator.evaluate(pos, 1, lpp, gp);
            if (!finiteAt(lpp, gp, 0)) {
                return 0.0;
            }
            precondition(gp, 0, tmp, 0);
            for (int i = 0; i < d; i++) {
                vel[i] += 0.5 * eps * tmp[i];
            }
            double h1 = -lpp[0] + kinetic(vel, 0);
            return Math.min(1.0, Math.exp(h0 - h1));
        }

        /** {@code ½ vᵀ Σ⁻¹ v} of the velocity at {@code vel[o..]}. */
        private double kinetic(double[] vel, int o) {
            System.arraycopy(vel, o, tmp, 0, d);
            Dense.solveLower(chol, d, tmp, tmp);
            double k = 0.0;
            for (int i = 0; i < d; i++) {
                k += tmp[i] * tmp[i];
            }
            return 0.5 * k;
        }

        /** The O step on chain c's velocity: {@code v ← η v + √(1-η²) L ξ}. */
        private void refresh(int c, double eta) {
            rng[c].nextGaussian(xi);
            colour(xi, tmp, 0);
            double sigma = Math.sqrt(1.0 - eta * eta);
            for (int i = 0; i < d; i++) {
                v[c * d + i] = eta * v[c * d + i] + sigma * tmp[i];
            }
        }

        /** A half kick of the velocity at {@code vel[o..]} with the gradient at {@code grad[o..]}. */
        private void kick(double[] vel, double[] grad, int o, double eps) {
            precondition(grad, o, tmp, 0);
            for (int i = 0; i < d; i++) {
                vel[o + i] += 0.5 * eps * tmp[i];
            }
        }

        @Override
        public void step(int iteration) {
            for (int c = 0; c < chains; c++) {
                double eps = step[c];
                int o = c * d;
                if (baoab) {
                    System.arraycopy(v, o, w, o, d);
                    kick(w, g, o, eps);
                    double eta = Math.exp(-s.friction() * eps);
                    double sigma = Math.sqrt(1.0 - eta * eta);
                    rng[c].nextGaussian(xi);
                    colour(xi, tmp, 0);
                    for (int i = 0; i < d; i++) {
                        double half = x[o + i] + 0.5 * eps * w[o + i];
                        w[o + i] = eta * w[o + i] + sigma * tmp[i];
                        y[o + i] = half + 0.5 * eps * w[o + i];
                    }
                } else {
                    refresh(c, Math.exp(-0.5 * s.friction() * eps));
                    System.arraycopy(v, o, w, o, d);
                    kick(w, g, o, eps);
                    for (int i = 0; i < d; i++) {
                        y[o + i] = x[o + i] + eps * w[o + i];
                    }
                }
            }
            evaluator.evaluate(y, chains, lpY, gY);
            boolean warm = iteration < warmup;
            for (int c = 0; c < chains; c++) {
                double eps = step[c];
                int o = c * d;
                double alpha = 1.0;
                boolean move;
                if (!finiteAt(lpY, gY, c)) {
                    rejectNonFinite(iteration, c, lpY[c]);
                    alpha = 0.0;
                    move = false;
                } else if (!s.adjusted() && diverges(iteration, c, lpY[c], Double.isNaN(s.step()))) {
                    alpha = 0.0;
                    move = false;
                } else {
                    kick(w, gY, o, eps);
                    if (s.adjusted()) {
                        double h0 = -lp[c] + kinetic(v, o);
                        double h1 = -lpY[c] + kinetic(w, o);
                        double la = h0 - h1;
                        alpha = la >= 0 ? 1.0 : Double.isNaN(la) ? 0.0 : Math.exp(la);
                        move = rng[c].nextDouble() < alpha;
                    } else {
                        move = true;
                    }
                }
                if (move) {
                    System.arraycopy(y, o, x, o, d);
                    System.arraycopy(gY, o, g, o, d);
                    System.arraycopy(w, o, v, o, d);
                    lp[c] = lpY[c];
                } else {
                    for (int i = 0; i < d; i++) {
                        v[o + i] = -v[o + i];
                    }
                }
                if (!baoab) {
                    refresh(c, Math.exp(-0.5 * s.friction() * eps));
                }
                if (warm && 2.0 * kinetic(v, o) > energyLimit) {
                    rng[c].nextGaussian(xi);
                    colour(xi, v, o);
                    redrawn++;
                }
                alphas[c] = alpha;
                if (s.adjusted()) {
                    accepted(alpha);
                    if (warm && Double.isNaN(s.step())) {
                        step[c] = adapt[c].update(alpha);
                        if (iteration == warmup - 1) {
                            step[c] = adapt[c].averagedStep();
                        }
                    }
                }
            }
            if (finish(iteration, alphas)) {
                drawVelocities();
                chooseSteps();
            }
        }

        @Override
        public Map<String, Object> info() {
            Map<String, Object> m = super.info();
            if (!Double.isNaN(stiffness)) {
                m.put("stiffness", stiffness);
            }
            m.put("warmup_velocities_redrawn", redrawn);
            return m;
        }
    }
}
