package otto.model;

/**
 * A log density on unconstrained {@code ℝ^d}: the only thing a flow knows about a model.
 *
 * <p>{@code log π(x)} need only be known up to an additive constant. Implementations may return
 * NaN or ±∞ where the density is not finite; flows detect that and never average it in.
 * Implementations must be safe to call from several threads at once.
 */
public interface Target {
    /** The dimension {@code d} of the unconstrained space. */
    int dimension();

    /**
     * {@code log π(x)} up to a constant; when {@code gradient} is non-null, {@code ∇ log π(x)} is
     * written into it.
     */
    double logDensity(double[] x, double[] gradient);

    /**
     * Batched evaluation of {@code count} points stored row-major in {@code points}
     * ({@code count × d}): log densities into {@code logDensities}, gradients row-major into
     * {@code gradients} when non-null. The default loops over {@link #logDensity}; targets that
     * can do better (a GLM evaluates all points with two matrix products) override it.
     */
    default void logDensities(double[] points, int count, double[] logDensities, double[] gradients) {
        int d = dimension();
        double[] x = new double[d];
        double[] g = gradients == null ? null : new double[d];
        for (int k = 0; k < count; k++) {
            System.arraycopy(points, k * d, x, 0, d);
            logDensities[k] = logDensity(x, g);
            if (g != null) {
                System.arraycopy(g, 0, gradients, k * d, d);
            }
        }
    }

    /**
     * The Hessian–vector product {@code ∇² log π(x) · v}, written into {@code out}. The default is
     * a central finite difference of the gradient (relative error around 1e-10 for smooth
     * targets); models written on {@code otto.ad} override it with the exact product.
     */
    default void hessianVectorProduct(double[] x, double[] v, double[] out) {
        int d = dimension();
        double norm = 0.0;
        double scale = 1.0;
        for (int i = 0; i < d; i++) {
            norm += v[i] * v[i];
            scale = Math.max(scale, Math.abs(x[i]));
        }
        norm = Math.sqrt(norm);
        if (norm == 0.0) {
            java.util.Arrays.fill(out, 0.0);
            return;
        }
        double h = Math.cbrt(Math.ulp(1.0)) * scale / norm;
        double[] xp = new double[d];
        double[] xm = new double[d];
        for (int i = 0; i < d; i++) {
            xp[i] = x[i] + h * v[i];
            xm[i] = x[i] - h * v[i];
        }
        double[] gp = new double[d];
        double[] gm = new double[d];
        logDensity(xp, gp);
        logDensity(xm, gm);
        for (int i = 0; i < d; i++) {
            out[i] = (gp[i] - gm[i]) / (2.0 * h);
        }
    }

    /**
     * The Hessian {@code ∇² log π(x)} ({@code d × d}, row-major) into {@code out}. The default
     * takes {@code d} Hessian–vector products and symmetrises; targets with a closed form (a GLM's
     * {@code -Xᵀ diag(w) X} plus the prior) override it.
     */
    default void hessian(double[] x, double[] out) {
        int d = dimension();
        double[] e = new double[d];
        double[] col = new double[d];
        for (int j = 0; j < d; j++) {
            e[j] = 1.0;
            hessianVectorProduct(x, e, col);
            e[j] = 0.0;
            for (int i = 0; i < d; i++) {
                out[i * d + j] = col[i];
            }
        }
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < i; j++) {
                double s = 0.5 * (out[i * d + j] + out[j * d + i]);
                out[i * d + j] = s;
                out[j * d + i] = s;
            }
        }
    }

    /**
     * The average Hessian {@code (1/count) Σ_k ∇² log π(x_k)} over {@code count} points stored
     * row-major, into {@code out} ({@code d × d}). The Gaussian flows need exactly this
     * ({@code E_q[∇²V]}); the default averages {@link #hessian}, and a GLM overrides it with one
     * product {@code Xᵀ diag(w̄) X} of the averaged weights.
     */
    default void meanHessian(double[] points, int count, double[] out) {
        int d = dimension();
        double[] x = new double[d];
        double[] h = new double[d * d];
        java.util.Arrays.fill(out, 0, d * d, 0.0);
        for (int k = 0; k < count; k++) {
            System.arraycopy(points, k * d, x, 0, d);
            hessian(x, h);
            for (int i = 0; i < d * d; i++) {
                out[i] += h[i] / count;
            }
        }
    }
}
