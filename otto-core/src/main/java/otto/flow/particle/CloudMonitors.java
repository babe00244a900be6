package otto.flow.particle;

import otto.energy.Estimate;
import otto.energy.KernelSteinDiscrepancy;
import otto.energy.ParticleFreeEnergy;
import otto.flow.Monitors;
import otto.flow.Parallel;

/**
 * The free energy and kernel Stein discrepancy of a cloud of particles (or of chains taken
 * together), recorded by every particle method: {@code free_energy} = mean V − Ĥ with the
 * Kozachenko–Leonenko entropy (and {@code free_energy_se}), and {@code ksd} with the IMQ kernel.
 * A cloud of fewer than {@link #minimum(int)} particles gets neither: its k-NN entropy in d
 * dimensions would be mostly bias. The entropy uses at most {@value #MAX_PARTICLES} particles
 * and the KSD at most {@value #MAX_KSD_PARTICLES} (the first ones: particles are exchangeable),
 * so that recording stays cheap next to the steps.
 */
final class CloudMonitors {
    /** The KSD of the cloud in the trace. */
    static final String KSD = "ksd";
    /** The k-NN free energy where a method reports its own as {@code free_energy} (the blob flow). */
    static final String KNN_FREE_ENERGY = "free_energy_knn";
    static final int MAX_PARTICLES = 4096;
    static final int MAX_KSD_PARTICLES = 1024;
    private static final ParticleFreeEnergy FREE_ENERGY = ParticleFreeEnergy.defaults().withMaxParticles(MAX_PARTICLES);
    private static final KernelSteinDiscrepancy STEIN = KernelSteinDiscrepancy.imq();

    private CloudMonitors() {
    }

    /** The smallest cloud whose free energy is estimated in {@code d} dimensions: {@code max(20, 4d)}. */
    static int minimum(int d) {
        return Math.max(20, 4 * d);
    }

    /**
     * Puts the free energy (with its standard error) and the KSD of the cloud {@code x} (n × d,
     * row-major) with log densities {@code lp} and scores {@code g}, when the cloud is large
     * enough and its log densities finite; a cloud the entropy cannot be estimated from (too few
     * distinct points, flat to rounding) gets NaN. Where the cloud lives in coordinates
     * {@code z} with {@code θ = m + Lz}, {@code lp} are the target's log densities at {@code θ},
     * {@code g} the scores in {@code z}, and {@code logJacobian = log |det L|}: the entropy of
     * {@code θ} is that of {@code z} plus it, so the free energy is the same number in either
     * coordinates (the KSD is taken in {@code z}).
     */
    static void record(Monitors m, double[] x, double[] lp, double[] g, int n, int d, double logJacobian, Parallel parallel) {
        record(m, x, lp, g, n, d, logJacobian, parallel, Monitors.FREE_ENERGY, Monitors.FREE_ENERGY_SE);
    }

    /** As {@link #record(Monitors, double[], double[], double[], int, int, double, Parallel)}, under the given names. */
    static void record(Monitors m, double[] x, double[] lp, double[] g, int n, int d, double logJacobian, Parallel parallel,
                       String freeEnergy, String freeEnergySe) {
        if (n < minimum(d)) {
            return;
        }
        double f = Double.NaN;
        double se = Double.NaN;
        try {
            Estimate e = FREE_ENERGY.estimate(x, lp, n, d, parallel);
            f = e.value() - logJacobian;
            se = e.standardError();
        } catch (IllegalArgumentException notEstimable) {
            // a non-finite log density or a degenerate cloud: no estimate at this record
        }
        m.put(freeEnergy, f);
        m.put(freeEnergySe, se);
        boolean finite = otto.math.Vectors.allFinite(g, 0, Math.min(n, MAX_KSD_PARTICLES) * d);
        m.put(KSD, finite ? STEIN.discrepancy(x, g, Math.min(n, MAX_KSD_PARTICLES), d, parallel) : Double.NaN);
    }
}
