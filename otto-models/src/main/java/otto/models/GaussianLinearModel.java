package otto.models;

import java.util.List;
import java.util.function.BiFunction;
import otto.ad.Gradients;
import otto.ad.Matrix;
import otto.ad.Var;
import otto.dist.Normal;
import otto.math.Dense;
import otto.model.Declarations;
import otto.model.Model;
import otto.model.Params;

/**
 * A Gaussian linear regression {@code y ~ normal(X β, σ)} whose coefficient vector β is declared
 * as named blocks (each with its own prior, or flat), followed by {@code sigma > 0} with its prior.
 * The columns of {@code X} follow the blocks in order. Most regressions of the zoo are this model
 * with different names and priors.
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
    /** {@code XᵀX} and {@code Xᵀy}, for the closed-form Hessian. */
    private final double[] xtx;
    private final double[] xty;
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
        int p = blocks.stream().mapToInt(Block::count).sum();
        if (x.cols() != p) {
            throw new IllegalArgumentException("design matrix has " + x.cols() + " columns, coefficients " + p);
        }
        if (x.rows() != y.length) {
            throw new IllegalArgumentException("design matrix has " + x.rows() + " rows, response " + y.length);
        }
        this.x = x;
        this.y = y;
        this.xtx = Dense.multiply(Dense.transpose(x.values(), x.rows(), p), x.values(), p, x.rows(), p);
        this.xty = new double[p];
        Dense.multiplyTransposed(x.values(), x.rows(), p, y, xty);
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
    protected void transform(Params p) {
        if (transformedName != null) {
            p.define(transformedName, transform.apply(p, coefficients(p)));
        }
    }

    /** β: the blocks concatenated in order. */
    Var coefficients(Params p) {
        Var[] parts = new Var[blocks.size()];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = p.get(blocks.get(i).name());
        }
        return parts.length == 1 ? parts[0] : Var.concat(parts);
    }

    @Override
    protected Var logDensity(Params p) {
        Var sigma = p.get("sigma");
        return Normal.lpdf(p.tape().constant(y), x.times(coefficients(p)), sigma).add(logPrior(p::get, sigma));
    }

    private Var logPrior(java.util.function.Function<String, Var> parameter, Var sigma) {
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

    /**
     * The Hessian in the unconstrained coordinates {@code (β, u = log σ)}: the likelihood's in
     * closed form from {@code XᵀX} (with {@code r = y - Xβ}: {@code ∂²/∂β² = -e^{-2u} XᵀX},
     * {@code ∂²/∂β∂u = -2e^{-2u} Xᵀr}, {@code ∂²/∂u² = -2e^{-2u} |r|²}), the priors' and the
     * log-Jacobian's through the tape (they are cheap: no data).
     */
    @Override
    public void hessian(double[] free, double[] out) {
        int p = x.cols();
        int d = p + 1;
        Gradients.hessian(this::logPriorOnTape, free, out);
        double u = free[p];
        double w = Math.exp(-2.0 * u);
        double[] beta = java.util.Arrays.copyOf(free, p);
        double[] xtxBeta = new double[p];
        Dense.multiply(xtx, p, p, beta, xtxBeta);
        double[] r = new double[x.rows()];
        Dense.multiply(x.values(), x.rows(), p, beta, r);
        double rr = 0.0;
        for (int i = 0; i < r.length; i++) {
            double ri = y[i] - r[i];
            rr += ri * ri;
        }
        for (int a = 0; a < p; a++) {
            for (int b = 0; b < p; b++) {
                out[a * d + b] -= w * xtx[a * p + b];
            }
            double cross = -2.0 * w * (xty[a] - xtxBeta[a]);
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

    /** Log priors plus the log-Jacobian of {@code σ = e^u}, as a function of the free coordinates. */
    private Var logPriorOnTape(Var free) {
        int offset = 0;
        java.util.Map<String, Var> values = new java.util.HashMap<>();
        for (Block b : blocks) {
            values.put(b.name(), free.slice(offset, b.count()));
            offset += b.count();
        }
        Var u = free.slice(offset, 1);
        return logPrior(values::get, u.exp()).add(u);
    }
}
