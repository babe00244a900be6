package otto.models;

import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Plain-double re-implementations of the posteriordb Stan programs, written from the Stan source
 * and independent of {@code otto.ad}, {@code otto.dist} and the models: the constrained
 * parameters (declaration order) from a reference draw, the log density on the constrained scale
 * up to a constant, and the log-Jacobian of Stan's constraining transforms expressed in the
 * constrained values.
 */
abstract class ReferenceDensity {
    /** The model's parameters, in declaration order, from one reference draw. */
    abstract double[] parameters(Map<String, Double> draw);

    /** The log density on the constrained scale, up to a constant. */
    abstract double logDensity(double[] theta);

    /**
     * The log-Jacobian of the map from unconstrained to constrained values. Default: every
     * parameter after the first {@link #free()} ones is positive (lower bound 0, {@code x = e^u},
     * log-Jacobian {@code log x}).
     */
    double logJacobian(double[] theta) {
        double s = 0;
        for (int i = free(); i < theta.length; i++) {
            s += Math.log(theta[i]);
        }
        return s;
    }

    /** How many leading parameters are unconstrained (for the default {@link #logJacobian}). */
    int free() {
        throw new UnsupportedOperationException();
    }

    static ReferenceDensity of(String model, JsonNode data) {
        return switch (model) {
            case "arK" -> new ArK(data);
            case "diamonds" -> new Diamonds(data);
            case "logearn_interaction" -> new LogearnInteraction(data);
            case "eight_schools_noncentered" -> new EightSchools(data);
            case "garch11" -> new Garch(data);
            case "gp_pois_regr" -> new GpPoisRegr(data);
            case "kidscore_momiq" -> new Kidscore(data);
            case "kilpisjarvi" -> new Kilpisjarvi(data);
            case "low_dim_gauss_mix" -> new LowDimGaussMix(data);
            case "nes" -> new Nes(data);
            case "blr" -> new Blr(data);
            default -> throw new IllegalArgumentException("no reference density for " + model);
        };
    }

    // ---------------------------------------------------------------- helpers

    static double[] vec(JsonNode data, String name) {
        JsonNode n = data.get(name);
        double[] v = new double[n.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = n.get(i).asDouble();
        }
        return v;
    }

    static double[][] mat(JsonNode data, String name) {
        JsonNode n = data.get(name);
        double[][] m = new double[n.size()][];
        for (int i = 0; i < m.length; i++) {
            m[i] = new double[n.get(i).size()];
            for (int j = 0; j < m[i].length; j++) {
                m[i][j] = n.get(i).get(j).asDouble();
            }
        }
        return m;
    }

    /** {@code name[1..k]} of a draw. */
    static double[] take(Map<String, Double> draw, String name, int k) {
        double[] v = new double[k];
        for (int i = 0; i < k; i++) {
            v[i] = draw.get(name + "[" + (i + 1) + "]");
        }
        return v;
    }

    static double[] concat(double[]... parts) {
        int n = 0;
        for (double[] p : parts) {
            n += p.length;
        }
        double[] out = new double[n];
        int o = 0;
        for (double[] p : parts) {
            System.arraycopy(p, 0, out, o, p.length);
            o += p.length;
        }
        return out;
    }

    /** log N(y | mu, sigma) without the constant {@code -½ log 2π}. */
    static double normal(double y, double mu, double sigma) {
        double z = (y - mu) / sigma;
        return -0.5 * z * z - Math.log(sigma);
    }

    /** log Cauchy(y | 0, s) without constants. */
    static double cauchy(double y, double s) {
        return -Math.log1p((y / s) * (y / s));
    }

    /** log student_t(y | nu, mu, s) without constants (fixed nu and s). */
    static double studentT(double y, double nu, double mu, double s) {
        double z = (y - mu) / s;
        return -(nu + 1) / 2 * Math.log1p(z * z / nu);
    }

    /** {@code Σ_i log N(y_i | η_i, σ)} for the linear predictor {@code η = X β} given as rows. */
    static double gaussianLikelihood(double[] y, double[][] rows, double[] beta, double sigma) {
        double s = 0;
        for (int i = 0; i < y.length; i++) {
            double eta = 0;
            for (int j = 0; j < beta.length; j++) {
                eta += rows[i][j] * beta[j];
            }
            s += normal(y[i], eta, sigma);
        }
        return s;
    }

    // ---------------------------------------------------------------- the models

    static final class ArK extends ReferenceDensity {
        final int k;
        final double[] y;

        ArK(JsonNode data) {
            k = data.get("K").asInt();
            y = vec(data, "y");
        }

