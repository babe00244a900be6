package otto.flow;

/**
 * A numerical fault met during a run and how it was handled: for example a proposal whose log
 * density was NaN (rejected), or a covariance that lost positive definiteness (repaired).
 *
 * @param kind      a short machine-friendly name, such as {@code non_finite_log_density}
 * @param iteration the iteration where it happened
 * @param where     which chain, particle or sample (or -1)
 * @param detail    the values that caused it and what was done
 */
public record Fault(String kind, int iteration, int where, String detail) {
}
