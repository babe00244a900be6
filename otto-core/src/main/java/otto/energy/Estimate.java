package otto.energy;

/**
 * A Monte Carlo estimate with its standard error.
 *
 * @param value         the estimate
 * @param standardError its Monte Carlo standard error
 * @param samples       the number of independent units it averages
 */
public record Estimate(double value, double standardError, int samples) {
    /** The negated estimate (same standard error): an ELBO from a free energy. */
    public Estimate negate() {
        return new Estimate(-value, standardError, samples);
    }
}
