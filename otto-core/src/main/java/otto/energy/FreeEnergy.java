package otto.energy;

import otto.flow.Evaluator;
import otto.flow.RandomStream;
import otto.flow.gaussian.Gaussian;

/**
 * The free energy {@code F(q) = ∫ q log q + ∫ V q = KL(q || π) - log p(y)}, with
 * {@code V = -log π̃} for the (unnormalised) target density {@code π̃}; {@code -F} is the ELBO, a
 * lower bound on {@code log Z = log ∫ π̃}. A particle cloud's is {@link ParticleFreeEnergy}'s.
 */
public final class FreeEnergy {
    private FreeEnergy() {
    }

    /**
     * {@code F} of a Gaussian: its entropy is exact, {@code E_q[V]} is estimated from
     * {@code pairs} antithetic pairs {@code m ± Lξ} (exact for quadratic {@code V}); the standard
     * error is taken over the pair means.
     *
     * @throws ArithmeticException if the target is not finite at a sample (the Gaussian puts
     *                             mass where the target has none)
     */
    public static Estimate ofGaussian(Gaussian q, Evaluator target, int pairs, RandomStream stream) {
        int d = q.dimension();
        double[] points = new double[2 * pairs * d];
        double[] xi = new double[d];
        double[] neg = new double[d];
        double[] out = new double[d];
        for (int p = 0; p < pairs; p++) {
            stream.nextGaussian(xi);
            q.transform(xi, out);
            System.arraycopy(out, 0, points, 2 * p * d, d);
            for (int i = 0; i < d; i++) {
                neg[i] = -xi[i];
            }
            q.transform(neg, out);
            System.arraycopy(out, 0, points, (2 * p + 1) * d, d);
        }
        double[] lp = new double[2 * pairs];
        target.evaluate(points, 2 * pairs, lp, null);
        double sum = 0.0;
        double sumSq = 0.0;
        for (int p = 0; p < pairs; p++) {
            double v = -0.5 * (lp[2 * p] + lp[2 * p + 1]);
            if (!Double.isFinite(v)) {
                throw new ArithmeticException("the log density is not finite at a draw from the Gaussian: " + v);
            }
            sum += v;
            sumSq += v * v;
        }
        double mean = sum / pairs;
        double var = pairs > 1 ? (sumSq - pairs * mean * mean) / (pairs - 1.0) : Double.NaN;
        double se = Math.sqrt(Math.max(0.0, var) / pairs);
        return new Estimate(mean - q.entropy(), se, pairs);
    }
}
