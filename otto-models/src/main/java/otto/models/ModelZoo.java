package otto.models;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import otto.ad.Matrix;
import otto.model.Model;

/**
 * The built-in models: standard targets with known answers (data optional), regressions, and
 * every posterior of posteriordb that Otto is checked against, under its model name.
 *
 * <pre>{@code
 * ModelZoo.Entry entry = ModelZoo.get("eight_schools_noncentered");
 * Model model = entry.create(StanData.read(Path.of("eight_schools.json")));
 * Model normal = ModelZoo.get("std_normal").create(StanData.empty());   // defaults: D = 2
 * }</pre>
 *
 * <p>Models are immutable and thread-safe; {@link Entry#create} validates the data and throws a
 * {@link DataException} naming the field when it cannot be used.
 */
public final class ModelZoo {
    /**
     * A data field a model reads.
     *
     * @param name     the field's name in the data file
     * @param type     {@code int}, {@code real}, {@code vector[N]}, {@code matrix[N,K]} …
     * @param fallback the default when absent, or null if required
     */
    public record Field(String name, String type, String fallback) {
        /** Whether the field must be given. */
        public boolean required() {
            return fallback == null;
        }
    }

    /**
     * A built-in model.
     *
     * @param name        its name ({@code otto run NAME})
     * @param description one line
     * @param fields      the data it reads
     * @param factory     builds the model from data
     */
    public record Entry(String name, String description, List<Field> fields, Function<StanData, Model> factory) {
        /**
         * The model for the given data.
         *
         * @throws DataException if a field is missing, of the wrong shape or invalid
         */
        public Model create(StanData data) {
            return factory.apply(data);
        }

        /** Whether some field is required, so that the model cannot be built from {@link StanData#empty()}. */
        public boolean needsData() {
            return fields.stream().anyMatch(Field::required);
        }
    }

    private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();

    static {
        add("std_normal", "standard normal in D dimensions (log Z = 0)", StdNormal::new, f("D", "int", "2"));
        add("correlated_normal", "normal with unit variances and every pairwise correlation rho", CorrelatedNormal::new,
                f("D", "int", "2"), f("rho", "real", "0.9"));
        add("banana", "2-D Rosenbrock banana, -[b (x2 - x1^2)^2 + (a - x1)^2]/scale", Banana::new,
                f("a", "real", "1"), f("b", "real", "100"), f("scale", "real", "20"));
        add("funnel", "Neal's funnel: v ~ N(0,3), x_i ~ N(0, exp(v/2)), D dimensions", Funnel::new, f("D", "int", "10"));
        add("gaussian_mixture", "two modes: 1/2 N(-m 1, I) + 1/2 N(m 1, I)", GaussianMixture::new,
                f("D", "int", "2"), f("separation", "real", "4"));
        add("logistic_regression", "y ~ bernoulli_logit(X beta), beta ~ normal(0, prior_scale)", LogisticRegression::new,
                f("N", "int", null), f("K", "int", null), f("X", "matrix[N,K]", null), f("y", "int[N] in {0,1}", null),
                f("prior_scale", "real", "10"));
        add("linear_regression", "y ~ normal(X beta, sigma), beta ~ normal(0, s), sigma ~ half-normal(0, s)",
                ModelZoo::linearRegression, f("N", "int", null), f("K", "int", null), f("X", "matrix[N,K]", null),
                f("y", "vector[N]", null), f("prior_scale", "real", "10"));
        add("poisson_regression", "y ~ poisson_log(X beta), beta ~ normal(0, prior_scale)", PoissonRegression::new,
                f("N", "int", null), f("K", "int", null), f("X", "matrix[N,K]", null), f("y", "int[N]", null),
                f("prior_scale", "real", "10"));
        add("eight_schools_noncentered", "posteriordb: eight schools, non-centred", EightSchoolsNoncentered::new,
                f("J", "int", null), f("y", "vector[J]", null), f("sigma", "vector[J]", null));
        add("arK", "posteriordb: autoregression of order K", ArK::new,
                f("K", "int", null), f("T", "int", null), f("y", "vector[T]", null));
        add("diamonds", "posteriordb: linear regression on 24 centred predictors (brms)", ModelZoo::diamonds,
                f("N", "int", null), f("K", "int", null), f("X", "matrix[N,K]", null), f("Y", "vector[N]", null),
                f("prior_only", "int", "0"));
        add("gp_pois_regr", "posteriordb: latent Gaussian process, Poisson counts", GpPoisRegr::new,
                f("N", "int", null), f("x", "vector[N]", null), f("k", "int[N]", null));
        add("kidscore_momiq", "posteriordb: kid_score ~ normal(beta1 + beta2 mom_iq, sigma)", ModelZoo::kidscoreMomiq,
                f("N", "int", null), f("kid_score", "vector[N]", null), f("mom_iq", "vector[N]", null));
        add("logearn_interaction", "posteriordb: log earnings on height, sex and their interaction",
                ModelZoo::logearnInteraction, f("N", "int", null), f("earn", "vector[N]", null),
                f("height", "vector[N]", null), f("male", "vector[N]", null));
        add("blr", "posteriordb: Bayesian linear regression, beta ~ normal(0,10), sigma ~ normal(0,10)", ModelZoo::blr,
                f("N", "int", null), f("D", "int", null), f("X", "matrix[N,D]", null), f("y", "vector[N]", null));
        add("garch11", "posteriordb: GARCH(1,1) volatility model", Garch11::new,
                f("T", "int", null), f("y", "vector[T]", null), f("sigma1", "real", null));
        add("nes", "posteriordb: party identification on ideology, race, age, education, sex, income", ModelZoo::nes,
                f("N", "int", null), f("partyid7", "vector[N]", null), f("real_ideo", "vector[N]", null),
                f("race_adj", "vector[N]", null), f("age_discrete", "int[N] in 1..4", null), f("educ1", "vector[N]", null),
                f("gender", "vector[N]", null), f("income", "vector[N]", null));
        add("kilpisjarvi", "posteriordb: linear trend of summer temperatures, alpha and beta highly correlated",
                ModelZoo::kilpisjarvi, f("N", "int", null), f("x", "vector[N]", null), f("y", "vector[N]", null),
                f("pmualpha", "real", null), f("psalpha", "real", null), f("pmubeta", "real", null), f("psbeta", "real", null));
        add("low_dim_gauss_mix", "posteriordb: two-component normal mixture, ordered means", LowDimGaussMix::new,
                f("N", "int", null), f("y", "vector[N]", null));
    }