        @Override
        double[] parameters(Map<String, Double> d) {
            return concat(new double[] {d.get("alpha")}, take(d, "beta", k), new double[] {d.get("sigma")});
        }

        @Override
        int free() {
            return 1 + k;
        }

        @Override
        double logDensity(double[] t) {
            double alpha = t[0];
            double sigma = t[k + 1];
            double lp = normal(alpha, 0, 10) + cauchy(sigma, 2.5);
            for (int j = 0; j < k; j++) {
                lp += normal(t[1 + j], 0, 10);
            }
            for (int s = k; s < y.length; s++) {
                double mu = alpha;
                for (int j = 1; j <= k; j++) {
                    mu += t[j] * y[s - j];
                }
                lp += normal(y[s], mu, sigma);
            }
            return lp;
        }
    }

    static final class Diamonds extends ReferenceDensity {
        final double[] y;
        final double[][] xc;
        final int kc;

        Diamonds(JsonNode data) {
            y = vec(data, "Y");
            double[][] x = mat(data, "X");
            int n = y.length;
            kc = data.get("K").asInt() - 1;
            double[] means = new double[kc];
            for (double[] row : x) {
                for (int j = 0; j < kc; j++) {
                    means[j] += row[j + 1];
                }
            }
            xc = new double[n][kc + 1];
            for (int j = 0; j < kc; j++) {
                means[j] /= n;
                for (int i = 0; i < n; i++) {
                    xc[i][j] = x[i][j + 1] - means[j];
                }
            }
            for (int i = 0; i < n; i++) {
                xc[i][kc] = 1.0; // the Intercept, last coefficient
            }
        }

        @Override
        double[] parameters(Map<String, Double> d) {
            return concat(take(d, "b", kc), new double[] {d.get("Intercept"), d.get("sigma")});
        }

        @Override
        int free() {
            return kc + 1;
        }

        @Override
        double logDensity(double[] t) {
            double sigma = t[kc + 1];
            double lp = studentT(t[kc], 3, 8, 10) + studentT(sigma, 3, 0, 10);
            for (int j = 0; j < kc; j++) {
                lp += normal(t[j], 0, 1);
            }
            return lp + gaussianLikelihood(y, xc, java.util.Arrays.copyOf(t, kc + 1), sigma);
        }
    }

    static final class LogearnInteraction extends ReferenceDensity {
        final double[] logEarn;
        final double[][] x;

        LogearnInteraction(JsonNode data) {
            double[] earn = vec(data, "earn");
            double[] height = vec(data, "height");
            double[] male = vec(data, "male");
            logEarn = new double[earn.length];
            x = new double[earn.length][];
            for (int i = 0; i < earn.length; i++) {
                logEarn[i] = Math.log(earn[i]);
                x[i] = new double[] {1, height[i], male[i], height[i] * male[i]};
            }
        }

        @Override
        double[] parameters(Map<String, Double> d) {
            return concat(take(d, "beta", 4), new double[] {d.get("sigma")});
        }

        @Override
        int free() {
            return 4;
        }

        @Override
        double logDensity(double[] t) {
            return gaussianLikelihood(logEarn, x, java.util.Arrays.copyOf(t, 4), t[4]);
        }
    }

    static final class EightSchools extends ReferenceDensity {
        final double[] y;
        final double[] sigma;

        EightSchools(JsonNode data) {
            y = vec(data, "y");
            sigma = vec(data, "sigma");
        }

        /** {@code theta_trans = (theta - mu) / tau}, which the draws do not report. */
        @Override
        double[] parameters(Map<String, Double> d) {
            int j = y.length;
            double mu = d.get("mu");
            double tau = d.get("tau");
            double[] thetaTrans = take(d, "theta", j);
            for (int i = 0; i < j; i++) {
                thetaTrans[i] = (thetaTrans[i] - mu) / tau;
            }
            return concat(thetaTrans, new double[] {mu, tau});
        }

        @Override
        int free() {
            return y.length + 1;
        }

        @Override
        double logDensity(double[] t) {
            int j = y.length;
            double mu = t[j];
            double tau = t[j + 1];
            double lp = normal(mu, 0, 5) + cauchy(tau, 5);
            for (int i = 0; i < j; i++) {
                lp += normal(t[i], 0, 1);
                lp += -0.5 * Math.pow((y[i] - (mu + tau * t[i])) / sigma[i], 2);
            }
            return lp;
        }
    }

    static final class Garch extends ReferenceDensity {
        final double[] y;
        final double sigma1;

