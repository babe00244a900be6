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
