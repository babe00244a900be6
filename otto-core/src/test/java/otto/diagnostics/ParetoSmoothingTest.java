package otto.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import otto.math.SpecialFunctions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

class ParetoSmoothingTest {

    /** k̂ of ArviZ's psislw to 0.01 on each reference set of log ratios. */
    @ParameterizedTest
    @ValueSource(strings = {"normal_ratio_good", "normal_ratio_bad", "t3_over_normal"})
    void khatMatchesArviz(String name) throws IOException {
        JsonNode ref;
        try (InputStream in = getClass().getResourceAsStream("/reference/psis.json")) {
            ref = new ObjectMapper().readTree(in).get("values").get(name);
        }
        double[] lw;
        try (InputStream in = getClass().getResourceAsStream("/reference/" + ref.get("file").asString())) {
            lw = Arrays.stream(new String(in.readAllBytes(), StandardCharsets.UTF_8).trim().split("\\s+"))
                    .mapToDouble(Double::parseDouble).toArray();
        }
        assertThat(lw).hasSize(ref.get("n").asInt());
        ParetoSmoothing.Result r = ParetoSmoothing.of(lw);
        assertThat(r.khat()).isCloseTo(ref.get("khat").asDouble(), within(0.01));
        assertThat(SpecialFunctions.logSumExp(r.logWeights())).isCloseTo(0.0, within(1e-12));
    }

    @Test
    void equalWeightsStayEqual() {
        double[] lw = new double[1000];
        ParetoSmoothing.Result r = ParetoSmoothing.of(lw);
        for (double v : r.logWeights()) {
            assertThat(v).isCloseTo(-Math.log(1000), within(1e-9));
        }
    }

    /** Fewer than about 25 draws leave no tail to fit: k̂ is infinite (as ArviZ says), weights merely normalised. */
    @Test
    void tooFewDrawsGiveAnInfiniteKhat() {
        for (int n : new int[] {1, 2, 20}) {
            double[] lw = new double[n];
            lw[0] = 1.0;
            ParetoSmoothing.Result r = ParetoSmoothing.of(lw);
            assertThat(r.khat()).isInfinite();
            double total = 0;
            for (double v : r.logWeights()) {
                total += Math.exp(v);
            }
            assertThat(total).isCloseTo(1.0, within(1e-12));
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ParetoSmoothing.of(new double[0]))
                .hasMessageContaining("no log importance ratios");
    }
}
