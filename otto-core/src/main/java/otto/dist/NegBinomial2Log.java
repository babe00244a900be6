package otto.dist;

import otto.ad.Tape;
import otto.ad.Var;
import otto.math.SpecialFunctions;

/**
 * The negative binomial with log mean η and precision φ, {@code neg_binomial_2_log(η, φ)}: mean
 * {@code μ = e^η}, variance {@code μ + μ²/φ},
 * <pre>  log p(k | η, φ) = log Γ(k + φ) - log Γ(φ) - log k! + k η - k log(e^η + φ)
 *                    - φ log(1 + e^η / φ),</pre>
 * written as Stan does with {@code log(e^η + φ)} and {@code log(1 + e^{η - log φ})} evaluated
 * stably, and {@code log Γ(k + φ) - log Γ(φ)} by Stirling's series for large φ, so that the
 * Poisson limit φ → ∞ keeps its digits.
 */
public final class NegBinomial2Log {
    private NegBinomial2Log() {
    }

    /**
     * {@code Σ_i log neg_binomial_2_log(k_i | η_i, φ_i)} with broadcasting, where
     * {@code log neg_binomial_2_log(k | η, φ) = log Γ(k+φ) - log Γ(φ) - log k! + kη
     * - k log(e^η + φ) - φ log(1 + e^η/φ)}.
     *
     * @param k   the counts (length 1 or n)
     * @param eta the log means (finite)
     * @param phi the precisions (positive, finite)
     * @return the summed log mass; NaN for an invalid parameter, else -∞ if some k is negative
     */
    public static Var lpmf(int[] k, Var eta, Var phi) {
        int n = Args.broadcast(Args.broadcast(k.length, eta.size()), phi.size());
        if (!Check.finite(eta) || !Check.positiveFinite(phi)) {
            return Check.invalid(eta);
        }
        double c = 0.0;
        for (int v : k) {
            if (v < 0) {
                return Check.outside(eta);
            }
            c += SpecialFunctions.lgamma(v + 1.0);
        }
        if (k.length == 1) {
            c *= n;
        }
        double[] kd = Args.toDouble(k);
        Var logPhi = phi.log();
        Var logOdds = eta.sub(eta.logAddExp(logPhi));
        Var kTerm;
        if (logOdds.size() == 1) {
            kTerm = logOdds.mul(k.length == 1 ? kd[0] * n : (double) Args.sum(k));
        } else {
            kTerm = k.length == 1 ? logOdds.sum().mul(kd[0]) : logOdds.mul(kd).sum();
        }
        Var phiTerm = Args.sumOver(phi.mul(eta.sub(logPhi).log1pExp()), n);
        return LogGamma.sumRatio(phi, eta.tape().constant(kd), n).add(kTerm).sub(phiTerm).sub(c);
    }

    /**
     * {@code log neg_binomial_2_log(k | η, φ)}, as {@link #lpmf(int[], Var, Var)}.
     *
     * @param k the count
     * @param eta the log mean
     * @param phi the precision
     * @return the log mass; NaN for an invalid parameter, -∞ for {@code k < 0}
     */
    public static double lpmf(int k, double eta, double phi) {
        Tape t = Tape.create();
        return lpmf(new int[] {k}, t.constant(eta), t.constant(phi)).value();
    }
}