    private ModelZoo() {
    }

    private static Field f(String name, String type, String fallback) {
        return new Field(name, type, fallback);
    }

    private static void add(String name, String description, Function<StanData, Model> factory, Field... fields) {
        ENTRIES.put(name, new Entry(name, description, List.of(fields), factory));
    }

    /** The names of the built-in models, in listing order. */
    public static List<String> names() {
        return List.copyOf(ENTRIES.keySet());
    }

    /** Every built-in model. */
    public static List<Entry> entries() {
        return List.copyOf(ENTRIES.values());
    }

    /**
     * The built-in model of that name.
     *
     * @throws IllegalArgumentException for an unknown name (the message lists the known ones)
     */
    public static Entry get(String name) {
        Entry e = ENTRIES.get(name);
        if (e == null) {
            throw new IllegalArgumentException("unknown model '" + name + "'; known models: " + String.join(", ", names()));
        }
        return e;
    }

    /**
     * The built-in model {@code name} built from {@code data}: {@code get(name).create(data)}.
     *
     * @throws IllegalArgumentException for an unknown name
     * @throws DataException            if the data cannot be used
     */
    public static Model create(String name, StanData data) {
        return get(name).create(data);
    }

    // ---------------------------------------------------------------- Gaussian linear models

    private static Model linearRegression(StanData data) {
        int n = Checks.nonNegative(data, "N");
        int k = Checks.dimension(data, "K");
        double s = Checks.positiveReal(data, "prior_scale", data.real("prior_scale", 10.0));
        return new GaussianLinearModel("linear_regression", new Matrix(n, k, data.matrix("X", "N", "K")), data.vector("y", "N"),
                List.of(new GaussianLinearModel.Block("beta", k, Priors.normal(0, s))), Priors.normal(0, s));
    }

    private static Model kidscoreMomiq(StanData data) {
        int n = Checks.nonNegative(data, "N");
        return new GaussianLinearModel("kidscore_momiq", Designs.columns(n, null, data.vector("mom_iq", "N")),
                data.vector("kid_score", "N"), List.of(new GaussianLinearModel.Block("beta", 2, null)), Priors.cauchy(0, 2.5));
    }

