package otto.flow.particle;

/** The form of the preconditioner (inverse metric) a sampler adapts in warm-up. */
public enum Metric {
    /** The identity: no preconditioning. */
    UNIT,
    /** A diagonal covariance estimate. */
    DIAGONAL,
    /** A dense covariance estimate: mixes correlated posteriors. */
    DENSE;

    /** Parses {@code unit}, {@code diag}/{@code diagonal} or {@code dense}. */
    public static Metric parse(String s) {
        switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "unit":
                return UNIT;
            case "diag":
            case "diagonal":
                return DIAGONAL;
            case "dense":
                return DENSE;
            default:
                throw new IllegalArgumentException("unknown metric '" + s + "' (expected unit, diag or dense)");
        }
    }
}
