package otto.dist;

import otto.ad.Var;

/**
 * Differences {@code log Γ(x + a) - log Γ(x)} that stay accurate when {@code x} is large (a
 * negative binomial's precision φ → ∞, a Student t's ν → ∞), where subtracting two values of
 * {@code lgamma} of size {@code x log x} would lose most digits.
 */
final class LogGamma {
    /** From here on the Stirling series (through {@code x⁻¹¹}) is accurate to ~1e-16. */
    static final double STIRLING_FROM = 10.0;

    private LogGamma() {
    }

    /**
     * {@code Σ_{i<n} [log Γ(x_i + a_i) - log Γ(x_i)]} over the broadcast length {@code n}, for
     * {@code x > 0} and {@code a ≥ 0}.
     */
    static Var sumRatio(Var x, Var a, int n) {
        if (x.size() == 1) {
            Var d = x.value() >= STIRLING_FROM ? stirlingRatio(x, a) : directRatio(x, a);
            return Args.sumOver(d, n);
        }
        int large = 0;
        for (int i = 0; i < x.size(); i++) {
            if (x.value(i) >= STIRLING_FROM) {
                large++;
            }
        }
        if (large == 0) {
            return directRatio(x, a).sum();
        }
        if (large == x.size()) {
            return stirlingRatio(x, a).sum();
        }
        int[] big = new int[large];
        int[] small = new int[x.size() - large];
        for (int i = 0, b = 0, s = 0; i < x.size(); i++) {
            if (x.value(i) >= STIRLING_FROM) {
                big[b++] = i;
            } else {
                small[s++] = i;
            }
        }
        Var aBig = a.size() == 1 ? a : a.gather(big);
        Var aSmall = a.size() == 1 ? a : a.gather(small);
        return stirlingRatio(x.gather(big), aBig).sum().add(directRatio(x.gather(small), aSmall).sum());
    }

    private static Var directRatio(Var x, Var a) {
        return x.add(a).lgamma().sub(x.lgamma());
    }

    /**
     * {@code (x - ½) log1p(a/x) + a log(x + a) - a + δ(x + a) - δ(x)} with Stirling's remainder
     * {@code δ(x) = log Γ(x) - (x - ½) log x + x - ½ log 2π}.
     */
    private static Var stirlingRatio(Var x, Var a) {
        Var xa = x.add(a);
        return x.sub(0.5).mul(a.div(x).log1p()).add(a.mul(xa.log())).sub(a)
                .add(stirlingRemainder(xa)).sub(stirlingRemainder(x));
    }

    /** {@code δ(x) = Σ_k B_{2k} / (2k(2k-1) x^{2k-1})}, k = 1..6. */
    static Var stirlingRemainder(Var x) {
        Var u = x.inv();
        Var w = u.square();
        Var p = w.mul(-691.0 / 360360.0).add(1.0 / 1188.0);
        p = p.mul(w).add(-1.0 / 1680.0);
        p = p.mul(w).add(1.0 / 1260.0);
        p = p.mul(w).add(-1.0 / 360.0);
        p = p.mul(w).add(1.0 / 12.0);
        return p.mul(u);
    }
}