    private static Model logearnInteraction(StanData data) {
        int n = Checks.nonNegative(data, "N");
        double[] earn = Checks.allPositive(data, "earn", data.vector("earn", "N"));
        double[] height = data.vector("height", "N");
        double[] male = data.vector("male", "N");
        double[] logEarn = new double[n];
        double[] inter = new double[n];
        for (int i = 0; i < n; i++) {
            logEarn[i] = Math.log(earn[i]);
            inter[i] = height[i] * male[i];
        }
        return new GaussianLinearModel("logearn_interaction", Designs.columns(n, null, height, male, inter), logEarn,
                List.of(new GaussianLinearModel.Block("beta", 4, null)), null);
    }

    private static Model nes(StanData data) {
        int n = Checks.nonNegative(data, "N");
        int[] age = data.integers("age_discrete", "N");
        double[][] ages = new double[3][n];
        for (int i = 0; i < n; i++) {
            if (age[i] < 1 || age[i] > 4) {
                throw new DataException(data.source() + ": field 'age_discrete[" + (i + 1) + "]' must be in 1..4, got " + age[i]);
            }
            if (age[i] >= 2) {
                ages[age[i] - 2][i] = 1.0;
            }
        }
        var x = Designs.columns(n, null, data.vector("real_ideo", "N"), data.vector("race_adj", "N"), ages[0], ages[1], ages[2],
                data.vector("educ1", "N"), data.vector("gender", "N"), data.vector("income", "N"));
        return new GaussianLinearModel("nes", x, data.vector("partyid7", "N"),
                List.of(new GaussianLinearModel.Block("beta", 9, null)), null);
    }

    private static Model blr(StanData data) {
        int n = Checks.nonNegative(data, "N");
        int d = Checks.dimension(data, "D");
        return new GaussianLinearModel("blr", new Matrix(n, d, data.matrix("X", "N", "D")), data.vector("y", "N"),
                List.of(new GaussianLinearModel.Block("beta", d, Priors.normal(0, 10))), Priors.normal(0, 10));
    }

    private static Model kilpisjarvi(StanData data) {
        int n = Checks.nonNegative(data, "N");
        double psAlpha = Checks.positiveReal(data, "psalpha", data.real("psalpha"));
        double psBeta = Checks.positiveReal(data, "psbeta", data.real("psbeta"));
        return new GaussianLinearModel("kilpisjarvi", Designs.columns(n, null, data.vector("x", "N")), data.vector("y", "N"),
                List.of(new GaussianLinearModel.Block("alpha", 0, Priors.normal(data.real("pmualpha"), psAlpha)),
                        new GaussianLinearModel.Block("beta", 0, Priors.normal(data.real("pmubeta"), psBeta))), null);
    }

    /**
     * brms-generated: {@code Y ~ normal(Intercept + Xc b, σ)} with {@code Xc} the columns 2..K of X
     * centred, {@code b ~ N(0,1)}, {@code Intercept ~ t(3, 8, 10)}, {@code σ ~ t(3, 0, 10)}, σ > 0;
     * reports {@code b_Intercept = Intercept - means_X · b}. With {@code prior_only} the likelihood
     * is left out.
     */
    private static Model diamonds(StanData data) {
        int n = Checks.positive(data, "N");
        int k = Checks.dimension(data, "K");
        if (k < 2) {
            throw new DataException(data.source() + ": field 'K' must be at least 2 (an intercept column and a predictor), got " + k);
        }
        double[] x = data.matrix("X", "N", "K");
        double[] y = data.vector("Y", "N");
        boolean priorOnly = data.integer("prior_only", 0) != 0;
        int kc = k - 1;
        double[] means = new double[kc];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < kc; j++) {
                means[j] += x[i * k + j + 1] / n;
            }
        }
        double[] design = new double[n * k];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < kc; j++) {
                design[i * k + j] = x[i * k + j + 1] - means[j];
            }
            design[i * k + kc] = 1.0;
        }
        List<GaussianLinearModel.Block> blocks = new ArrayList<>();
        blocks.add(new GaussianLinearModel.Block("b", kc, Priors.normal(0, 1)));
        blocks.add(new GaussianLinearModel.Block("Intercept", 0, Priors.studentT(3, 8, 10)));
        Matrix m = priorOnly ? new Matrix(0, k, new double[0]) : new Matrix(n, k, design);
        double[] response = priorOnly ? new double[0] : y;
        return new GaussianLinearModel("diamonds", m, response, blocks, Priors.studentT(3, 0, 10), "b_Intercept",
                (p, beta) -> p.get("Intercept").sub(p.get("b").dot(p.tape().constant(means))));
    }
}
