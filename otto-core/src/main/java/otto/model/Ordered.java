package otto.model;

import otto.ad.Var;

/** An increasing vector: {@code x₁ = u₁}, {@code x_k = x_{k-1} + exp(u_k)}; {@code log J = Σ_{k≥2} u_k}. */
final class Ordered implements Constraint {
    static final Ordered INSTANCE = new Ordered();

    @Override
    public int freeSize(int[] shape) {
        checkVector(shape);
        return shape[0];
    }

    @Override
    public Var constrain(Var u, int[] shape, Params params) {
        int k = u.size();
        if (k == 1) {
            return u;
        }
        Var rest = u.slice(1, k - 1);
        params.addLogJacobian(rest.sum());
        return Var.concat(u.slice(0, 1), rest.exp()).cumulativeSum(false);
    }

    @Override
    public double[] unconstrain(double[] x, int[] shape, Params params) {
        double[] u = new double[x.length];
        u[0] = x[0];
        for (int i = 1; i < x.length; i++) {
            if (!(x[i] > x[i - 1])) {
                throw new IllegalArgumentException("values are not strictly increasing at element " + (i + 1));
            }
            u[i] = Math.log(x[i] - x[i - 1]);
        }
        return u;
    }

    @Override
    public String describe() {
        return "ordered";
    }

    static void checkVector(int[] shape) {
        if (shape.length != 1 || shape[0] < 1) {
            throw new IllegalArgumentException("needs a vector shape [K] with K >= 1");
        }
    }
}
