package otto.models;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import otto.ad.Gradients;
import otto.ad.Matrix;
import otto.ad.Var;
import otto.dist.Normal;
import otto.math.Dense;
import otto.math.GlmKernel;
import otto.math.SpecialFunctions;
import otto.model.Declarations;
import otto.model.Model;
import otto.model.Params;

/**
 * A Gaussian linear regression {@code y ~ normal(X β, σ)} whose coefficient vector β is declared
 * as named blocks (each with its own prior, or flat), followed by {@code sigma > 0} with its prior.
 * The columns of {@code X} follow the blocks in order. Most regressions of the zoo are this model
 * with different names and priors.
 *
 * <p>The tape ({@link #logDensity(Params)}) is the reference. Plain-array paths do the data work
 * in {@link GlmKernel} (family {@code NORMAL}: each point's {@code |y - Xβ|²} and {@code Xᵀ(y - Xβ)}
 * in one pass over the data); the Hessian in {@code (β, log σ)} is closed form. The priors (no data) go through the tape in every path.
 */
class GaussianLinearModel extends Model {
    /** A prior on a block of coefficients or on σ: its log density, or null for a flat prior. */
    interface Prior {
        Var logDensity(Var value);
    }

    /** A named block of coefficients; {@code size} 0 declares a scalar. */
    record Block(String name, int size, Prior prior) {
        int count() {
            return Math.max(1, size);
        }
    }

    private final Matrix x;
    private final double[] y;
    private final int n;
    private final int p;
    /** {@code XᵀX}, for the closed-form Hessian. */
    private final double[] xtx;
    private final GlmKernel kernel;
    private final List<Block> blocks;
    private final Prior sigmaPrior;
    private final String transformedName;
    private final BiFunction<Params, Var, Var> transform;

    GaussianLinearModel(String name, Matrix x, double[] y, List<Block> blocks, Prior sigmaPrior) {
        this(name, x, y, blocks, sigmaPrior, null, null);
    }

    /** With one scalar transformed (generated) quantity computed from the parameters and β. */
    GaussianLinearModel(String name, Matrix x, double[] y, List<Block> blocks, Prior sigmaPrior,
                        String transformedName, BiFunction<Params, Var, Var> transform) {
        super(name);
        this.p = blocks.stream().mapToInt(Block::count).sum();
        if (x.cols() != p) {
            throw new IllegalArgumentException("design matrix has " + x.cols() + " columns, coefficients " + p);
        }
        if (x.rows() != y.length) {
            throw new IllegalArgumentException("design matrix has " + x.rows() + " rows, response " + y.length);
        }
        this.n = x.rows();
        this.x = x;
        double[] xt = Dense.transpose(x.values(), n, p);
        this.y = y;
        this.xtx = Dense.multiply(xt, x.values(), p, n, p);
        this.kernel = GlmKernel.of(x.values(), n, p, y, GlmKernel.Family.NORMAL);
        this.blocks = List.copyOf(blocks);
        this.sigmaPrior = sigmaPrior;
        this.transformedName = transformedName;
        this.transform = transform;
    }

    @Override
    protected void declare(Declarations d) {
        for (Block b : blocks) {
            if (b.size() == 0) {
                d.real(b.name());
            } else {
                d.real(b.name(), b.size());
            }
        }
        d.lower("sigma", 0);
        if (transformedName != null) {
            d.transformed(transformedName);
        }
    }

    @Override
    protected void transform(Params params) {
        if (transformedName != null) {
            params.define(transformedName, transform.apply(params, coefficients(params)));
        }
    }

