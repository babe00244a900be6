package otto.flow;

/** Decides, after each recorded iteration, whether a run should stop early. */
@FunctionalInterface
public interface StoppingRule {
    /** Whether to stop, given the trace so far. */
    boolean shouldStop(Trace trace);

    /**
     * Stops when the free energy, averaged over consecutive windows of {@code window} records,
     * changes by less than {@code tolerance} (absolute) between the last two windows.
     */
    static StoppingRule freeEnergyChange(int window, double tolerance) {
        return trace -> {
            double[] f = trace.column(Monitors.FREE_ENERGY);
            int n = f.length;
            if (n < 2 * window) {
                return false;
            }
            double a = 0.0;
            double b = 0.0;
            for (int i = 0; i < window; i++) {
                a += f[n - 2 * window + i];
                b += f[n - window + i];
            }
            return Math.abs(a - b) / window < tolerance;
        };
    }
}
