package otto.flow.grid;

/**
 * The discrete functionals of a density {@code ρ} on a {@link Grid} (values {@code ρ_i} at the
 * cells, {@code Δx^d} the cell volume), with the conventions of the rest of Otto: the potential is
 * {@code V = -log π̃} of the unnormalised target, so that
 *
 * <pre>
 *   F(ρ) = Σ ρ_i log ρ_i Δx^d + Σ ρ_i V_i Δx^d = -H(ρ) + E(ρ) = KL(ρ ‖ π_h) - log Z_h      (mass 1)
 * </pre>
 *
 * is on the same axis as every other method's free energy ({@code -F} is the ELBO), with
 * {@code Z_h = Σ exp(-V_i) Δx^d} the grid's estimate of the normalising constant and
 * {@code π_h = exp(-V)/Z_h} the discrete posterior. Sums are compensated (Neumaier), so their
 * rounding error is about {@code 2ε Σ|terms|} whatever the number of cells. {@code 0 log 0 = 0};
 * outside the support ({@code V = +∞}) the density must be 0, and then contributes nothing.
 */
public final class Functionals {
    private Functionals() {
    }

    /** The mass {@code Σ ρ_i Δx^d}. */
    public static double mass(Grid grid, double[] rho) {
        Sum s = new Sum();
        for (double r : rho) {
            s.add(r);
        }
        return s.value() * grid.cellVolume();
    }

    /** The entropy {@code H(ρ) = -Σ ρ_i log ρ_i Δx^d}. */
    public static double entropy(Grid grid, double[] rho) {
        Sum s = new Sum();
        for (double r : rho) {
            if (r > 0) {
                s.add(-r * Math.log(r));
            }
        }
        return s.value() * grid.cellVolume();
    }

    /** The potential energy {@code E(ρ) = Σ ρ_i V_i Δx^d} ({@code +∞} if ρ has mass outside the support). */
    public static double potentialEnergy(Grid grid, double[] rho, Potential v) {
        double[] pv = v.raw();
        double m = v.minimum();
        Sum s = new Sum();
        for (int i = 0; i < rho.length; i++) {
            if (rho[i] != 0) {
                s.add(rho[i] * (pv[i] - m));
            }
        }
        return (s.value() + m * sum(rho)) * grid.cellVolume();
    }

    /** The free energy {@code F(ρ) = Σ ρ_i (log ρ_i + V_i) Δx^d = -H(ρ) + E(ρ)}. */
    public static double freeEnergy(Grid grid, double[] rho, Potential v) {
        return freeEnergy(grid, rho, v, 1.0);
    }

    /**
     * The free energy at temperature T, {@code F_T(ρ) = Σ ρ_i (T log ρ_i + V_i) Δx^d}: the
     * functional whose gradient flow is {@code ∂ρ = TΔρ + ∇·(ρ∇V)} (stationary state
     * {@code ∝ π̃^{1/T}}).
     */
    public static double freeEnergy(Grid grid, double[] rho, Potential v, double temperature) {
        double[] pv = v.raw();
        double m = v.minimum();
        Sum s = new Sum();
        for (int i = 0; i < rho.length; i++) {
            double r = rho[i];
            if (r > 0) {
                s.add(r * (temperature * Math.log(r) + (pv[i] - m)));
            }
        }
        return (s.value() + m * sum(rho)) * grid.cellVolume();
    }

    /**
     * The relative entropy {@code KL(ρ ‖ π_h) = Σ ρ_i log(ρ_i / π_{h,i}) Δx^d} to the discrete
     * posterior {@code π_h = exp(-V)/Z_h} (normalised on the grid); {@code = F(ρ) + log Z_h} for
     * mass 1, computed without that cancellation. {@code +∞} if ρ has mass outside the support.
     */
    public static double kl(Grid grid, double[] rho, Potential v) {
        return kl(grid, rho, v, 1.0);
    }