    /** β: the blocks concatenated in order. */
    Var coefficients(Params params) {
        Var[] parts = new Var[blocks.size()];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = params.get(blocks.get(i).name());
        }
        return parts.length == 1 ? parts[0] : Var.concat(parts);
    }

    @Override
    protected Var logDensity(Params params) {
        Var sigma = params.get("sigma");
        Var lp = logPrior(params::get, sigma);
        if (n == 0) {
            return lp;
        }
        return Normal.lpdf(params.tape().constant(y), x.times(coefficients(params)), sigma).add(lp);
    }

    private Var logPrior(Function<String, Var> parameter, Var sigma) {
        Var lp = sigma.tape().constant(0.0);
        for (Block b : blocks) {
            if (b.prior() != null) {
                lp = lp.add(b.prior().logDensity(parameter.apply(b.name())));
            }
        }
        if (sigmaPrior != null) {
            lp = lp.add(sigmaPrior.logDensity(sigma));
        }
        return lp;
    }

    /** Log priors plus the log-Jacobian of {@code σ = e^u}, as a function of the free coordinates {@code (β, u)}. */
    private Var logPriorOnTape(Var free) {
        int offset = 0;
        Map<String, Var> values = new HashMap<>();
        for (Block b : blocks) {
            values.put(b.name(), free.slice(offset, b.count()));
            offset += b.count();
        }
        Var u = free.slice(offset, 1);
        return logPrior(values::get, u.exp()).add(u);
    }

    @Override
    public double logDensity(double[] free, double[] gradient) {
        if (free.length != p + 1) {
            throw new IllegalArgumentException("model " + name() + " has dimension " + (p + 1) + ", got a point of size " + free.length);
        }
        double[] lp = new double[1];
        logDensities(free, 1, lp, gradient);
        return lp[0];
    }

    /**
     * All points at once: {@link GlmKernel#evaluate} gives each point's {@code -½|r|²} and
     * {@code Xᵀr} ({@code r = y - Xβ}) in one pass over the data; in {@code u = log σ},
     * {@code log p = -n u - |r|²/(2σ²) - (n/2) log 2π + log prior + u}.
     */
    @Override
    public void logDensities(double[] points, int count, double[] logDensities, double[] gradients) {
        int d = p + 1;
        double[] g = new double[d];
        double[] x1 = new double[d];
        double[] halfRr = new double[count];
        double[] xtr = gradients == null ? null : new double[count * p];
        kernel.evaluate(points, d, count, halfRr, xtr);
        for (int c = 0; c < count; c++) {
            double u = points[c * d + p];
            double inv = Math.exp(-2.0 * u);
            double rr = -2.0 * halfRr[c];
            System.arraycopy(points, c * d, x1, 0, d);
            double prior = Gradients.valueAndGradient(this::logPriorOnTape, x1, gradients == null ? null : g);
            logDensities[c] = -n * (u + SpecialFunctions.HALF_LOG_TWO_PI) - 0.5 * rr * inv + prior;
            if (gradients != null) {
                int go = c * d;
                System.arraycopy(g, 0, gradients, go, d);
                gradients[go + p] += rr * inv - n;
                for (int j = 0; j < p; j++) {
                    gradients[go + j] += xtr[c * p + j] * inv;
                }
            }
        }
    }

    /**
     * The Hessian in the unconstrained coordinates {@code (β, u = log σ)}: the likelihood's in
     * closed form (with {@code r = y - Xβ}: {@code ∂²/∂β² = -e^{-2u} XᵀX},
     * {@code ∂²/∂β∂u = -2e^{-2u} Xᵀr}, {@code ∂²/∂u² = -2e^{-2u} |r|²}), the priors' and the
     * log-Jacobian's through the tape (they are cheap: no data).
     */
    @Override
    public void hessian(double[] free, double[] out) {
        int d = p + 1;
        Gradients.hessian(this::logPriorOnTape, free, out);
        double w = Math.exp(-2.0 * free[p]);
        double[] halfRr = new double[1];
        double[] xtr = new double[p];
        kernel.evaluate(free, d, 1, halfRr, xtr);
        double rr = -2.0 * halfRr[0];
        for (int a = 0; a < p; a++) {
            for (int b = 0; b < p; b++) {
                out[a * d + b] -= w * xtx[a * p + b];
            }
            double cross = -2.0 * w * xtr[a];
            out[a * d + p] += cross;
            out[p * d + a] += cross;
        }
        out[p * d + p] -= 2.0 * w * rr;
    }

    @Override
    public void hessianVectorProduct(double[] free, double[] v, double[] out) {
        int d = free.length;
        double[] h = new double[d * d];
        hessian(free, h);
        Dense.multiply(h, d, d, v, out);
    }
}
