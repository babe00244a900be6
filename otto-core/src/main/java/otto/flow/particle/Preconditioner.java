package otto.flow.particle;

/**
 * Where a chain method's preconditioner comes from: the covariance {@code Σ} that shapes its
 * moves ({@code Σ∇log π} drift, {@code Σ^{½}} noise — equivalently a mass matrix {@code Σ⁻¹}
 * for kinetic Langevin). Its form (dense, diagonal or none) is the {@link Metric}.
 */
public enum Preconditioner {
    /**
     * Start from the Laplace approximation and re-estimate from the pooled warm-up draws at the
     * end of Stan's doubling windows (the default).
     */
    WARMUP,
    /** The Laplace approximation's covariance {@code (-∇² log π)⁻¹} at the mode, kept fixed. */
    LAPLACE,
    /**
     * The covariance of a forward–backward Gaussian VI fit from a short pilot run, kept fixed: a
     * global fit, better than the Laplace curvature where the posterior is not locally Gaussian.
     */
    VI;

    /** Parses {@code warmup}, {@code laplace} or {@code vi}. */
    public static Preconditioner parse(String s) {
        switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "warmup":
                return WARMUP;
            case "laplace":
                return LAPLACE;
            case "vi":
                return VI;
            default:
                throw new IllegalArgumentException("unknown preconditioner '" + s + "' (expected warmup, laplace or vi)");
        }
    }

    /** The name as the command line writes it. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
