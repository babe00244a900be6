package otto.flow.particle;

import java.util.LinkedHashMap;
import java.util.Map;
import otto.flow.Flow;
import otto.flow.FlowState;
import otto.flow.MemoryEstimate;
import otto.flow.RunContext;
import otto.model.Target;

/**
 * The unadjusted Langevin algorithm: the Euler–Maruyama discretisation of the preconditioned
 * Langevin diffusion {@code dθ = Σ∇log π dt + √2 Σ^{½} dW},
 * {@code θ' = θ + h Σ∇log π(θ) + √(2h) L ξ} ({@code Σ = LLᵀ}), with no Metropolis correction —
 * one gradient per step and no rejections, at the price of a bias of order {@code h}.
 *
 * <p>For a Gaussian target with precision {@code A} (and {@code Σ = I}) the chain is an AR(1)
 * process, unbiased in the mean, whose stationary covariance is exactly
 * {@code 2h (I - (I - hA)²)⁻¹ = (A (I - hA/2))⁻¹}: each variance is inflated by
 * {@code 1/(1 - hλ/2)} along an eigenvector of {@code A} with eigenvalue {@code λ}, and the chain
 * diverges for {@code hλ ≥ 2}.
 *
 * <p>The default step is {@code h = c / ρ} with {@code ρ} the spectral radius of
 * {@code Lᵀ(-∇²log π)L} at the chains' points (median over chains, by power iteration on
 * Hessian–vector products) and {@code c = 0.1}: a Gaussian's variances are then inflated by at
 * most {@code 1/(1 - c/2) ≈ 1.053} (sds by 2.6 %), and the slowest direction decorrelates in
 * about {@code 1/(cλ_min/ρ)} steps. It is recomputed whenever the preconditioner changes in
 * warm-up. Preconditioner and starts as in {@link LangevinChains}. A move to a point whose log
 * density or gradient is not finite is undone (the chain stays put) and counted as a fault; so is
 * a divergent move (one that lowers the log density by more than 1000), after which the chain's
 * default step is halved.
 */
public final class Ula implements Flow {
    /** The default step relative to the stiffness: {@code h = 0.1 / ρ}. */
    public static final double STEP_FACTOR = 0.1;

    /**
     * Settings of ULA.
     *
     * @param chains         number of chains (≥ 1)
     * @param warmup         warm-up (burn-in) iterations per chain (≥ 0), not kept
     * @param draws          kept draws per chain (≥ 1)
     * @param step           a fixed step {@code h > 0}, or NaN for {@code 0.1 / ρ} from the curvature
     * @param metric         the preconditioner's form
     * @param preconditioner where the preconditioner comes from
     * @param initRadius     chains first look for a start uniformly in {@code (-r, r)^d}
     */
    public record Settings(int chains, int warmup, int draws, double step, Metric metric,
                           Preconditioner preconditioner, double initRadius) implements ChainSettings<Settings> {
        public Settings {
            new LangevinChains.Layout(chains, warmup, draws, metric, preconditioner, initRadius);
            if (!Double.isNaN(step) && !(step > 0 && Double.isFinite(step))) {
                throw new IllegalArgumentException("step must be positive and finite, got " + step);
            }
        }

        /**
         * 4 chains, 1000 warm-up iterations and 2000 draws each (as for every chain method: see
         * {@link Mala.Settings#defaults()}), step from the curvature, dense metric adapted in warm-up.
         */
        public static Settings defaults() {
            return new Settings(4, 1000, 2000, Double.NaN, Metric.DENSE, Preconditioner.WARMUP, 2.0);
        }

        @Override
        public Settings withChains(int v) {
            return new Settings(v, warmup, draws, step, metric, preconditioner, initRadius);
        }

        @Override
        public Settings withWarmup(int v) {
            return new Settings(chains, v, draws, step, metric, preconditioner, initRadius);
        }

        @Override
        public Settings withDraws(int v) {
            return new Settings(chains, warmup, v, step, metric, preconditioner, initRadius);
        }

        @Override
        public Settings withStep(double v) {
            return new Settings(chains, warmup, draws, v, metric, preconditioner, initRadius);
        }

        @Override
        public Settings withMetric(Metric v) {
            return new Settings(chains, warmup, draws, step, v, preconditioner, initRadius);
        }

        @Override
        public Settings withPreconditioner(Preconditioner v) {
            return new Settings(chains, warmup, draws, step, metric, v, initRadius);
        }

        LangevinChains.Layout layout() {
            return new LangevinChains.Layout(chains, warmup, draws, metric, preconditioner, initRadius);
        }
    }

    private final Settings settings;

    public Ula(Settings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return "ula";
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> m = new LinkedHashMap<>();
        settings.layout().describe(m);
        m.put("step", Double.isNaN(settings.step()) ? "curvature" : settings.step());
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
        private final double[] y;
        private final double[] lpY;
        private final double[] gY;
        private final double[] xi;
        private final double[] drift;
        private final double[] noise;
        private double stiffness = Double.NaN;

        State(Target target, RunContext context, Settings s) {
            super(target, context, s.layout(), false);
            this.s = s;
            y = new double[chains * d];
            lpY = new double[chains];
            gY = new double[chains * d];
            xi = new double[d];
            drift = new double[d];
            noise = new double[d];
            chooseStep();
        }

        @Override
        void saveOwn(otto.flow.StateWriter out) throws java.io.IOException {
            out.writeDouble(stiffness);
        }

        @Override
        void restoreOwn(otto.flow.StateReader in) throws java.io.IOException {
            stiffness = in.readDouble();
        }

        private void chooseStep() {
            if (!Double.isNaN(s.step())) {
                java.util.Arrays.fill(step, s.step());
                return;
            }
            stiffness = stiffness();
            for (int c = 0; c < chains; c++) {
                step[c] = stepScale[c] * STEP_FACTOR / stiffness;
            }
        }

        @Override
        public void step(int iteration) {
            for (int c = 0; c < chains; c++) {
                double h = step[c];
                double sq = Math.sqrt(2.0 * h);
                rng[c].nextGaussian(xi);
                precondition(g, c * d, drift, 0);
                colour(xi, noise, 0);
                for (int i = 0; i < d; i++) {
                    y[c * d + i] = x[c * d + i] + h * drift[i] + sq * noise[i];
                }
            }
            evaluator.evaluate(y, chains, lpY, gY);
            for (int c = 0; c < chains; c++) {
                if (!finiteAt(lpY, gY, c)) {
                    rejectNonFinite(iteration, c, lpY[c]);
                } else if (!diverges(iteration, c, lpY[c], Double.isNaN(s.step()))) {
                    System.arraycopy(y, c * d, x, c * d, d);
                    System.arraycopy(gY, c * d, g, c * d, d);
                    lp[c] = lpY[c];
                }
            }
            if (finish(iteration, null)) {
                chooseStep();
            }
        }

        @Override
        public Map<String, Object> info() {
            Map<String, Object> m = super.info();
            if (!Double.isNaN(stiffness)) {
                m.put("stiffness", stiffness);
            }
            return m;
        }
    }
}
