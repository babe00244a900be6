package otto.flow;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import otto.model.Model;

/**
 * Draws of a run: {@code chains × draws × columns}, each chain stored row-major, with named
 * columns, plus per-draw sampler columns as CmdStan writes them: {@code lp__} (the log density
 * on the unconstrained scale, log-Jacobian included) and, for samplers, {@code accept_stat__}
 * and {@code stepsize__}.
 */
public final class Draws {
    private final String[] names;
    private final double[][] chains;
    private final int draws;
    private final Map<String, double[][]> sampler;

    /**
     * @param names   column names
     * @param chains  per chain, {@code draws × names.length} values, row-major
     * @param sampler per-draw sampler columns (each {@code chains × draws}), may be empty
     */
    public Draws(String[] names, double[][] chains, Map<String, double[][]> sampler) {
        this.names = names.clone();
        this.chains = chains;
        if (chains.length == 0) {
            throw new IllegalArgumentException("draws need at least one chain");
        }
        this.draws = chains[0].length / Math.max(1, names.length);
        for (double[] c : chains) {
            if (c.length != draws * names.length) {
                throw new IllegalArgumentException("chains have different lengths");
            }
        }
        this.sampler = new LinkedHashMap<>(sampler);
    }

    /** Unconstrained draws with columns named {@code x.1 … x.d}. */
    public static Draws unconstrained(int dimension, double[][] chains, Map<String, double[][]> sampler) {
        String[] n = new String[dimension];
        for (int i = 0; i < dimension; i++) {
            n[i] = "x." + (i + 1);
        }
        return new Draws(n, chains, sampler);
    }

    /** Column names. */
    public List<String> names() {
        return List.of(names);
    }

    /** The number of chains. */
    public int chains() {
        return chains.length;
    }

    /** Draws per chain. */
    public int draws() {
        return draws;
    }

    /** The number of columns. */
    public int columns() {
        return names.length;
    }

    /** Value of column {@code j} at draw {@code i} of chain {@code c}. */
    public double get(int c, int i, int j) {
        return chains[c][i * names.length + j];
    }

    /** Draw {@code i} of chain {@code c} (a copy). */
    public double[] draw(int c, int i) {
        return Arrays.copyOfRange(chains[c], i * names.length, (i + 1) * names.length);
    }

    /** Column {@code j} as {@code chains × draws}. */
    public double[][] column(int j) {
        double[][] out = new double[chains.length][draws];
        for (int c = 0; c < chains.length; c++) {
            for (int i = 0; i < draws; i++) {
                out[c][i] = chains[c][i * names.length + j];
            }
        }
        return out;
    }

    /** Per-draw sampler columns by name (each {@code chains × draws}). */
    public Map<String, double[][]> sampler() {
        return java.util.Collections.unmodifiableMap(sampler);
    }

    /**
     * These (unconstrained) draws mapped through a model to its output: constrained parameters
     * and transformed parameters, named as the model names them.
     */
    public Draws constrain(Model model) {
        if (names.length != model.dimension()) {
            throw new IllegalArgumentException("draws have " + names.length + " columns, model dimension is " + model.dimension());
        }
        int m = model.outputSize();
        double[][] out = new double[chains.length][draws * m];
        for (int c = 0; c < chains.length; c++) {
            for (int i = 0; i < draws; i++) {
                System.arraycopy(model.output(draw(c, i)), 0, out[c], i * m, m);
            }
        }
        return new Draws(model.outputNames(), out, sampler);
    }
}
