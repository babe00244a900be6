package otto.flow.gaussian;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import otto.flow.Draws;
import otto.flow.Evaluator;
import otto.flow.Flow;
import otto.flow.FlowState;
import otto.flow.MemoryEstimate;
import otto.flow.Monitors;
import otto.flow.RandomStream;
import otto.flow.RunContext;
import otto.flow.RunFailedException;
import otto.math.Vectors;
import otto.model.Target;

/**
 * Automatic differentiation variational inference (Kucukelbir, Tran, Ranganath, Gelman, Blei
 * 2017), the baseline Stan and PyMC users know: stochastic gradient ascent on the ELBO of a
 * Gaussian {@code q = N(μ, diag(e^{2ω}))} (mean-field) or {@code N(μ, LLᵀ)} (full-rank), with the
 * reparameterisation gradient ({@code z = μ + σ ⊙ ξ} or {@code μ + Lξ}, a few draws a step) and
 * Stan's step-size sequence {@code ρ_k = η k^{-½} / (1 + √s_k)},
 * {@code s_k = 0.1 g_k² + 0.9 s_{k-1}}. As in Stan, η is chosen by trying 100, 10, 1, 0.1 and 0.01
 * for 50 iterations each and keeping the best ELBO, the ELBO is estimated every 100 iterations,
 * and the run stops when the mean or the median of its recent relative changes falls below the
 * tolerance (0.01).
 *
 * <p>Unlike the Wasserstein flows, ADVI follows the Euclidean gradient of the ELBO in the
 * parameters (μ, ω) or (μ, L); Otto carries it so the comparison can be made on one axis.
 */
public final class Advi implements Flow {
    /**
     * Settings of ADVI.
     *
     * @param fullRank      full-rank (dense L) rather than mean-field
     * @param iterations    the most iterations (η search excluded)
     * @param gradSamples   draws per gradient
     * @param elboSamples   draws per ELBO estimate
     * @param evalElbo      iterations between ELBO estimates
     * @param tolerance     relative ELBO change that counts as converged
     * @param eta           a fixed η, or NaN to search for it
     * @param draws         draws per chain from the fit
     * @param chains        chains the draws are laid out in
     * @param elboPairs     antithetic pairs for the final free-energy estimate
     */
    public record Settings(boolean fullRank, int iterations, int gradSamples, int elboSamples, int evalElbo,
                           double tolerance, double eta, int draws, int chains, int elboPairs) {
        public Settings {
            if (iterations < 1 || gradSamples < 1 || elboSamples < 1 || evalElbo < 1 || draws < 1 || chains < 1 || elboPairs < 2) {
                throw new IllegalArgumentException("ADVI counts must be positive (and ELBO pairs at least 2)");
            }
            if (!(tolerance > 0)) {
                throw new IllegalArgumentException("tolerance must be positive, got " + tolerance);
            }
            if (!Double.isNaN(eta) && !(eta > 0 && Double.isFinite(eta))) {
                throw new IllegalArgumentException("eta must be positive, got " + eta);
            }
        }

        /** Stan's defaults: mean-field, at most 10 000 iterations, 1 gradient draw, 100 ELBO draws every 100 iterations, tolerance 0.01. */
        public static Settings defaults() {
            return new Settings(false, 10_000, 1, 100, 100, 0.01, Double.NaN, 1000, 4, 2000);
        }

        public Settings withFullRank(boolean v) {
            return new Settings(v, iterations, gradSamples, elboSamples, evalElbo, tolerance, eta, draws, chains, elboPairs);
        }

        public Settings withIterations(int v) {
            return new Settings(fullRank, v, gradSamples, elboSamples, evalElbo, tolerance, eta, draws, chains, elboPairs);
        }

        public Settings withGradSamples(int v) {
            return new Settings(fullRank, iterations, v, elboSamples, evalElbo, tolerance, eta, draws, chains, elboPairs);
        }

        public Settings withEta(double v) {
            return new Settings(fullRank, iterations, gradSamples, elboSamples, evalElbo, tolerance, v, draws, chains, elboPairs);
        }

        public Settings withTolerance(double v) {
            return new Settings(fullRank, iterations, gradSamples, elboSamples, evalElbo, v, eta, draws, chains, elboPairs);
        }

        public Settings withDraws(int v) {
            return new Settings(fullRank, iterations, gradSamples, elboSamples, evalElbo, tolerance, eta, v, chains, elboPairs);
        }

        public Settings withChains(int v) {
            return new Settings(fullRank, iterations, gradSamples, elboSamples, evalElbo, tolerance, eta, draws, v, elboPairs);
        }
    }

    private static final double[] ETAS = {100, 10, 1, 0.1, 0.01};
    private static final int ADAPT_ITERATIONS = 50;
    private final Settings settings;

