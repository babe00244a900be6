package otto.dist;

import otto.ad.Tape;
import otto.ad.Var;
import otto.math.SpecialFunctions;

/**
 * Student's t distribution {@code student_t(ν, μ, σ)} (degrees of freedom ν, location μ, scale σ):
 * <pre>  log p(y | ν, μ, σ) = log Γ((ν+1)/2) - log Γ(ν/2) - ½ log(νπ) - log σ
 *                       - (ν+1)/2 · log(1 + ((y - μ)/σ)² / ν).</pre>
 * The difference of log-gamma functions is evaluated by Stirling's series for large ν, so the
 * density stays accurate as ν → ∞ (the normal limit).
 */
public final class StudentT {
    private StudentT() {
    }

    /**
     * {@code Σ_i log student_t(y_i | ν_i, μ_i, σ_i)} with broadcasting, where
     * {@code log student_t(y | ν, μ, σ) = log Γ((ν+1)/2) - log Γ(ν/2) - ½ log(νπ) - log σ
     * - (ν+1)/2 · log(1 + ((y-μ)/σ)²/ν)}.
     *
     * @param y     the variates
     * @param nu    the degrees of freedom (positive, finite)
     * @param mu    the locations (finite)
     * @param sigma the scales (positive, finite)
     * @return the summed log density; NaN for an invalid parameter
     */
    public static Var lpdf(Var y, Var nu, Var mu, Var sigma) {
        if (!Check.positiveFinite(nu, sigma) || !Check.finite(mu)) {
            return Check.invalid(y);
        }
        int n = Args.length(y, nu, mu, sigma);
        Var z = y.sub(mu).div(sigma);
        Var halfNu = nu.mul(0.5);
        Var constant = LogGamma.sumRatio(halfNu, y.tape().constant(0.5), n)
                .sub(Args.sumLog(nu, n).mul(0.5)).sub(0.5 * n * SpecialFunctions.LOG_PI);
        Var kernel = halfNu.add(0.5).mul(z.square().div(nu).log1p()).sum();
        return constant.sub(Args.sumLog(sigma, n)).sub(kernel);
    }

    /**
     * {@code log student_t(y | ν, μ, σ)}, as {@link #lpdf(Var, Var, Var, Var)}.
     *
     * @param y the variate
     * @param nu the degrees of freedom
     * @param mu the location
     * @param sigma the scale
     * @return the log density; NaN for an invalid parameter
     */
    public static double lpdf(double y, double nu, double mu, double sigma) {
        Tape t = Tape.create();
        return lpdf(t.constant(y), t.constant(nu), t.constant(mu), t.constant(sigma)).value();
    }
}
