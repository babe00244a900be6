package otto.dist;

import otto.ad.Tape;
import otto.ad.Var;
import otto.math.SpecialFunctions;

/**
 * The negative binomial with log mean η and precision φ: {@code lgamma(k+φ) - lgamma(φ) - log k!
 * + kη + φ log φ - (k+φ) log(e^η + φ)}.
 */
public final class NegBinomial2Log {
    private NegBinomial2Log() {
    }

    /** Summed over elements with broadcasting; NaN if some φ ≤ 0, -∞ if some k < 0. */
    public static Var lpmf(int[] k, Var eta, Var phi) {
        if (Args.anyNotPositive(phi)) {
            return Args.nan(eta);
        }
        double c = 0.0;
        for (int v : k) {
            if (v < 0) {
                return Support.outside(eta);
            }
            c += SpecialFunctions.lgamma(v + 1.0);
        }
        Var kv = eta.tape().constant(Args.toDouble(k));
        Var logPhi = phi.log();
        Var terms = kv.add(phi).lgamma().sub(phi.lgamma()).add(kv.mul(eta)).add(phi.mul(logPhi))
                .sub(kv.add(phi).mul(eta.logAddExp(logPhi)));
        int n = Args.length(kv, eta, phi);
        return Args.sumOver(terms, n).sub(c);
    }

    /** {@code log NegBinomial2Log(k | η, φ)}. */
    public static double lpmf(int k, double eta, double phi) {
        Tape t = Tape.create();
        return lpmf(new int[] {k}, t.constant(eta), t.constant(phi)).value();
    }
}