    public Advi(Settings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return "advi";
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("algorithm", settings.fullRank() ? "fullrank" : "meanfield");
        m.put("iterations", settings.iterations());
        m.put("grad_samples", settings.gradSamples());
        m.put("elbo_samples", settings.elboSamples());
        m.put("eval_elbo", settings.evalElbo());
        m.put("tolerance", settings.tolerance());
        m.put("eta", Double.isNaN(settings.eta()) ? "adapt" : settings.eta());
        m.put("draws", settings.draws());
        m.put("chains", settings.chains());
        return m;
    }

    @Override
    public MemoryEstimate memory(int dimension) {
        // full rank: the factor, its gradient and the step's moments are d × d; mean field: only the result's covariance
        return GaussianViFlow.gaussianMemory(settings.fullRank() ? 8 : 1, 1, settings.gradSamples(), "grad_samples",
                settings.chains(), settings.draws(), dimension);
    }

    @Override
    public int iterations() {
        return settings.iterations();
    }

    @Override
    public FlowState start(Target target, RunContext context) {
        return new State(target, context, settings);
    }

    /** The variational parameters: μ then ω (mean-field, d values) or L row-major (full-rank). */
    private static final class State implements FlowState, otto.flow.Checkpointable {
        private final Settings s;
        private final RunContext context;
        private final Evaluator evaluator;
        private final RandomStream rng;
        private final int d;
        private final int size;
        private double[] params;
        private double[] second;
        private int k;
        private double eta;
        private double elbo = Double.NaN;
        private final double[] changes;
        private int changeCount;
        private boolean converged;
        private GaussianFit output;
        private long skipped;

        State(Target target, RunContext context, Settings s) {
            this.s = s;
            this.context = context;
            this.evaluator = context.evaluator();
            this.rng = context.stream(0);
            this.d = target.dimension();
            this.size = s.fullRank() ? d + d * d : 2 * d;
            double[] start = initial();
            this.changes = new double[(int) Math.max(0.1 * s.iterations() / s.evalElbo(), 2.0)];
            if (Double.isNaN(s.eta())) {
                double best = Double.NEGATIVE_INFINITY;
                double bestEta = Double.NaN;
                for (double candidate : ETAS) {
                    params = start.clone();
                    second = null;
                    k = 0;
                    eta = candidate;
                    boolean ok = true;
                    for (int i = 0; i < ADAPT_ITERATIONS && ok; i++) {
                        ok = ascend(-1);
                    }
                    double e = ok ? estimateElbo() : Double.NaN;
                    if (Double.isFinite(e) && e > best) {
                        best = e;
                        bestEta = candidate;
                    }
                }
                if (Double.isNaN(bestEta)) {
                    throw new RunFailedException("ADVI: no step size in {100, 10, 1, 0.1, 0.01} gave a finite ELBO after "
                            + ADAPT_ITERATIONS + " iterations");
                }
                eta = bestEta;
            } else {
                eta = s.eta();
            }
            params = start;
            second = null;
            k = 0;
        }

        /** μ = 0 and unit scale, as Stan starts. */
        private double[] initial() {
            double[] p = new double[size];
            if (s.fullRank()) {
                for (int i = 0; i < d; i++) {
                    p[d + i * d + i] = 1.0;
                }
            }
            return p;
        }

        /** One gradient step; false if the target was not finite at a draw (the step is skipped). */
        private boolean ascend(int iteration) {
            int m = s.gradSamples();
            double[] xi = new double[m * d];
            double[] z = new double[m * d];
            for (int j = 0; j < m; j++) {
                double[] e = new double[d];
                rng.nextGaussian(e);
                System.arraycopy(e, 0, xi, j * d, d);
                System.arraycopy(transform(e), 0, z, j * d, d);
            }
            double[] lp = new double[m];
            double[] g = new double[m * d];
            evaluator.evaluate(z, m, lp, g);
            if (!Vectors.allFinite(lp) || !Vectors.allFinite(g)) {
                if (iteration >= 0) {
                    skipped++;
                    context.fault("non_finite_log_density", iteration, -1, "log density not finite at a draw of q; step skipped");
                }
                return false;
            }
            double[] grad = new double[size];
            for (int j = 0; j < m; j++) {
                for (int i = 0; i < d; i++) {
                    double gi = g[j * d + i] / m;
                    grad[i] += gi;
                    if (s.fullRank()) {
                        for (int c = 0; c <= i; c++) {
                            grad[d + i * d + c] += gi * xi[j * d + c];
                        }
                    } else {
                        grad[d + i] += gi * xi[j * d + i] * Math.exp(params[d + i]);
                    }
                }
            }
            for (int i = 0; i < d; i++) {
                if (s.fullRank()) {
                    grad[d + i * d + i] += 1.0 / params[d + i * d + i];
                } else {
                    grad[d + i] += 1.0;
                }
            }
            k++;
            if (second == null) {
                second = new double[size];
                for (int i = 0; i < size; i++) {
                    second[i] = grad[i] * grad[i];
                }
            } else {
                for (int i = 0; i < size; i++) {
                    second[i] = 0.1 * grad[i] * grad[i] + 0.9 * second[i];
                }
            }
            double scale = eta * Math.pow(k, -0.5 + 1e-16);
            for (int i = 0; i < size; i++) {
                params[i] += scale * grad[i] / (1.0 + Math.sqrt(second[i]));
            }
            return Vectors.allFinite(params);
        }

