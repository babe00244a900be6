package otto.math;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * Small dense linear algebra on row-major {@code double[]} matrices with explicit dimensions.
 * Decompositions come from EJML; the products are plain loops (they sit in hot paths).
 */
public final class Dense {
    private Dense() {
    }

    /** {@code y = A x} for an {@code n × m} matrix. */
    public static void multiply(double[] a, int n, int m, double[] x, double[] y) {
        for (int i = 0; i < n; i++) {
            double s = 0.0;
            int o = i * m;
            for (int j = 0; j < m; j++) {
                s += a[o + j] * x[j];
            }
            y[i] = s;
        }
    }

    /** {@code y = Aᵀ x} for an {@code n × m} matrix ({@code y} has length m). */
    public static void multiplyTransposed(double[] a, int n, int m, double[] x, double[] y) {
        java.util.Arrays.fill(y, 0, m, 0.0);
        for (int i = 0; i < n; i++) {
            double xi = x[i];
            int o = i * m;
            for (int j = 0; j < m; j++) {
                y[j] += a[o + j] * xi;
            }
        }
    }

    /** {@code y = L x} for lower-triangular {@code d × d} L. */
    public static void multiplyLower(double[] l, int d, double[] x, double[] y) {
        for (int i = d - 1; i >= 0; i--) {
            double s = 0.0;
            int o = i * d;
            for (int j = 0; j <= i; j++) {
                s += l[o + j] * x[j];
            }
            y[i] = s;
        }
    }

    /** Solves {@code L x = b} (lower-triangular), writing x into {@code x} (may alias b). */
    public static void solveLower(double[] l, int d, double[] b, double[] x) {
        for (int i = 0; i < d; i++) {
            double s = b[i];
            int o = i * d;
            for (int j = 0; j < i; j++) {
                s -= l[o + j] * x[j];
            }
            x[i] = s / l[o + i];
        }
    }

    /** {@code C = A B} for {@code n × k} A and {@code k × m} B. */
    public static double[] multiply(double[] a, double[] b, int n, int k, int m) {
        double[] c = new double[n * m];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < k; p++) {
                double aip = a[i * k + p];
                if (aip == 0.0) {
                    continue;
                }
                int bo = p * m;
                int co = i * m;
                for (int j = 0; j < m; j++) {
                    c[co + j] += aip * b[bo + j];
                }
            }
        }
        return c;
    }

    /** The transpose of an {@code n × m} matrix. */
    public static double[] transpose(double[] a, int n, int m) {
        double[] t = new double[n * m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                t[j * n + i] = a[i * m + j];
            }
        }
        return t;
    }

    /** The {@code d × d} identity. */
    public static double[] identity(int d) {
        double[] a = new double[d * d];
        for (int i = 0; i < d; i++) {
            a[i * d + i] = 1.0;
        }
        return a;
    }

    /** Replaces a square matrix by its symmetric part {@code (A + Aᵀ)/2}. */
    public static void symmetrize(double[] a, int d) {
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < i; j++) {
                double s = 0.5 * (a[i * d + j] + a[j * d + i]);
                a[i * d + j] = s;
                a[j * d + i] = s;
            }
        }
    }

    /**
     * The lower Cholesky factor of a symmetric positive-definite matrix, or null if it is not
     * positive definite (numerically).
     */
    public static double[] cholesky(double[] a, int d) {
        DMatrixRMaj m = DMatrixRMaj.wrap(d, d, a.clone());
        CholeskyDecomposition_F64<DMatrixRMaj> chol = DecompositionFactory_DDRM.chol(d, true);
        if (!chol.decompose(m)) {
            return null;
        }
        double[] l = chol.getT(null).getData();
        for (int i = 0; i < d; i++) {
            if (!(l[i * d + i] > 0) || !Double.isFinite(l[i * d + i])) {
                return null;
            }
            for (int j = i + 1; j < d; j++) {
                l[i * d + j] = 0.0;
            }
        }
        return l;
    }

    /** The inverse of a symmetric positive-definite matrix from its Cholesky factor. */
    public static double[] inverseFromCholesky(double[] l, int d) {
        double[] inv = new double[d * d];
        double[] e = new double[d];
        double[] y = new double[d];
        for (int j = 0; j < d; j++) {
            java.util.Arrays.fill(e, 0.0);
            e[j] = 1.0;
            solveLower(l, d, e, y);
            // solve Lᵀ x = y
            for (int i = d - 1; i >= 0; i--) {
                double s = y[i];
                for (int k = i + 1; k < d; k++) {
                    s -= l[k * d + i] * inv[k * d + j];
                }
                inv[i * d + j] = s / l[i * d + i];
            }
        }
        symmetrize(inv, d);
        return inv;
    }

    /** {@code log det A = 2 Σ log L_ii} from a Cholesky factor. */
    public static double logDeterminantFromCholesky(double[] l, int d) {
        double s = 0.0;
        for (int i = 0; i < d; i++) {
            s += Math.log(l[i * d + i]);
        }
        return 2.0 * s;
    }

    /** The eigen-decomposition of a symmetric matrix: {@code A = U diag(λ) Uᵀ}. */
    public record SymmetricEigen(double[] values, double[] vectors, int d) {
        /** {@code U diag(f(λ)) Uᵀ}. */
        public double[] reconstruct(java.util.function.DoubleUnaryOperator f) {
            double[] out = new double[d * d];
            for (int k = 0; k < d; k++) {
                double fk = f.applyAsDouble(values[k]);
                for (int i = 0; i < d; i++) {
                    double uik = vectors[i * d + k] * fk;
                    if (uik == 0.0) {
                        continue;
                    }
                    for (int j = 0; j < d; j++) {
                        out[i * d + j] += uik * vectors[j * d + k];
                    }
                }
            }
            symmetrize(out, d);
            return out;
        }

        /** The largest eigenvalue. */
        public double max() {
            double m = Double.NEGATIVE_INFINITY;
            for (double v : values) {
                m = Math.max(m, v);
            }
            return m;
        }

        /** The smallest eigenvalue. */
        public double min() {
            double m = Double.POSITIVE_INFINITY;
            for (double v : values) {
                m = Math.min(m, v);
            }
            return m;
        }
    }

    /** Eigen-decomposition of a symmetric {@code d × d} matrix (symmetrised first). */
    public static SymmetricEigen symmetricEigen(double[] a, int d) {
        double[] s = a.clone();
        symmetrize(s, d);
        DMatrixRMaj m = DMatrixRMaj.wrap(d, d, s);
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(d, true, true);
        if (!eig.decompose(m)) {
            throw new ArithmeticException("eigen-decomposition failed");
        }
        double[] values = new double[d];
        double[] vectors = new double[d * d];
        for (int k = 0; k < d; k++) {
            values[k] = eig.getEigenvalue(k).getReal();
            DMatrixRMaj v = eig.getEigenVector(k);
            double norm = 0.0;
            for (int i = 0; i < d; i++) {
                norm += v.get(i) * v.get(i);
            }
            norm = Math.sqrt(norm);
            for (int i = 0; i < d; i++) {
                vectors[i * d + k] = v.get(i) / norm;
            }
        }
        return new SymmetricEigen(values, vectors, d);
    }

    /** {@code A B Aᵀ} for {@code d × d} matrices. */
    public static double[] congruence(double[] a, double[] b, int d) {
        double[] ab = multiply(a, b, d, d, d);
        double[] out = multiply(ab, transpose(a, d, d), d, d, d);
        symmetrize(out, d);
        return out;
    }

}
