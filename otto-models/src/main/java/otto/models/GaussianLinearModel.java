package otto.models;

import java.util.List;
import java.util.function.BiFunction;
import otto.ad.Matrix;
import otto.ad.Var;
import otto.dist.Normal;
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
        Var lp = Normal.lpdf(p.tape().constant(y), x.times(coefficients(p)), sigma);
        for (Block b : blocks) {
            if (b.prior() != null) {
                lp = lp.add(b.prior().logDensity(p.get(b.name())));
            }
        }
        if (sigmaPrior != null) {
            lp = lp.add(sigmaPrior.logDensity(sigma));
        }
        return lp;
    }
}
