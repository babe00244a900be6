package otto.model;

import otto.ad.Var;

/**
 * The unit simplex by stick-breaking (Stan's transform up to 2.35): with
 * {@code z_k = logit⁻¹(u_k - log(K - k))}, {@code x_k = z_k · (1 - Σ_{j<k} x_j)} for
 * {@code k < K} and {@code x_K} the rest of the stick. {@code u = 0} maps to the centre.
 */
final class Simplex implements Constraint {
    static final Simplex INSTANCE = new Simplex();

    @Override
    public int freeSize(int[] shape) {
        Ordered.checkVector(shape);
        return shape[0] - 1;
    }

    @Override
    public Var constrain(Var u, int[] shape, Params params) {
        int k = shape[0];
        if (k == 1) {
            return params.tape().constant(1.0);
        }
        double[] offset = new double[k - 1];
        for (int i = 0; i < k - 1; i++) {
            offset[i] = Math.log(k - 1.0 - i);
        }
        Var shifted = u.sub(offset);
        Var logZ = shifted.logInvLogit();
        Var log1mZ = shifted.log1mInvLogit();
        Var logStick = log1mZ.cumulativeSum(true);          // log of the stick left before piece k
        Var logX = logZ.add(logStick);
        Var logLast = log1mZ.sum();                          // what is left after K - 1 pieces
        params.addLogJacobian(logZ.add(log1mZ).add(logStick).sum());
        return Var.concat(logX, logLast).exp();
    }

    @Override
    public double[] unconstrain(double[] x, int[] shape, Params params) {
        int k = x.length;
        double total = 0.0;
        for (int i = 0; i < k; i++) {
            if (!(x[i] > 0)) {
                throw new IllegalArgumentException("simplex element " + (i + 1) + " is not positive: " + x[i]);
            }
            total += x[i];
        }
        if (Math.abs(total - 1.0) > 1e-8) {
            throw new IllegalArgumentException("simplex elements sum to " + total + ", not 1");
        }
        double[] u = new double[k - 1];
        double stick = 1.0;
        for (int i = 0; i < k - 1; i++) {
            double z = x[i] / stick;
            u[i] = Math.log(z) - Math.log1p(-z) + Math.log(k - 1.0 - i);
            stick -= x[i];
        }
        return u;
    }

    @Override
    public String describe() {
        return "simplex";
    }
}
