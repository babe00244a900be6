package otto.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import otto.diagnostics.Summary;
import otto.flow.Draws;
import otto.flow.Result;
import otto.flow.Run;
import otto.flow.particle.Mala;
import otto.model.Model;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** The posteriordb posteriors: names, densities against independent code, and MALA against the reference draws. */
class PosteriordbTest {
    static final Path ROOT = ZooGradientTest.SHARED.resolve("posteriordb");
    static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Path> posteriors() throws IOException {
        assumeTrue(Files.isDirectory(ROOT), "shared posteriordb folder not found");
        try (Stream<Path> s = Files.list(ROOT)) {
            return s.filter(Files::isDirectory).sorted().toList().stream();
        }
    }

    static Model model(Path folder) {
        String name = JSON.readTree(folder.resolve("info.json").toFile()).get("model_name").asString();
        return ModelZoo.get(name).create(StanData.read(folder.resolve("data.json")));
    }

    /** Every quantity of the reference draws is reported under its Otto name ({@code theta[1]} → {@code theta.1}). */
    @ParameterizedTest
    @MethodSource("posteriors")
    void reportsEveryReferenceQuantity(Path folder) {
        Model m = model(folder);
        List<String> names = Arrays.asList(m.outputNames());
        JsonNode ref = JSON.readTree(folder.resolve("means_sds.json").toFile());
        for (Map.Entry<String, JsonNode> e : ref.properties()) {
            assertThat(names).contains(e.getKey().replace('[', '.').replace("]", ""));
        }
    }

    /**
     * GARCH(1,1) against a plain re-implementation of its Stan program at reference draws: the
     * log density on the constrained scale (Otto's minus its log-Jacobian) agrees up to one
     * constant, which checks the dependent bound's Jacobian separately from the likelihood.
     */
    @Test
    void garchDensityAgreesWithIndependentCode() throws IOException {
        Path folder = ROOT.resolve("garch-garch11");
        assumeTrue(Files.isDirectory(folder));
        Model m = model(folder);
        JsonNode data = JSON.readTree(folder.resolve("data.json").toFile());
        double[] y = new double[data.get("T").asInt()];
        for (int i = 0; i < y.length; i++) {
            y[i] = data.get("y").get(i).asDouble();
        }
        double sigma1 = data.get("sigma1").asDouble();
        List<String> lines = Files.readAllLines(folder.resolve("draws.csv"));
        Double offset = null;
        for (int r = 1; r <= 20; r++) {
            String[] c = lines.get(r * 97).split(",");
            double mu = Double.parseDouble(c[2]);
            double a0 = Double.parseDouble(c[3]);
            double a1 = Double.parseDouble(c[4]);
            double b1 = Double.parseDouble(c[5]);
            double[] u = m.unconstrain(new double[] {mu, a0, a1, b1});
            // log-Jacobian of the four maps: u0 identity, a0 = e^u1, a1 = logistic(u2), b1 = (1 - a1) logistic(u3)
            double s2 = 1 / (1 + Math.exp(-u[2]));
            double s3 = 1 / (1 + Math.exp(-u[3]));
            double logJ = u[1] + Math.log(s2 * (1 - s2)) + Math.log((1 - a1) * s3 * (1 - s3));
            double ll = 0;
            double sigma = sigma1;
            for (int t = 0; t < y.length; t++) {
                if (t > 0) {
                    sigma = Math.sqrt(a0 + a1 * (y[t - 1] - mu) * (y[t - 1] - mu) + b1 * sigma * sigma);
                }
                double z = (y[t] - mu) / sigma;
                ll += -0.5 * z * z - Math.log(sigma);
            }
            double diff = m.logDensity(u, null) - logJ - ll;
            if (offset == null) {
                offset = diff;
            }
            assertThat(diff).isCloseTo(offset, org.assertj.core.api.Assertions.within(1e-8 * Math.abs(ll)));
        }
    }

    /** MALA on quick posteriors: means within 0.1 reference sd and sds within 10 %, the bar of docs/accuracy.md. */
    @ParameterizedTest
    @ValueSource(strings = {"eight_schools-eight_schools_noncentered", "kidiq-kidscore_momiq", "kilpisjarvi_mod-kilpisjarvi",
            "low_dim_gauss_mix-low_dim_gauss_mix"})
    void malaMatchesTheReference(String posterior) {
        Path folder = ROOT.resolve(posterior);
        assumeTrue(Files.isDirectory(folder));
        Model m = model(folder);
        Result r = Run.of(m, new Mala(Mala.Settings.defaults().withDraws(2500))).seed(20261124L).execute();
        Draws d = r.draws().constrain(m);
        JsonNode ref = JSON.readTree(folder.resolve("means_sds.json").toFile());
        for (Map.Entry<String, JsonNode> e : ref.properties()) {
            String name = e.getKey().replace('[', '.').replace("]", "");
            Summary s = Summary.of(name, d.column(d.names().indexOf(name)));
            double refMean = e.getValue().get(0).asDouble();
            double refSd = e.getValue().get(1).asDouble();
            assertThat(Math.abs(s.mean() - refMean) / refSd).as("%s mean", name).isLessThan(0.1);
            assertThat(Math.abs(s.sd() / refSd - 1)).as("%s sd", name).isLessThan(0.1);
        }
    }
}
