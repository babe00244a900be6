package otto.models;

/** Validation of data fields, with messages that name the field. */
final class Checks {
    private Checks() {
    }

    static int positive(StanData data, String name) {
        int v = data.integer(name);
        if (v < 1) {
            throw new DataException(data.source() + ": field '" + name + "' must be at least 1, got " + v);
        }
        return v;
    }

    /**
     * The most parameters a model may declare from a data field. A dimension such as {@code D} of
     * the standard targets, or the {@code K} of a regression with no rows, is not borne out by any
     * array in the file, so it is bounded here: a two-line file must not ask for a model of two
     * billion parameters (their names alone would not fit in memory).
     */
    static final int MAX_DIMENSION = 1_000_000;

    /** A dimension: at least 1 and at most {@link #MAX_DIMENSION}. */
    static int dimension(StanData data, String name) {
        int v = positive(data, name);
        if (v > MAX_DIMENSION) {
            throw new DataException(data.source() + ": field '" + name + "' = " + v + " is too large: a model here has at most "
                    + MAX_DIMENSION + " parameters");
        }
        return v;
    }

    /**
     * Refuses an array of {@code rows × cols} doubles that the data imply (a lag matrix, say) when it
     * cannot be allocated: more elements than a Java array holds, or more than half the heap.
     */
    static int cells(StanData data, String what, long rows, long cols) {
        long n = rows * cols;
        long bytes = 8 * n;
        long heap = Runtime.getRuntime().maxMemory();
        if (rows < 0 || cols < 0 || n > Integer.MAX_VALUE - 8 || bytes > heap / 2) {
            throw new DataException(data.source() + ": " + what + " would be " + rows + " × " + cols + " numbers ("
                    + (bytes >> 20) + " MiB), more than fits in memory here (" + (heap >> 20) + " MiB heap)");
        }
        return (int) n;
    }

    static int nonNegative(StanData data, String name) {
        int v = data.integer(name);
        if (v < 0) {
            throw new DataException(data.source() + ": field '" + name + "' must be non-negative, got " + v);
        }
        return v;
    }

    static double[] allPositive(StanData data, String name, double[] v) {
        for (int i = 0; i < v.length; i++) {
            if (!(v[i] > 0)) {
                throw new DataException(data.source() + ": field '" + name + "[" + (i + 1) + "]' must be positive, got " + v[i]);
            }
        }
        return v;
    }

    static double positiveReal(StanData data, String name, double v) {
        if (!(v > 0)) {
            throw new DataException(data.source() + ": field '" + name + "' must be positive, got " + v);
        }
        return v;
    }
}