        private double[] transform(double[] xi) {
            double[] z = new double[d];
            for (int i = 0; i < d; i++) {
                double v = params[i];
                if (s.fullRank()) {
                    for (int c = 0; c <= i; c++) {
                        v += params[d + i * d + c] * xi[c];
                    }
                } else {
                    v += Math.exp(params[d + i]) * xi[i];
                }
                z[i] = v;
            }
            return z;
        }

        private double entropy() {
            double h = 0.5 * d * (1.0 + Math.log(2.0 * Math.PI));
            for (int i = 0; i < d; i++) {
                h += s.fullRank() ? Math.log(Math.abs(params[d + i * d + i])) : params[d + i];
            }
            return h;
        }

        private double estimateElbo() {
            int n = s.elboSamples();
            double[] z = new double[n * d];
            double[] e = new double[d];
            for (int j = 0; j < n; j++) {
                rng.nextGaussian(e);
                System.arraycopy(transform(e), 0, z, j * d, d);
            }
            double[] lp = new double[n];
            evaluator.evaluate(z, n, lp, null);
            double sum = 0.0;
            for (double v : lp) {
                sum += v;
            }
            return sum / n + entropy();
        }

        @Override
        public void step(int iteration) {
            ascend(iteration);
            if ((iteration + 1) % s.evalElbo() == 0) {
                double next = estimateElbo();
                if (Double.isFinite(elbo) && Double.isFinite(next)) {
                    changes[changeCount++ % changes.length] = Math.abs((next - elbo) / next);
                    int n = Math.min(changeCount, changes.length);
                    double[] recent = Arrays.copyOf(changes, n);
                    double mean = Arrays.stream(recent).average().orElse(Double.NaN);
                    Arrays.sort(recent);
                    double median = n % 2 == 1 ? recent[n / 2] : 0.5 * (recent[n / 2 - 1] + recent[n / 2]);
                    converged = mean < s.tolerance() || median < s.tolerance();
                }
                elbo = next;
            }
        }

        @Override
        public boolean converged() {
            return converged;
        }

        @Override
        public void save(otto.flow.StateWriter out) throws java.io.IOException {
            out.section("advi");
            out.doubles(params);
            out.doubles(second);
            out.writeInt(k);
            out.writeDouble(eta);
            out.writeDouble(elbo);
            out.doubles(changes);
            out.writeInt(changeCount);
            out.writeBoolean(converged);
            out.writeLong(skipped);
        }

        @Override
        public void restore(otto.flow.StateReader in) throws java.io.IOException {
            in.section("advi");
            params = in.doubles(size);
            second = in.doubles();
            k = in.readInt();
            eta = in.readDouble();
            elbo = in.readDouble();
            in.doublesInto(changes);
            changeCount = in.readInt();
            converged = in.readBoolean();
            skipped = in.readLong();
            output = null;
        }

        @Override
        public void record(Monitors monitors) {
            monitors.put(Monitors.FREE_ENERGY, -elbo);
            monitors.put("eta", eta);
        }

        Gaussian fitted() {
            double[] mean = Arrays.copyOf(params, d);
            double[] cov = new double[d * d];
            for (int i = 0; i < d; i++) {
                if (s.fullRank()) {
                    for (int j = 0; j < d; j++) {
                        double v = 0.0;
                        for (int c = 0; c <= Math.min(i, j); c++) {
                            v += params[d + i * d + c] * params[d + j * d + c];
                        }
                        cov[i * d + j] = v;
                    }
                } else {
                    cov[i * d + i] = Math.exp(2.0 * params[d + i]);
                }
            }
            return new Gaussian(mean, cov);
        }

        @Override
        public Draws draws() {
            if (output == null) {
                output = new GaussianFit(fitted(), evaluator, context, s.chains(), s.draws(), s.elboPairs(), k);
            }
            return output.draws();
        }

        @Override
        public Map<String, Object> info() {
            Map<String, Object> m = new LinkedHashMap<>();
            draws();
            output.describe(m);
            m.put("eta", eta);
            m.put("converged", converged);
            m.put("skipped_steps", skipped);
            return m;
        }
    }
}
