package otto.ad;

/**
 * Dense linear algebra on {@link Var} matrices (row-major, square {@code n × n}), composed from
 * scalar tape operations so that gradients and Hessian–vector products come for free. Meant for
 * the small matrices of models (a covariance of a few dozen rows); the cost is {@code O(n³)} nodes.
 */
public final class LinearAlgebra {
    private LinearAlgebra() {
    }

    /**
     * The lower Cholesky factor {@code L} of a symmetric positive-definite matrix {@code A = L Lᵀ}.
     * Only the lower triangle of {@code a} is read. A matrix that is not positive definite gives
     * NaN entries (which a flow treats as an invalid point), never an exception.
     */
    public static Var cholesky(Var a, int n) {
        checkSquare(a, n);
        Tape tape = a.tape;
        Var[][] l = new Var[n][];
        for (int i = 0; i < n; i++) {
            l[i] = new Var[i + 1];
            for (int j = 0; j <= i; j++) {
                Var s = a.get(i * n + j);
                if (j > 0) {
                    s = s.sub(dot(l[i], l[j], j));
                }
                if (i == j) {
                    l[i][j] = s.sqrt();
                } else {
                    l[i][j] = s.div(l[j][j]);
                }
            }
        }
        Var zero = tape.constant(0.0);
        Var[] all = new Var[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                all[i * n + j] = j <= i ? l[i][j] : zero;
            }
        }
        return Var.concat(all);
    }

    /** Solves {@code L x = b} for lower-triangular {@code L} by forward substitution. */
    public static Var solveLower(Var lower, int n, Var b) {
        checkSquare(lower, n);
        if (b.size() != n) {
            throw new IllegalArgumentException("right-hand side has size " + b.size() + ", expected " + n);
        }
        Var[] x = new Var[n];
        Var[] row = new Var[n];
        for (int i = 0; i < n; i++) {
            Var s = b.get(i);
            if (i > 0) {
                for (int k = 0; k < i; k++) {
                    row[k] = lower.get(i * n + k);
                }
                s = s.sub(dot(row, x, i));
            }
            x[i] = s.div(lower.get(i * n + i));
        }
        return Var.concat(x);
    }

    /** The product {@code M x} of a {@code rows × cols} matrix and a vector, both on the tape. */
    public static Var multiply(Var m, int rows, int cols, Var x) {
        if (m.size() != rows * cols || x.size() != cols) {
            throw new IllegalArgumentException("matrix of size " + m.size() + " as " + rows + " × " + cols
                    + " times vector of size " + x.size());
        }
        Var[] y = new Var[rows];
        for (int i = 0; i < rows; i++) {
            y[i] = m.slice(i * cols, cols).dot(x);
        }
        return Var.concat(y);
    }

    /** {@code log det A} from its Cholesky factor: {@code 2 Σ log L_ii}. */
    public static Var logDeterminantFromCholesky(Var lower, int n) {
        checkSquare(lower, n);
        int[] diag = new int[n];
        for (int i = 0; i < n; i++) {
            diag[i] = i * n + i;
        }
        return lower.gather(diag).log().sum().mul(2.0);
    }

    private static Var dot(Var[] a, Var[] b, int length) {
        Var s = a[0].mul(b[0]);
        for (int k = 1; k < length; k++) {
            s = s.add(a[k].mul(b[k]));
        }
        return s;
    }

    private static void checkSquare(Var a, int n) {
        if (a.size() != n * n) {
            throw new IllegalArgumentException("expected a " + n + " × " + n + " matrix, got size " + a.size());
        }
    }
}
