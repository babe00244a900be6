package otto.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** Every row of {@code reference/lpdf.csv} (SciPy's values, Stan's parameterisations) to 1e-10 relative. */
class ReferenceLpdfTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Arguments> rows() throws IOException {
        List<Arguments> out = new ArrayList<>();
        try (InputStream in = ReferenceLpdfTest.class.getResourceAsStream("/reference/lpdf.csv")) {
            String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
            for (int i = 1; i < lines.length; i++) {
                List<String> cells = splitCsv(lines[i].trim());
                out.add(Arguments.of(cells.get(0), cells.get(1), cells.get(2), Double.parseDouble(cells.get(3))));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} at {2}")
    @MethodSource("rows")
    void agreesWithScipy(String distribution, String params, String x, double expected) {
        JsonNode p = JSON.readTree(params);
        JsonNode v = JSON.readTree(x);
        double actual = evaluate(distribution, p, v);
        assertThat(Math.abs(actual - expected)).isLessThanOrEqualTo(1e-10 * Math.abs(expected) + 1e-300);
    }

    private static double evaluate(String distribution, JsonNode p, JsonNode x) {
        switch (distribution) {
            case "normal":
                return Normal.lpdf(x.asDouble(), d(p, 0), d(p, 1));
            case "student_t":
                return StudentT.lpdf(x.asDouble(), d(p, 0), d(p, 1), d(p, 2));
            case "cauchy":
                return Cauchy.lpdf(x.asDouble(), d(p, 0), d(p, 1));
            case "exponential":
                return Exponential.lpdf(x.asDouble(), d(p, 0));
            case "gamma":
                return Gamma.lpdf(x.asDouble(), d(p, 0), d(p, 1));
            case "inv_gamma":
                return InvGamma.lpdf(x.asDouble(), d(p, 0), d(p, 1));
            case "beta":
                return Beta.lpdf(x.asDouble(), d(p, 0), d(p, 1));
            case "lognormal":
                return LogNormal.lpdf(x.asDouble(), d(p, 0), d(p, 1));
            case "uniform":
                return Uniform.lpdf(x.asDouble(), d(p, 0), d(p, 1));
            case "bernoulli_logit":
                return BernoulliLogit.lpmf(x.asInt(), d(p, 0));
            case "binomial_logit":
                return BinomialLogit.lpmf(x.asInt(), p.get(0).asInt(), d(p, 1));
            case "poisson_log":
                return PoissonLog.lpmf(x.asInt(), d(p, 0));
            case "neg_binomial_2_log":
                return NegBinomial2Log.lpmf(x.asInt(), d(p, 0), d(p, 1));
            case "multi_normal":
                return MultiNormal.lpdf(vector(x), vector(p.get(0)), matrix(p.get(1)));
            case "dirichlet":
                return Dirichlet.lpdf(vector(x), vector(p.get(0)));
            default:
                throw new IllegalArgumentException("no test mapping for " + distribution);
        }
    }

    private static double d(JsonNode p, int i) {
        return p.get(i).asDouble();
    }

    private static double[] vector(JsonNode a) {
        double[] v = new double[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.get(i).asDouble();
        }
        return v;
    }

    private static double[] matrix(JsonNode a) {
        int n = a.size();
        double[] m = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                m[i * n + j] = a.get(i).get(j).asDouble();
            }
        }
        return m;
    }

    private static List<String> splitCsv(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        boolean quoted = false;
        for (char c : line.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                cells.add(sb.toString());
                sb.setLength(0);
            } else {
                sb.append(c);
            }
        }
        cells.add(sb.toString());
        return cells;
    }
}