        Garch(JsonNode data) {
            y = vec(data, "y");
            sigma1 = data.get("sigma1").asDouble();
        }

        @Override
        double[] parameters(Map<String, Double> d) {
            return new double[] {d.get("mu"), d.get("alpha0"), d.get("alpha1"), d.get("beta1")};
        }

        /** {@code α₀ = e^u}, {@code α₁ = logit⁻¹(u)}, {@code β₁ = (1 - α₁) logit⁻¹(u)}. */
        @Override
        double logJacobian(double[] t) {
            double a0 = t[1];
            double a1 = t[2];
            double b1 = t[3];
            double room = 1 - a1;
            return Math.log(a0) + Math.log(a1) + Math.log(1 - a1) + Math.log(b1) + Math.log(room - b1) - Math.log(room);
        }

        @Override
        double logDensity(double[] t) {
            double mu = t[0];
            double sigma = sigma1;
            double lp = 0;
            for (int s = 0; s < y.length; s++) {
                if (s > 0) {
                    sigma = Math.sqrt(t[1] + t[2] * (y[s - 1] - mu) * (y[s - 1] - mu) + t[3] * sigma * sigma);
                }
                lp += normal(y[s], mu, sigma);
            }
            return lp;
        }
    }

    static final class GpPoisRegr extends ReferenceDensity {
        final double[] x;
        final int[] k;

        GpPoisRegr(JsonNode data) {
            x = vec(data, "x");
            double[] kk = vec(data, "k");
            k = new int[kk.length];
            for (int i = 0; i < k.length; i++) {
                k[i] = (int) kk[i];
            }
        }

        /** {@code L Lᵀ = α² exp(-(x - x')²/(2ρ²)) + 1e-10 I}. */
        double[][] cholesky(double rho, double alpha) {
            int n = x.length;
            double[][] a = new double[n][n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double dx = x[i] - x[j];
                    a[i][j] = alpha * alpha * Math.exp(-dx * dx / (2 * rho * rho)) + (i == j ? 1e-10 : 0);
                }
            }
            double[][] l = new double[n][n];
            for (int j = 0; j < n; j++) {
                double s = a[j][j];
                for (int p = 0; p < j; p++) {
                    s -= l[j][p] * l[j][p];
                }
                l[j][j] = Math.sqrt(s);
                for (int i = j + 1; i < n; i++) {
                    double t = a[i][j];
                    for (int p = 0; p < j; p++) {
                        t -= l[i][p] * l[j][p];
                    }
                    l[i][j] = t / l[j][j];
                }
            }
            return l;
        }

        /** {@code f_tilde = L⁻¹ f}, which the draws do not report. */
        @Override
        double[] parameters(Map<String, Double> d) {
            int n = x.length;
            double rho = d.get("rho");
            double alpha = d.get("alpha");
            double[] f = take(d, "f", n);
            double[][] l = cholesky(rho, alpha);
            double[] z = new double[n];
            for (int i = 0; i < n; i++) {
                double s = f[i];
                for (int j = 0; j < i; j++) {
                    s -= l[i][j] * z[j];
                }
                z[i] = s / l[i][i];
            }
            return concat(new double[] {rho, alpha}, z);
        }

        @Override
        double logJacobian(double[] t) {
            return Math.log(t[0]) + Math.log(t[1]);
        }

