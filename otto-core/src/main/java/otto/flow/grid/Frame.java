package otto.flow.grid;

import java.util.Arrays;

/**
 * The affine map {@code θ = origin + L z} from a grid's coordinates z to the model's
 * (unconstrained) coordinates θ, with L lower triangular and its diagonal positive.
 *
 * <p>A grid laid out in coordinates whitened by the Laplace fit ({@code L} the Cholesky factor of
 * its covariance, {@link GridSetup}) follows a correlated posterior that an axis-aligned grid would
 * cut across: a ridge of correlation {@code -0.9999} is a hundredth of the width of a box's cell
 * in the model's axes, and about round in z. Densities transform with the constant Jacobian:
 * {@code ρ_θ = ρ_z / det L}; the Fokker–Planck equation in z is the flow preconditioned by
 * {@code LLᵀ} in θ, {@code ∂ρ = ∇·(LLᵀ(T∇ρ + ρ∇V))}, with the same stationary density and free
 * energy.
 */
public final class Frame {
    private final double[] origin;
    private final double[] lower;
    private final int d;
    private final boolean identity;
    private final double determinant;

    private Frame(double[] origin, double[] lower, boolean identity) {
        this.origin = origin;
        this.lower = lower;
        this.d = origin.length;
        this.identity = identity;
        double det = 1.0;
        for (int a = 0; a < d; a++) {
            det *= lower[a * d + a];
        }
        this.determinant = det;
    }

    /** The identity in d dimensions: the grid is laid out in the model's own coordinates. */
    public static Frame identity(int d) {
        double[] l = new double[d * d];
        for (int a = 0; a < d; a++) {
            l[a * d + a] = 1.0;
        }
        return new Frame(new double[d], l, true);
    }

    /**
     * {@code θ = origin + L z}.
     *
     * @param origin the point z = 0 maps to (length d)
     * @param lower  L, {@code d × d} row-major; entries above the diagonal must be 0
     * @throws IllegalArgumentException if the sizes disagree, an entry is not finite, L is not
     *                                  lower triangular, a diagonal entry is not positive, or
     *                                  {@code det L} under- or overflows
     */
    public static Frame of(double[] origin, double[] lower) {
        int d = origin.length;
        if (d < 1 || d > Grid.MAX_DIMENSION) {
            throw new IllegalArgumentException("frame: dimension " + d + " (grid methods need 1 to 3)");
        }
        if (lower.length != d * d) {
            throw new IllegalArgumentException("frame: L has " + lower.length + " entries; a " + d + "-D frame needs " + d * d);
        }
        for (int a = 0; a < d; a++) {
            if (!Double.isFinite(origin[a])) {
                throw new IllegalArgumentException("frame: origin coordinate " + (a + 1) + " is " + origin[a]);
            }
            for (int b = 0; b < d; b++) {
                double v = lower[a * d + b];
                if (!Double.isFinite(v) || b > a && v != 0.0 || b == a && !(v > 0)) {
                    throw new IllegalArgumentException("frame: L[" + (a + 1) + "," + (b + 1) + "] = " + v
                            + " (L must be finite, lower triangular, with a positive diagonal)");
                }
            }
        }
        Frame f = new Frame(origin.clone(), lower.clone(), false);
        if (!(f.determinant > 0) || !Double.isFinite(f.determinant)) {
            throw new IllegalArgumentException("frame: det L = " + f.determinant + " is not a usable volume");
        }
        return f;
    }

    /** The dimension. */
    public int dimension() {
        return d;
    }

    /** Whether this is the identity (θ = z). */
    public boolean isIdentity() {
        return identity;
    }

    /** The origin (a copy). */
    public double[] origin() {
        return origin.clone();
    }

    /** L, row-major (a copy). */
    public double[] lower() {
        return lower.clone();
    }

    /** {@code det L}: the volume in θ of a unit volume in z. */
    public double determinant() {
        return determinant;
    }

    /** {@code θ = origin + L z} into {@code theta} (which may be z itself). */
    public void toModel(double[] z, double[] theta) {
        if (identity) {
            System.arraycopy(z, 0, theta, 0, d);
            return;
        }
        for (int a = d - 1; a >= 0; a--) { // the last row first: row a reads z[0 … a] only
            theta[a] = toModel(z, a);
        }
    }

    /** Coordinate a of {@code origin + L z}. */
    double toModel(double[] z, int a) {
        double s = origin[a];
        for (int b = 0; b <= a; b++) {
            s += lower[a * d + b] * z[b];
        }
        return s;
    }

    /** {@code z = L⁻¹(θ - origin)} into {@code z} (which may be theta itself), by forward substitution. */
    public void toGrid(double[] theta, double[] z) {
        if (identity) {
            System.arraycopy(theta, 0, z, 0, d);
            return;
        }
        for (int a = 0; a < d; a++) {
            double s = theta[a] - origin[a];
            for (int b = 0; b < a; b++) {
                s -= lower[a * d + b] * z[b];
            }
            z[a] = s / lower[a * d + a];
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Frame f && Arrays.equals(origin, f.origin) && Arrays.equals(lower, f.lower);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(origin) + Arrays.hashCode(lower);
    }

    /** {@code identity}, or {@code θ = [origin] + L z, L = [[row], …]}. */
    @Override
    public String toString() {
        if (identity) {
            return "identity";
        }
        StringBuilder sb = new StringBuilder("θ = ").append(Arrays.toString(origin)).append(" + L z, L = [");
        for (int a = 0; a < d; a++) {
            sb.append(a == 0 ? "" : ", ").append(Arrays.toString(Arrays.copyOfRange(lower, a * d, a * d + a + 1)));
        }
        return sb.append(']').toString();
    }
}
