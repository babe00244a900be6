package otto.model;

import otto.ad.Var;

/**
 * The lower Cholesky factor {@code L} of a {@code K × K} correlation matrix, as Stan builds it:
 * canonical partial correlations {@code z = tanh(u)} (row by row below the diagonal), then
 * {@code L_ij = z_ij √(1 - Σ_{k<j} L_ik²)} and {@code L_ii = √(1 - Σ_{k<i} L_ik²)}, so every row
 * has unit length. Since {@code 1 - Σ_{k<j} L_ik² = Π_{k<j}(1 - z_ik²)}, each row is a cumulative
 * sum of {@code log(1 - z²)}; the log-Jacobian is
 * {@code Σ log(1 - z_ij²) + ½ Σ_{j<i} log(1 - Σ_{k<j} L_ik²)}.
 */
final class CholeskyCorrelation implements Constraint {
    static final CholeskyCorrelation INSTANCE = new CholeskyCorrelation();

    @Override
    public int freeSize(int[] shape) {
        int k = order(shape);
        return k * (k - 1) / 2;
    }

    @Override
    public Var constrain(Var u, int[] shape, Params params) {
        int k = order(shape);
        var tape = params.tape();
        Var[] pieces = new Var[3 * k];
        int n = 0;
        pieces[n++] = tape.constant(1.0);
        if (k > 1) {
            pieces[n++] = tape.constant(new double[k - 1]);
        }
        if (k == 1) {
            return Var.concat(java.util.Arrays.copyOf(pieces, n));
        }
        Var z = u.tanh();
        Var log1mZ2 = z.square().log1m();
        Var logJ = log1mZ2.sum();
        for (int i = 1; i < k; i++) {
            int start = i * (i - 1) / 2;
            Var zi = z.slice(start, i);
            Var qi = log1mZ2.slice(start, i);
            Var logRemaining = qi.cumulativeSum(true);        // log(1 - Σ_{k<j} L_ik²), j = 0..i-1
            pieces[n++] = zi.mul(logRemaining.mul(0.5).exp());
            pieces[n++] = qi.sum().mul(0.5).exp();
            if (i < k - 1) {
                pieces[n++] = tape.constant(new double[k - 1 - i]);
            }
            logJ = logJ.add(logRemaining.sum().mul(0.5));
        }
        params.addLogJacobian(logJ);
        return Var.concat(java.util.Arrays.copyOf(pieces, n));
    }

    @Override
    public double[] unconstrain(double[] l, int[] shape, Params params) {
        int k = order(shape);
        double[] u = new double[k * (k - 1) / 2];
        int m = 0;
        for (int i = 1; i < k; i++) {
            double sumSq = 0.0;
            for (int j = 0; j < i; j++) {
                double lij = l[i * k + j];
                double z = lij / Math.sqrt(1.0 - sumSq);
                if (!(Math.abs(z) < 1.0)) {
                    throw new IllegalArgumentException("not the Cholesky factor of a correlation matrix (row " + (i + 1) + ")");
                }
                u[m++] = 0.5 * Math.log((1.0 + z) / (1.0 - z));
                sumSq += lij * lij;
            }
        }
        return u;
    }

    @Override
    public String describe() {
        return "cholesky_factor_corr";
    }

    private static int order(int[] shape) {
        if (shape.length != 2 || shape[0] != shape[1] || shape[0] < 1) {
            throw new IllegalArgumentException("a Cholesky factor of a correlation matrix needs a square shape [K,K]");
        }
        return shape[0];
    }
}