    /** {@code KL(ρ ‖ π_{h,T})} to the discrete {@code π_{h,T} ∝ exp(-V/T)}. */
    public static double kl(Grid grid, double[] rho, Potential v, double temperature) {
        double[] pv = v.raw();
        double m = v.minimum();
        double shift = v.logNormaliser(temperature) + m / temperature;
        Sum s = new Sum();
        for (int i = 0; i < rho.length; i++) {
            double r = rho[i];
            if (r > 0) {
                s.add(r * (Math.log(r) + (pv[i] - m) / temperature + shift));
            }
        }
        return s.value() * grid.cellVolume();
    }

    /** The total-variation distance {@code ½ Σ |ρ_i - σ_i| Δx^d}. */
    public static double totalVariation(Grid grid, double[] rho, double[] sigma) {
        Sum s = new Sum();
        for (int i = 0; i < rho.length; i++) {
            s.add(Math.abs(rho[i] - sigma[i]));
        }
        return 0.5 * s.value() * grid.cellVolume();
    }

    /**
     * The first variation {@code δF/δρ = log ρ_i + 1 + V_i} at every cell: {@code -∞} where
     * {@code ρ_i = 0} inside the support, NaN outside it.
     */
    public static double[] firstVariation(Grid grid, double[] rho, Potential v) {
        double[] pv = v.raw();
        double[] out = new double[rho.length];
        for (int i = 0; i < rho.length; i++) {
            out[i] = pv[i] == Double.POSITIVE_INFINITY ? Double.NaN
                    : rho[i] > 0 ? Math.log(rho[i]) + 1.0 + pv[i] : Double.NEGATIVE_INFINITY;
        }
        return out;
    }

    /**
     * The velocity field of the flow, {@code -∇(log ρ + V)}, at every cell centre, row-major
     * ({@code out[i·d + a]} is component a at cell i): central differences of
     * {@code φ = log ρ + V} along each axis, one-sided where a neighbour is missing (a face of the
     * box, or a neighbour with {@code ρ = 0} or outside the support), 0 where the cell has no
     * usable neighbour along the axis and NaN where {@code φ} itself is not finite (ρ = 0 or
     * outside the support). Then {@code ρ·velocity} is the probability flux. The differences are
     * along the grid's axes: on a grid laid out in coordinates z ({@link Grid#frame}), this is
     * the velocity {@code -∇_z φ} of the flow in z; in the model's coordinates it is
     * {@code L·(-∇_z φ) = -LLᵀ∇_θ φ}, the preconditioned flow's.
     */
    public static double[] velocity(Grid grid, double[] rho, Potential v) {
        int d = grid.dimension();
        int n = rho.length;
        double[] pv = v.raw();
        double[] phi = new double[n];
        for (int i = 0; i < n; i++) {
            phi[i] = rho[i] > 0 && pv[i] < Double.POSITIVE_INFINITY ? Math.log(rho[i]) + pv[i] : Double.NaN;
        }
        double[] out = new double[n * d];
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < d; a++) {
                if (Double.isNaN(phi[i])) {
                    out[i * d + a] = Double.NaN;
                    continue;
                }
                int k = grid.index(i, a);
                int s = grid.stride(a);
                double h = grid.spacing(a);
                boolean up = k + 1 < grid.cells(a) && !Double.isNaN(phi[i + s]);
                boolean down = k > 0 && !Double.isNaN(phi[i - s]);
                double g;
                if (up && down) {
                    g = (phi[i + s] - phi[i - s]) / (2 * h);
                } else if (up) {
                    g = (phi[i + s] - phi[i]) / h;
                } else if (down) {
                    g = (phi[i] - phi[i - s]) / h;
                } else {
                    g = 0.0;
                }
                out[i * d + a] = 0.0 - g; // 0, not -0, where there is no gradient
            }
        }
        return out;
    }

    private static double sum(double[] x) {
        Sum s = new Sum();
        for (double r : x) {
            s.add(r);
        }
        return s.value();
    }

    /** Neumaier's compensated sum. */
    static final class Sum {
        private double sum;
        private double compensation;

        void add(double x) {
            double t = sum + x;
            if (Math.abs(sum) >= Math.abs(x)) {
                compensation += (sum - t) + x;
            } else {
                compensation += (x - t) + sum;
            }
            sum = t;
        }

        double value() {
            return sum + compensation;
        }
    }
}
