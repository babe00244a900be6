package otto.flow.particle;

/** Where the deterministic particle flows ({@link Svgd}, {@link BlobFlow}) draw their initial cloud from. */
public enum CloudStart {
    /**
     * Draws from the Laplace approximation {@code N(mode, (-∇² log π)⁻¹)} (as {@link Mala} does
     * for its metric), found by Newton's method from a uniform point of {@code (-r, r)^d}; where
     * the Hessian at the mode is not negative definite, falls back to {@link #UNIFORM}.
     */
    LAPLACE,
    /** Uniformly in {@code (-r, r)^d} on the unconstrained scale. */
    UNIFORM;

    /** Parses {@code laplace} or {@code uniform}. */
    public static CloudStart parse(String s) {
        switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "laplace":
                return LAPLACE;
            case "uniform":
                return UNIFORM;
            default:
                throw new IllegalArgumentException("unknown cloud start '" + s + "' (expected laplace or uniform)");
        }
    }
}
