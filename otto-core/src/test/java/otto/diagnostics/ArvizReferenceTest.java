package otto.diagnostics;

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

/** Every column of ArviZ's diagnostics of {@code reference/chains.csv}: 1 % for ESS, R-hat and MCSE, 1e-12 for moments. */
class ArvizReferenceTest {

    static Stream<Arguments> columns() throws IOException {
        String[] lines;
        try (InputStream in = ArvizReferenceTest.class.getResourceAsStream("/reference/chains.csv")) {
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim().split("\n");
        }
        JsonNode ref;
        try (InputStream in = ArvizReferenceTest.class.getResourceAsStream("/reference/diagnostics.json")) {
            ref = new ObjectMapper().readTree(in).get("values");
        }
        String[] header = lines[0].split(",");
        int chains = 4;
        int draws = (lines.length - 1) / chains;
        List<Arguments> out = new ArrayList<>();
        for (int col = 2; col < header.length; col++) {
            double[][] x = new double[chains][draws];
            for (int r = 1; r < lines.length; r++) {
                String[] cells = lines[r].split(",");
                int c = Integer.parseInt(cells[0].trim()) - 1;   // chains and draws count from 1
                int d = Integer.parseInt(cells[1].trim()) - 1;
                x[c][d] = Double.parseDouble(cells[col]);
            }
            out.add(Arguments.of(header[col], x, ref.get(header[col])));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("columns")
    void agreesWithArviz(String name, double[][] x, JsonNode ref) {
        Summary s = Summary.of(name, x);
        close(s.essBulk(), ref.get("ess_bulk").asDouble(), 0.01, "ess_bulk");
        close(s.essTail(), ref.get("ess_tail").asDouble(), 0.01, "ess_tail");
        close(Ess.mean(x), ref.get("ess_mean").asDouble(), 0.01, "ess_mean");
        close(s.rhat(), ref.get("rhat").asDouble(), 0.01, "rhat");
        close(Rhat.splitClassic(x), ref.get("rhat_split_classic").asDouble(), 0.01, "rhat_split_classic");
        close(s.mcseMean(), ref.get("mcse_mean").asDouble(), 0.01, "mcse_mean");
        close(s.mcseSd(), ref.get("mcse_sd").asDouble(), 0.01, "mcse_sd");
        close(s.mean(), ref.get("mean").asDouble(), 1e-12, "mean");
        close(s.sd(), ref.get("sd").asDouble(), 1e-12, "sd");
        close(s.q5(), ref.get("q05").asDouble(), 1e-12, "q05");
        close(s.q50(), ref.get("q50").asDouble(), 1e-12, "q50");
        close(s.q95(), ref.get("q95").asDouble(), 1e-12, "q95");
    }

    private static void close(double actual, double expected, double relative, String what) {
        assertThat(Math.abs(actual - expected)).as("%s: %s vs ArviZ %s", what, actual, expected)
                .isLessThanOrEqualTo(relative * Math.abs(expected) + 1e-14);
    }
}