        @Override
        double logDensity(double[] t) {
            int n = x.length;
            double rho = t[0];
            double alpha = t[1];
            double[][] l = cholesky(rho, alpha);
            double lp = 24 * Math.log(rho) - 4 * rho + normal(alpha, 0, 2);
            for (int i = 0; i < n; i++) {
                lp += -0.5 * t[2 + i] * t[2 + i];
                double f = 0;
                for (int j = 0; j <= i; j++) {
                    f += l[i][j] * t[2 + j];
                }
                lp += k[i] * f - Math.exp(f);
            }
            return lp;
        }
    }

    static final class Kidscore extends ReferenceDensity {
        final double[] score;
        final double[][] x;

        Kidscore(JsonNode data) {
            score = vec(data, "kid_score");
            double[] iq = vec(data, "mom_iq");
            x = new double[iq.length][];
            for (int i = 0; i < iq.length; i++) {
                x[i] = new double[] {1, iq[i]};
            }
        }

        @Override
        double[] parameters(Map<String, Double> d) {
            return concat(take(d, "beta", 2), new double[] {d.get("sigma")});
        }

        @Override
        int free() {
            return 2;
        }

        @Override
        double logDensity(double[] t) {
            return cauchy(t[2], 2.5) + gaussianLikelihood(score, x, new double[] {t[0], t[1]}, t[2]);
        }
    }

    static final class Kilpisjarvi extends ReferenceDensity {
        final double[] y;
        final double[][] x;
        final double pmualpha;
        final double psalpha;
        final double pmubeta;
        final double psbeta;

        Kilpisjarvi(JsonNode data) {
            y = vec(data, "y");
            double[] xx = vec(data, "x");
            x = new double[xx.length][];
            for (int i = 0; i < xx.length; i++) {
                x[i] = new double[] {1, xx[i]};
            }
            pmualpha = data.get("pmualpha").asDouble();
            psalpha = data.get("psalpha").asDouble();
            pmubeta = data.get("pmubeta").asDouble();
            psbeta = data.get("psbeta").asDouble();
        }

        @Override
        double[] parameters(Map<String, Double> d) {
            return new double[] {d.get("alpha"), d.get("beta"), d.get("sigma")};
        }

        @Override
        int free() {
            return 2;
        }

        @Override
        double logDensity(double[] t) {
            return normal(t[0], pmualpha, psalpha) + normal(t[1], pmubeta, psbeta)
                    + gaussianLikelihood(y, x, new double[] {t[0], t[1]}, t[2]);
        }
    }

    static final class LowDimGaussMix extends ReferenceDensity {
        final double[] y;

        LowDimGaussMix(JsonNode data) {
            y = vec(data, "y");
        }

        @Override
        double[] parameters(Map<String, Double> d) {
            return new double[] {d.get("mu[1]"), d.get("mu[2]"), d.get("sigma[1]"), d.get("sigma[2]"), d.get("theta")};
        }

        /** Ordered {@code μ₂ = μ₁ + e^u}; {@code σ = e^u}; {@code θ = logit⁻¹(u)}. */
        @Override
        double logJacobian(double[] t) {
            return Math.log(t[1] - t[0]) + Math.log(t[2]) + Math.log(t[3]) + Math.log(t[4]) + Math.log(1 - t[4]);
        }

        @Override
        double logDensity(double[] t) {
            double theta = t[4];
            double lp = normal(t[2], 0, 2) + normal(t[3], 0, 2) + normal(t[0], 0, 2) + normal(t[1], 0, 2)
                    + 4 * Math.log(theta) + 4 * Math.log(1 - theta);
            for (double v : y) {
                double a = Math.log(theta) + normal(v, t[0], t[2]);
                double b = Math.log(1 - theta) + normal(v, t[1], t[3]);
                double max = Math.max(a, b);
                lp += max + Math.log(Math.exp(a - max) + Math.exp(b - max));
            }
            return lp;
        }
    }

    static final class Nes extends ReferenceDensity {
        final double[] y;
        final double[][] x;

        Nes(JsonNode data) {
            y = vec(data, "partyid7");
            double[] ideo = vec(data, "real_ideo");
            double[] race = vec(data, "race_adj");
            double[] age = vec(data, "age_discrete");
            double[] educ = vec(data, "educ1");
            double[] gender = vec(data, "gender");
            double[] income = vec(data, "income");
            x = new double[y.length][];
            for (int i = 0; i < y.length; i++) {
                x[i] = new double[] {1, ideo[i], race[i], age[i] == 2 ? 1 : 0, age[i] == 3 ? 1 : 0, age[i] == 4 ? 1 : 0,
                    educ[i], gender[i], income[i]};
            }
        }

        @Override
        double[] parameters(Map<String, Double> d) {
            return concat(take(d, "beta", 9), new double[] {d.get("sigma")});
        }

        @Override
        int free() {
            return 9;
        }

        @Override
        double logDensity(double[] t) {
            return gaussianLikelihood(y, x, java.util.Arrays.copyOf(t, 9), t[9]);
        }
    }

    static final class Blr extends ReferenceDensity {
        final double[] y;
        final double[][] x;
        final int d;

        Blr(JsonNode data) {
            y = vec(data, "y");
            x = mat(data, "X");
            d = data.get("D").asInt();
        }

        @Override
        double[] parameters(Map<String, Double> draw) {
            return concat(take(draw, "beta", d), new double[] {draw.get("sigma")});
        }

        @Override
        int free() {
            return d;
        }

        @Override
        double logDensity(double[] t) {
            double lp = normal(t[d], 0, 10);
            for (int j = 0; j < d; j++) {
                lp += normal(t[j], 0, 10);
            }
            return lp + gaussianLikelihood(y, x, java.util.Arrays.copyOf(t, d), t[d]);
        }
    }
}
