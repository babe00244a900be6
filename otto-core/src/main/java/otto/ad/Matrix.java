package otto.ad;

/**
 * A constant (data) matrix in row-major order, for products with {@link Var} vectors. The
 * array is used as given, not copied, and must not change.
 */
public final class Matrix {
    private final int rows;
    private final int cols;
    private final double[] values;

    /** A {@code rows × cols} matrix whose element (i, j) is {@code values[i * cols + j]}. */
    public Matrix(int rows, int cols, double[] values) {
        if (rows < 0 || cols < 0 || (long) rows * cols != values.length) {
            throw new IllegalArgumentException("a " + rows + " × " + cols + " matrix needs "
                    + ((long) rows * cols) + " values, got " + values.length);
        }
        this.rows = rows;
        this.cols = cols;
        this.values = values;
    }

    /** Number of rows. */
    public int rows() {
        return rows;
    }

    /** Number of columns. */
    public int cols() {
        return cols;
    }

    /** Element (i, j). */
    public double get(int i, int j) {
        return values[i * cols + j];
    }

    /** The row-major values (not a copy: do not modify). */
    public double[] values() {
        return values;
    }

    /** The product {@code M x}, a vector of length {@code rows}. */
    public Var times(Var x) {
        if (x.val.length != cols) {
            throw new IllegalArgumentException("matrix " + rows + " × " + cols + " times vector of size " + x.val.length);
        }
        double[] y = multiply(x.val);
        if (!x.active) {
            return x.constantLike(y);
        }
        Var out = x.newNode(y, x.tan == null ? null : multiply(x.tan));
        out.pullback = () -> {
            multiplyTransposedAdd(out.adj, x.adjoint());
            if (out.adjTan != null) {
                multiplyTransposedAdd(out.adjTan, x.adjointTangent());
            }
        };
        return out;
    }

    double[] multiply(double[] x) {
        double[] y = new double[rows];
        for (int i = 0; i < rows; i++) {
            double s = 0.0;
            int o = i * cols;
            for (int j = 0; j < cols; j++) {
                s += values[o + j] * x[j];
            }
            y[i] = s;
        }
        return y;
    }

    /** {@code g += Mᵀ w}. */
    void multiplyTransposedAdd(double[] w, double[] g) {
        for (int i = 0; i < rows; i++) {
            double wi = w[i];
            if (wi == 0.0) {
                continue;
            }
            int o = i * cols;
            for (int j = 0; j < cols; j++) {
                g[j] += values[o + j] * wi;
            }
        }
    }
}
