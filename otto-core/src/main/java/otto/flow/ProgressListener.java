package otto.flow;

/** Told after each recorded iteration of a run; for progress bars and logs. */
@FunctionalInterface
public interface ProgressListener {
    /**
     * @param iteration  iterations completed
     * @param total      iterations planned
     * @param monitors   the monitors just recorded
     */
    void progress(int iteration, int total, Monitors monitors);
}
