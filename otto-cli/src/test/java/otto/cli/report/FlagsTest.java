package otto.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlagsTest {
    @TempDir
    Path tmp;

    static RunFolder.SummaryRow row(double rhat, double bulk, double tail) {
        return new RunFolder.SummaryRow("x", Map.of("rhat", rhat, "ess_bulk", bulk, "ess_tail", tail));
    }

    @Test
    void quantitiesAreFlaggedAtTheThresholds() {
        assertThat(Flags.of(row(1.01, 100, 100))).isEmpty();
        assertThat(Flags.of(row(1.0101, 100, 100))).containsExactly("R-hat 1.010 > 1.01");
        assertThat(Flags.of(row(1.0, 99.6, 400))).containsExactly("bulk ESS 99.6 < 100");
        assertThat(Flags.of(row(1.2, 12, 30))).containsExactly("R-hat 1.200 > 1.01", "bulk ESS 12 < 100", "tail ESS 30 < 100");
        // the grid methods' summaries have no Monte Carlo diagnostics: nothing to flag
        assertThat(Flags.of(row(Double.NaN, Double.NaN, Double.NaN))).isEmpty();
        assertThat(Flags.of(new RunFolder.SummaryRow("y", Map.of()))).isEmpty();
    }

    @Test
    void runProblemsComeFromRunJsonAndTheDraws() throws IOException {
        Path dir = RunFolderTest.minimalRun(tmp.resolve("run"), "mala",
                "{\"pareto_k\": 0.93, \"divergent\": 3, \"skipped_steps\": 0}",
                "{\"counts\": {\"non_finite_log_density\": 5}, \"examples\": [{\"kind\": \"non_finite_log_density\", "
                        + "\"iteration\": 12, \"where\": 2, \"detail\": \"log density NaN\"}]}");
        List<Flags.Problem> p = Flags.problems(RunFolder.read(dir));
        assertThat(p).extracting(Flags.Problem::title)
                .containsExactly("1 of 2 quantities flagged", "Pareto k̂ 0.93 > 0.7", "5 × non-finite log density",
                        "3 divergent moves rejected", "mean acceptance 0.050");
        assertThat(p.get(2).detail()).contains("first at iteration 12, chain 2: log density NaN");
    }

    @Test
    void aCleanRunHasNoProblems() throws IOException {
        Path dir = RunFolderTest.minimalRun(tmp.resolve("clean"), "fbvi", "{\"pareto_k\": 0.3}", "{\"counts\": {}, \"examples\": []}");
        // fbvi's minimal draws have no accept_stat__; make both quantities pass
        Files.writeString(dir.resolve("summary.csv"), "name,mean,sd,ess_bulk,ess_tail,rhat\nmu,0,1,1000,1000,1.001\n"
                + "tau,1,1,1000,1000,1.0\n");
        assertThat(Flags.problems(RunFolder.read(dir))).isEmpty();
    }
}
