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
    void listsModelsAsATable() {
        Outcome o = otto("models");
        assertThat(o.status()).isZero();
        List<String> lines = o.out().lines().toList();
        assertThat(lines.get(0)).matches("model +dim +parameters +data");
        assertThat(lines).anyMatch(l -> l.matches("funnel +10 +v: real; x: vector\\[9] +D=10"))
                .anyMatch(l -> l.matches("eight_schools_noncentered +data .* J, y, sigma"))
                .anyMatch(l -> l.startsWith("logistic_regression ") && l.endsWith("N, K, X, y, prior_scale=10"));
        assertThat(o.err()).isEmpty();
    }

    @Test
    void showsOneModel() {
        Outcome o = otto("models", "logistic_regression");
        assertThat(o.status()).isZero();
        assertThat(o.out()).contains("needs data", "or CSV", "X: matrix[N,K]", "prior_scale: real (default 10)");
        Outcome bad = otto("models", "no_such_model");
        assertThat(bad.status()).isEqualTo(2);
        assertThat(bad.err().trim()).startsWith("error: unknown model 'no_such_model'; known models: std_normal,")
                .doesNotContain("\n");
    }

    @Test
    void everyCommandHasHelpWithExamples() {
        for (String command : List.of("models", "run", "summary")) {
            Outcome o = otto(command, "--help");
            assertThat(o.status()).isZero();
            assertThat(o.out()).contains("Usage: otto " + command, "Examples:");
        }
        assertThat(otto("--help").out()).contains("Exit status");
        assertThat(otto("--version").out()).startsWith("otto ");
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
    void fokkerPlanckRunWritesTheDensityAndSummariesByQuadrature() throws IOException {
        Path data = tmp.resolve("mixture.json");
        Files.writeString(data, "{\"D\": 1, \"separation\": 2}");
        Path out = tmp.resolve("fp");
        Outcome o = otto("run", "gaussian_mixture", "--data", data.toString(), "--method", "fokker-planck", "--grid", "200",
                "--box", "-9:9", "--time", "50", "--iterations", "50", "--density-times", "0,1,50", "--draws", "100",
                "--out", out.toString());
        assertThat(o.status()).as(o.err()).isZero();
        assertThat(o.out()).contains("fokker-planck on gaussian_mixture", "grid 200 on the box -9:9 (given)",
                "free energy F = ", "exact on the grid", "summaries by quadrature", "density.csv}");
        for (String f : List.of("draws.csv", "summary.csv", "trace.csv", "run.json", "density.csv")) {
            assertThat(out.resolve(f)).exists();
        }
        List<String> density = Files.readAllLines(out.resolve("density.csv"));
        assertThat(density.get(0)).isEqualTo("# density of fokker-planck on gaussian_mixture at 3 times");
        List<String> rows = density.stream().filter(l -> !l.startsWith("#")).toList();
        assertThat(rows.get(0)).isEqualTo("time,x.1,density");
        assertThat(rows).hasSize(1 + 3 * 200);
        assertThat(rows.get(1)).startsWith("0,-8.955,");
        assertThat(rows.get(401)).startsWith("50,-8.955,");
        // the mixture's mean is 0 and its sd √(1 + m²) = √5, by quadrature; no ESS, R-hat or MCSE
        List<String> summary = Files.readAllLines(out.resolve("summary.csv"));
        String[] x = summary.get(1).split(",", -1);
        assertThat(x[0]).isEqualTo("x.1");
        assertThat(Double.parseDouble(x[1])).isCloseTo(0.0, org.assertj.core.api.Assertions.within(1e-6));
        assertThat(Double.parseDouble(x[2])).isCloseTo(Math.sqrt(5), org.assertj.core.api.Assertions.within(1e-4));
        assertThat(x[8]).isEmpty();
        assertThat(Files.readString(out.resolve("trace.csv"))).startsWith("iteration,seconds,free_energy,elbo,kl,mass,time,cg_iterations");
        String json = Files.readString(out.resolve("run.json"));
        assertThat(json).contains("\"method\" : \"fokker-planck\"", "\"free_energy\"", "\"log_evidence_grid\"", "\"box\" : \"-9:9\"")
                .doesNotContain("grid_solution");
        assertThat(Files.readAllLines(out.resolve("draws.csv")).stream().filter(l -> !l.startsWith("#")).count()).isEqualTo(1 + 4 * 100);
    }

    @Test
    void jkoRunReportsItsEntropicDiffusion() {
        Outcome o = otto("run", "std_normal", "--method", "jko", "--grid", "32,24", "--box=-5:5,-4:4", "--iterations", "8",
                "--draws", "50", "--out", tmp.resolve("jko").toString());
        assertThat(o.status()).as(o.err()).isZero();
        assertThat(o.out()).contains("jko on std_normal", "grid 32x24 on the box -5:5,-4:4", "entropic JKO: gamma",
                "effective temperature");
    }

    @Test
    void malaRunWritesCmdStanLayoutThatSummaryReadsBackPerChain() throws IOException {
        Path out = tmp.resolve("mala");
        Outcome o = otto("run", "eight_schools_noncentered", "--data", example().toString(), "--warmup", "150",
                "--draws", "100", "--chains", "3", "--out", out.toString(), "--seed", "3");
        assertThat(o.status()).as(o.err()).isZero();
        assertThat(o.err()).isEmpty();
        assertThat(o.out()).contains("mala on eight_schools_noncentered", "mean acceptance", "step sizes", "theta.8")
                .contains("wrote " + out);
        List<String> lines = Files.readAllLines(out.resolve("draws.csv"));
        assertThat(lines).contains("# model = eight_schools_noncentered", "# method = mala", "# seed = 3", "# warmup = 150",
                "# layout = 3 chains of 100 draws, one after another; column chain__ is the chain (1..3)");
        List<String> rows = lines.stream().filter(l -> !l.startsWith("#")).toList();
        assertThat(rows.get(0)).startsWith("lp__,accept_stat__,stepsize__,chain__,theta_trans.1,")
                .contains(",mu,tau,theta.1,").endsWith(",theta.8");
        assertThat(rows).hasSize(1 + 3 * 100);
        assertThat(rows.get(1).split(",")[3]).isEqualTo("1");
        assertThat(rows.get(300).split(",")[3]).isEqualTo("3");
        CmdStanCsv.Table t = CmdStanCsv.read(out.resolve("draws.csv"));
        assertThat(t.chains()).hasSize(3).allSatisfy(c -> assertThat(c).hasNumberOfRows(100));
        assertThat(Files.readString(out.resolve("trace.csv"))).startsWith("iteration,seconds,free_energy,elbo,");
        assertThat(Files.readAllLines(out.resolve("summary.csv")).get(0))
                .isEqualTo("name,mean,sd,median,mad,q5,q50,q95,ess_bulk,ess_tail,rhat,mcse_mean,mcse_sd");
        String json = Files.readString(out.resolve("run.json"));
        assertThat(json).contains("\"model\" : \"eight_schools_noncentered\"", "\"method\" : \"mala\"", "\"seed\" : 3",
                "\"total_seconds\"", "\"seconds_per_iteration_median\"", "\"faults\"", "\"java\"");
        Outcome s = otto("summary", out.resolve("draws.csv").toString());
        assertThat(s.status()).as(s.err()).isZero();
        assertThat(s.out()).contains("3 chains, 100 draws each").doesNotContain("accept_stat__", "chain__");
        assertThat(s.out().lines().skip(2).findFirst().orElseThrow()).matches(" +mean +median +sd +mad +q5 +q95 +rhat +ess_bulk +ess_tail");
        assertThat(s.out().lines().skip(3).findFirst().orElseThrow()).startsWith("lp__ ");
    }

    /** The other chain methods: ULA has no acceptance column; adjusted kinetic Langevin has one; --particles sets the chains. */
    @Test
    void ulaAndKineticRunWithTheirOwnSamplerColumns() throws IOException {
        Path ula = tmp.resolve("ula");
        Outcome o = otto("run", "std_normal", "--method", "ula", "--warmup", "100", "--draws", "100", "--particles", "40",
                "--record-every", "50", "--out", ula.toString(), "--quiet");
        assertThat(o.status()).as(o.err()).isZero();
        List<String> rows = Files.readAllLines(ula.resolve("draws.csv")).stream().filter(l -> !l.startsWith("#")).toList();
        assertThat(rows.get(0)).startsWith("lp__,stepsize__,chain__,");
        assertThat(rows).hasSize(1 + 40 * 100);
        List<String> trace = Files.readAllLines(ula.resolve("trace.csv"));
        assertThat(trace).hasSize(1 + 5);   // header, then iterations 0, 50, 100, 150, 200
        assertThat(trace.get(0)).startsWith("iteration,seconds,free_energy,elbo,").contains("ksd");
        assertThat(trace.get(4).split(",")[2]).doesNotContain("NaN").isNotEmpty();
        assertThat(Files.readString(ula.resolve("run.json"))).contains("\"method\" : \"ula\"", "\"stiffness\"");
        Path kin = tmp.resolve("kinetic");
        Outcome k = otto("run", "std_normal", "--method", "kinetic", "--adjusted", "--preconditioner", "vi", "--warmup", "100",
                "--draws", "100", "--out", kin.toString());
        assertThat(k.status()).as(k.err()).isZero();
        assertThat(k.out()).contains("kinetic on std_normal", "mean acceptance");
        assertThat(Files.readAllLines(kin.resolve("draws.csv"))).contains("# splitting = obabo", "# adjusted = true",
                "# preconditioner = vi");
    }

    /** The deterministic particle flows: the final cloud is the draws (one chain), the trace has the cloud's free energy. */
    @Test
    void svgdAndBlobWriteTheirCloud() throws IOException {
        for (String method : List.of("svgd", "blob")) {
            Path out = tmp.resolve(method);
            Outcome o = otto("run", "correlated_normal", "--method", method, "--particles", "60", "--iterations", "100",
                    "--out", out.toString());
            assertThat(o.status()).as(o.err()).isZero();
            assertThat(o.out()).contains(method + " on correlated_normal");
            List<String> rows = Files.readAllLines(out.resolve("draws.csv")).stream().filter(l -> !l.startsWith("#")).toList();
            assertThat(rows).hasSize(1 + 60);
            assertThat(rows.get(0)).startsWith("lp__,chain__,");
            String header = Files.readAllLines(out.resolve("trace.csv")).get(0);
            assertThat(header).startsWith("iteration,seconds,free_energy,elbo,").contains("ksd", "bandwidth");
            if (method.equals("blob")) {
                assertThat(header).contains("free_energy_knn");
            }
        }
    }

    @Test
    void regressionReadsCsvData() {
        Outcome o = otto("run", "logistic_regression", "--data", "../examples/logistic_regression.csv", "--method", "fbvi",
                "--iterations", "30", "--draws", "100", "--out", tmp.resolve("csv").toString());
        assertThat(o.status()).as(o.err()).isZero();
        assertThat(o.out()).contains("beta.1", "beta.3", "ELBO");
    }

    @Test
    void warnsAboutDataFieldsTheModelDoesNotRead() throws IOException {
        Path f = tmp.resolve("funnel.json");
        Files.writeString(f, "{\"D\": 3, \"d\": 4}");
        Outcome o = otto("run", "funnel", "--data", f.toString(), "--method", "fbvi", "--iterations", "10", "--draws", "20",
                "--out", tmp.resolve("w").toString());
        assertThat(o.status()).as(o.err()).isZero();
        assertThat(o.err().trim()).isEqualTo("note: --data " + f + ": field d is not read by model funnel (ignored)");
    }

    @Test
    void aFailedRunIsExitOneWithOneLine() {
        Path f = tmp.resolve("banana.json");
        try {
            Files.writeString(f, "{\"scale\": 1e-320}");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Path out = tmp.resolve("failed");
        Outcome o = otto("run", "banana", "--data", f.toString(), "--warmup", "10", "--draws", "10", "--out", out.toString());
        assertThat(o.status()).isEqualTo(1);
        assertThat(o.err().trim()).startsWith("error: the run failed: ").contains("finite log density").doesNotContain("\n");
        assertThat(out).doesNotExist();
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
        "no command           | ''                                                       | a command is needed",
        "unknown command      | fit funnel                                               | Unmatched argument",
        "unknown model        | run no_such_model                                        | unknown model 'no_such_model'; known models: std_normal",
        "unknown method       | run funnel --method nuts                                 | unknown method 'nuts'; available: mala, ula, kinetic, svgd, blob, fbvi",
        "one particle         | run funnel --method svgd --particles 1                   | --particles must be at least 2, got 1",
        "bad kernel           | run funnel --method svgd --kernel gauss                  | --kernel: unknown kernel 'gauss'",
        "epsilon for svgd     | run funnel --method svgd --epsilon 0.1                   | --epsilon does not apply to method svgd",
        "bad start            | run funnel --method blob --start prior                   | --start: unknown cloud start 'prior'",
        "negative step        | run funnel --step -0.1                                   | --step must be positive",
        "zero draws           | run funnel --draws 0                                     | --draws must be at least 1",
        "negative warmup      | run funnel --warmup -5                                   | --warmup must be non-negative",
        "zero threads         | run funnel --threads 0                                   | --threads must be at least 1",
        "zero record interval | run funnel --record-every 0                              | --record-every must be at least 1",
        "bad metric           | run funnel --metric banded                               | --metric: unknown metric 'banded'",
        "bad seed             | run funnel --seed abc                                    | --seed",
        "missing data file    | run eight_schools_noncentered --data /no/such/file.json  | --data /no/such/file.json: no such file",
        "data is a folder     | run eight_schools_noncentered --data ../examples         | --data ../examples: is a folder",
        "csv for non-regr.    | run funnel --data ../examples/logistic_regression.csv    | CSV data is read only by the regression models",
        "data needed          | run eight_schools_noncentered                            | needs data: --data FILE with fields J, y, sigma",
        "bad option value     | run funnel --chains many                                 | --chains",
        "unknown option       | run funnel --bogus                                       | Unknown option: '--bogus'",
        "no particles         | run funnel --method fbvi --particles 10                  | --particles does not apply to method fbvi",
        "particles vs chains  | run funnel --particles 10 --chains 4                     | --particles and --chains are the same for mala; got 10 and 4",
        "bad preconditioner   | run funnel --preconditioner bfgs                         | --preconditioner: unknown preconditioner 'bfgs' (expected warmup, laplace or vi)",
        "bad splitting        | run funnel --method kinetic --splitting leapfrog         | --splitting: unknown splitting 'leapfrog'",
        "adjusted baoab       | run funnel --method kinetic --splitting baoab --adjusted | --adjusted needs --splitting obabo",
        "zero friction        | run funnel --method kinetic --friction 0                 | --friction must be positive",
        "friction for mala    | run funnel --friction 2                                  | --friction does not apply to method mala",
        "iterations for ula   | run funnel --method ula --iterations 10                  | --iterations does not apply to method ula",
        "out is a file        | run funnel --out ../examples/eight_schools.json          | --out ../examples/eight_schools.json exists and is not a folder",
        "missing summary file | summary /no/such/draws.csv                               | /no/such/draws.csv: no such file",
        "summary of JSON      | summary ../examples/eight_schools.json                   | eight_schools.json:1:",
        "bad covariance       | run funnel --method fbvi --covariance banded             | --covariance must be full or diag",
        "option of another    | run funnel --method mala --hessian stein                 | --hessian does not apply to method mala",
        "odd samples          | run funnel --method fbvi --samples 3                     | --samples must be even",
        "grid, d > 3          | run funnel --method fokker-planck                        | grid methods need d ≤ 3; this model has d = 10",
        "box axes             | run std_normal --method jko --box -1:1,2:3,4:5           | --box '-1:1,2:3,4:5': 3 intervals for 2 axes",
        "box not interval     | run std_normal --method fokker-planck --box -1:1,7       | --box '-1:1,7': '7' is not an interval lo:hi",
        "box lo > hi          | run std_normal --method fokker-planck --box 3:-3         | axis 1 needs finite lo < hi",
        "grid too small       | run std_normal --method fokker-planck --grid 1           | --grid 1: at least 2 cells per axis",
        "grid counts          | run std_normal --method fokker-planck --grid 8,8,8       | --grid 8,8,8: 3 counts for 2 axes",
        "grid not a number    | run std_normal --method fokker-planck --grid many        | --grid many: 'many' is not a whole number",
        "negative dt          | run std_normal --method fokker-planck --dt -0.1          | --dt must be positive",
        "zero time            | run std_normal --method jko --time 0                     | --time must be positive",
        "bad density times    | run std_normal --method jko --density-times 0,x          | --density-times 0,x: 'x' is not a number",
        "gamma not for fp     | run std_normal --method fokker-planck --gamma 0.1        | --gamma does not apply to method fokker-planck",
        "grid not for mala    | run std_normal --grid 64                                 | --grid does not apply to method mala",
        "step not for jko     | run std_normal --method jko --step 0.1                   | --step does not apply to method jko",
        "steps fixed twice    | run std_normal --method jko --dt 0.1 --time 1 --iterations 5 | --iterations does not apply when --dt and --time",
    })
    void badInputIsExitTwoWithOneLine(String what, String args, String expected) {
        Outcome o = otto(args.isBlank() ? new String[0] : args.trim().split("\\s+"));
        assertThat(o.status()).as(o.err()).isEqualTo(2);
        assertThat(o.out()).isEmpty();
        assertThat(o.err().trim()).startsWith("error: ").contains(expected.trim()).doesNotContain("\n")
                .doesNotContain("Exception");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "malformed JSON  | {\"J\": 8, \"y\": [1, 2                                  | malformed JSON",
        "missing field   | {\"J\": 2, \"y\": [1, 2]}                               | field 'sigma'.* missing",
        "wrong shape     | {\"J\": 3, \"y\": [1, 2], \"sigma\": [1, 1, 1]}          | field 'y'.* 2 elements, expected .*3",
        "wrong type      | {\"J\": 2, \"y\": [1, \"a\"], \"sigma\": [1, 1]}          | 'y.*2.*number",
        "negative scale  | {\"J\": 2, \"y\": [1, 2], \"sigma\": [1, -1]}            | 'sigma.*2.*positive",
        "not an object   | [1, 2, 3]                                              | expected a JSON object",
    })
    void badDataIsExitTwoNamingTheField(String what, String json, String expected) throws IOException {
        Path f = tmp.resolve("data.json");
        Files.writeString(f, json.trim());
        Outcome o = otto("run", "eight_schools_noncentered", "--data", f.toString(), "--out", tmp.resolve("o").toString());
        assertThat(o.status()).as(o.err()).isEqualTo(2);
        assertThat(o.err().trim()).startsWith("error: ").containsPattern(expected.trim()).contains(f.toString())
                .doesNotContain("\n");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "ragged row       | # comment\\nlp__,theta\\n-1,0.5\\n-2\\n             | :4: 1 values, the header (line 2) has 2",
        "non-numeric cell | lp__,theta\\n-1,0.5\\n-2,abc\\n                      | :3: column theta is not a number: 'abc'",
        "java suffix      | lp__,theta\\n-1,0.5\\n-2,1d\\n                       | :3: column theta is not a number: '1d'",
        "empty header     | lp__,,theta\\n-1,0.5,1\\n                            | :1: empty column name",
        "no draws         | # only\\nlp__,theta\\n# adaptation\\n                 | :2: no draws after the header",
        "no header        | # only comments\\n                                    | no header line",
    })
    void malformedCmdStanCsvNamesFileAndLine(String what, String text, String expected) throws IOException {
        Path f = tmp.resolve("bad.csv");
        Files.writeString(f, text.trim().replace("\\n", "\n"));
        Outcome o = otto("summary", f.toString());
        assertThat(o.status()).isEqualTo(2);
        assertThat(o.err().trim()).startsWith("error: " + f).contains(expected.trim()).doesNotContain("\n");
    }

    @Test
    void filesWithDifferentColumnsAreExitTwo() throws IOException, URISyntaxException {
        Path one = Path.of(getClass().getResource("/stan/output_1.csv").toURI());
        Path other = tmp.resolve("other.csv");
        Files.writeString(other, "# stan_version_major = 2\nlp__,accept_stat__,stepsize__,treedepth__,n_leapfrog__,"
                + "divergent__,energy__,mu\n-7,0.9,0.9,1,3,0,7.5,0.1\n");
        Outcome o = otto("summary", one.toString(), other.toString());
        assertThat(o.status()).isEqualTo(2);
        assertThat(o.err().trim()).isEqualTo("error: " + other + ":2: the columns differ from those of " + one
                + " (column 8 is mu, not theta)");
    }

    @Test
    void readsCmdStansSpecialValuesAndChainsOfDifferentLengths() throws IOException {
        Path a = tmp.resolve("a.csv");
        Path b = tmp.resolve("b.csv");
        StringBuilder sa = new StringBuilder("lp__,x,g\n");
        StringBuilder sb = new StringBuilder("lp__,x,g\n");
        for (int i = 0; i < 50; i++) {
            sa.append(-i * 0.1).append(',').append(Math.sin(i)).append(',').append(i == 7 ? "nan" : "1.5").append('\n');
            sb.append(-i * 0.2).append(',').append(Math.cos(i)).append(',').append(i == 3 ? "-inf" : "2.5e0").append('\n');
        }
        sb.append("-1,0.5,1\n");
        Files.writeString(a, sa.toString());
        Files.writeString(b, sb.toString());
        Outcome o = otto("summary", a.toString(), b.toString());
        assertThat(o.status()).as(o.err()).isZero();
        assertThat(o.out()).contains("2 chains, 50 draws each");
        assertThat(o.err()).contains("warning: the chains have 50 to 51 draws; using the first 50 of each")
                .contains("warning: g has a draw that is not finite (" + a + ":9)");
        assertThat(CmdStanCsv.parse("-inf")).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(CmdStanCsv.parse("1e-3")).isEqualTo(1e-3);
        assertThat(CmdStanCsv.parse("0x10")).isNaN();
    }

    @Test
    void tablesAlignAndFlagPoorDiagnostics() {
        var good = new otto.diagnostics.Summary("mu", 1.23456, 0.5, 1.2, 0.5, 0.4, 1.2, 2.0, 1234.4, 1000, 1.0012, 0.01, 0.01);
        var bad = new otto.diagnostics.Summary("tau", 3.7, 3.2, 2.9, 2.5, 0.32, 2.9, 9.9, 42, 80, 1.05, 0.3, 0.2);
        List<String> lines = Output.table(List.of(good, bad)).lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1)).startsWith("mu ").contains("1.235", "1234", "1.001").doesNotContain("!");
        assertThat(lines.get(2)).startsWith("tau").endsWith("1.050  !");
        assertThat(lines.get(0).indexOf("rhat") + 4).isEqualTo(lines.get(1).length());
    }
}
