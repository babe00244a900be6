package otto.models;

import otto.ad.Matrix;

/** Builds design matrices from data columns. */
final class Designs {
    private Designs() {
    }

    /** The {@code N × (columns.length)} matrix whose columns are the given vectors ({@code null} = a column of ones). */
    static Matrix columns(int n, double[]... columns) {
        int p = columns.length;
        double[] v = new double[n * p];
        for (int j = 0; j < p; j++) {
            for (int i = 0; i < n; i++) {
                v[i * p + j] = columns[j] == null ? 1.0 : columns[j][i];
            }
        }
        return new Matrix(n, p, v);
    }
}
