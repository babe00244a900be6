package otto.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CommandLineTest {
    @TempDir
    Path tmp;

    record Outcome(int status, String out, String err) {
    }

    static Outcome otto(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Outcome(status, out.toString(), err.toString());
    }

    static Path example() {
        Path p = Path.of("../examples/eight_schools.json");
        assertThat(p).exists();
        return p;
    }

    @Test
    void listsModels() {
        Outcome o = otto("models");
        assertThat(o.status()).isZero();
        assertThat(o.out()).contains("eight_schools_noncentered", "logistic_regression", "funnel", "gp_pois_regr")
                .contains("parameters: v: real; x: vector[9]").doesNotContain("Exception");
    }

    @Test
    void fbviRunWritesEveryFileAndTheSummaryReadsItBack() throws IOException {
        Path out = tmp.resolve("fb");
        Outcome o = otto("run", "eight_schools_noncentered", "--data", example().toString(), "--method", "fbvi",
                "--iterations", "40", "--draws", "250", "--out", out.toString());
        assertThat(o.status()).as(o.err()).isZero();
        assertThat(o.out()).contains("ELBO", "theta.1", "tau");
        for (String f : List.of("draws.csv", "summary.csv", "trace.csv", "run.json")) {
            assertThat(out.resolve(f)).exists();
        }
        List<String> lines = Files.readAllLines(out.resolve("draws.csv"));
        String header = lines.stream().filter(l -> !l.startsWith("#")).findFirst().orElseThrow();
        assertThat(header).startsWith("lp__,chain__,theta_trans.1");
        assertThat(header).contains(",mu,tau,theta.1,");
        assertThat(lines.stream().filter(l -> !l.startsWith("#")).count()).isEqualTo(1 + 4 * 250);
        assertThat(Files.readString(out.resolve("run.json"))).contains("\"elbo\"", "\"seconds_per_iteration_median\"");
        Outcome s = otto("summary", out.resolve("draws.csv").toString());
        assertThat(s.status()).as(s.err()).isZero();
        assertThat(s.out()).contains("4 chains, 250 draws each", "ess_bulk", "theta.8", "lp__");
    }

    @Test
    void buresWassersteinRuns() {
        Outcome o = otto("run", "std_normal", "--method", "bwvi", "--iterations", "20", "--draws", "100",
                "--out", tmp.resolve("bw").toString());
        assertThat(o.status()).as(o.err()).isZero();
        assertThat(o.out()).contains("bwvi on std_normal", "ELBO", "Pareto k̂");
    }

    @Test
    void diagonalSteinRuns() {
        Outcome o = otto("run", "correlated_normal", "--method", "fbvi", "--covariance", "diag", "--hessian", "stein",
                "--samples", "40", "--iterations", "50", "--draws", "100", "--out", tmp.resolve("diag").toString());
        assertThat(o.status()).as(o.err()).isZero();
        assertThat(o.out()).contains("fbvi on correlated_normal", "ELBO");
    }

    @Test
    void mixtureRuns() {
        Outcome o = otto("run", "gaussian_mixture", "--method", "mixture", "--components", "2", "--iterations", "100",
                "--draws", "100", "--out", tmp.resolve("mix").toString());
        assertThat(o.status()).as(o.err()).isZero();
        assertThat(o.out()).contains("mixture on gaussian_mixture", "ELBO", "Pareto k̂");
    }

    @Test
    void adviRuns() {
        Outcome o = otto("run", "std_normal", "--method", "advi", "--algorithm", "fullrank", "--iterations", "300",
                "--draws", "100", "--out", tmp.resolve("advi").toString());
        assertThat(o.status()).as(o.err()).isZero();
        assertThat(o.out()).contains("advi on std_normal", "ELBO");
        Outcome bad = otto("run", "std_normal", "--method", "advi", "--algorithm", "lowrank");
        assertThat(bad.status()).isEqualTo(2);
        assertThat(bad.err()).contains("--algorithm must be meanfield or fullrank");
    }

    @Test
    void malaRunHasSamplerColumns() throws IOException {
        Path out = tmp.resolve("mala");
        Outcome o = otto("run", "eight_schools_noncentered", "--data", example().toString(), "--warmup", "150",
                "--draws", "100", "--out", out.toString(), "--seed", "3");
        assertThat(o.status()).as(o.err()).isZero();
        String header = Files.readAllLines(out.resolve("draws.csv")).stream().filter(l -> !l.startsWith("#")).findFirst().orElseThrow();
        assertThat(header).startsWith("lp__,accept_stat__,stepsize__,chain__,");
        assertThat(Files.readString(out.resolve("trace.csv"))).startsWith("iteration,seconds,free_energy,elbo,");
    }

    @Test
    void sameSeedSameDraws() throws IOException {
        otto("run", "funnel", "--warmup", "100", "--draws", "50", "--out", tmp.resolve("a").toString(), "--quiet");
        otto("run", "funnel", "--warmup", "100", "--draws", "50", "--out", tmp.resolve("b").toString(), "--quiet",
                "--threads", "2");
        assertThat(Files.readString(tmp.resolve("b/draws.csv"))).isEqualTo(Files.readString(tmp.resolve("a/draws.csv")));
    }

    @Test
    void readsStansOwnCsvFiles() throws URISyntaxException {
        Path one = Path.of(getClass().getResource("/stan/output_1.csv").toURI());
        Path two = Path.of(getClass().getResource("/stan/output_2.csv").toURI());
        Outcome o = otto("summary", one.toString(), two.toString());
        assertThat(o.status()).as(o.err()).isZero();
        assertThat(o.out()).contains("2 chains, 200 draws each", "theta", "lp__").doesNotContain("stepsize__", "energy__");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "unknown model        | run no_such_model                                        | unknown model 'no_such_model'",
        "unknown method       | run funnel --method nuts                                 | unknown method 'nuts'",
        "planned method       | run funnel --method svgd                                 | not available yet",
        "negative step        | run funnel --step -0.1                                   | --step must be positive",
        "missing data file    | run eight_schools_noncentered --data /no/such/file.json  | no such file",
        "data needed          | run eight_schools_noncentered                            | needs data",
        "bad option value     | run funnel --chains many                                 | --chains",
        "missing summary file | summary /no/such/draws.csv                               | no such file",
        "bad covariance       | run funnel --method fbvi --covariance banded              | --covariance must be full or diag",
        "option of another    | run funnel --method mala --hessian stein                 | --hessian does not apply to method mala",
    })
    void badInputIsExitTwoWithOneLine(String what, String args, String expected) {
        Outcome o = otto(args.trim().split("\\s+"));
        assertThat(o.status()).as(o.err()).isEqualTo(2);
        assertThat(o.err().trim()).contains(expected.trim()).doesNotContain("\n").doesNotContain("Exception");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "malformed JSON  | {\"J\": 8, \"y\": [1, 2                                  | malformed JSON",
        "missing field   | {\"J\": 2, \"y\": [1, 2]}                               | field 'sigma' is missing",
        "wrong shape     | {\"J\": 3, \"y\": [1, 2], \"sigma\": [1, 1, 1]}          | field 'y' has 2 elements, expected 3",
        "wrong type      | {\"J\": 2, \"y\": [1, \"a\"], \"sigma\": [1, 1]}          | field 'y[2]' should be a number",
        "negative scale  | {\"J\": 2, \"y\": [1, 2], \"sigma\": [1, -1]}            | 'sigma[2]' must be positive",
        "not an object   | [1, 2, 3]                                              | expected a JSON object",
    })
    void badDataIsExitTwoNamingTheField(String what, String json, String expected) throws IOException {
        Path f = tmp.resolve("data.json");
        Files.writeString(f, json.trim());
        Outcome o = otto("run", "eight_schools_noncentered", "--data", f.toString(), "--out", tmp.resolve("o").toString());
        assertThat(o.status()).as(o.err()).isEqualTo(2);
        assertThat(o.err().trim()).contains(expected.trim()).contains(f.toString()).doesNotContain("\n");
    }

    @Test
    void raggedCmdStanCsvNamesFileAndLine() throws IOException {
        Path f = tmp.resolve("bad.csv");
        Files.writeString(f, "# comment\nlp__,theta\n-1,0.5\n-2\n");
        Outcome o = otto("summary", f.toString());
        assertThat(o.status()).isEqualTo(2);
        assertThat(o.err()).contains(f + ":4:");
    }
}
