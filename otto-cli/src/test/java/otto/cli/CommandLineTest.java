package otto.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static otto.cli.Otto.otto;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import otto.cli.Otto.Outcome;

class CommandLineTest {
    @TempDir
    Path tmp;

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
        for (String command : List.of("models", "run", "summary", "report", "completion", "help")) {
            Outcome o = otto(command, "--help");
            assertThat(o.status()).as(command).isZero();
            assertThat(o.out()).as(command).contains("Usage: otto " + command, "Examples:", "  otto " + command);
            Outcome viaHelp = otto("help", command);
            assertThat(viaHelp.status()).isZero();
            assertThat(viaHelp.out()).as("otto help " + command).isEqualTo(o.out());
        }
        assertThat(otto("--help").out()).contains("Exit status", "completion", "--config");
        assertThat(otto("run", "--help").out()).contains("--config=FILE", "--verbose", "--quiet", "Config file",
                "otto run --config examples/eight_schools.yaml");
        Outcome unknown = otto("help", "fit");
        assertThat(unknown.status()).isEqualTo(2);
        assertThat(unknown.err().trim()).startsWith("error: ").contains("fit").doesNotContain("\n");
    }

    /** --version (or -V) prints the version and Java, at the top and after every command, and nothing else. */
    @Test
    void everyCommandPrintsTheVersion() {
        String expected = "otto " + Version.OTTO + "\nJava " + System.getProperty("java.version") + "\n";
        assertThat(otto("--version").out()).isEqualTo(expected);
        for (String command : List.of("models", "run", "summary", "report", "completion")) {
            for (String flag : List.of("--version", "-V")) {
                Outcome o = otto(command, flag);
                assertThat(o.status()).as(command + " " + flag).isZero();
                assertThat(o.out()).as(command + " " + flag).isEqualTo(expected);
                assertThat(o.err()).isEmpty();
            }
        }
        // even where the command would want more: otto run needs no MODEL to print its version
        assertThat(otto("run", "funnel", "--version").out()).isEqualTo(expected);
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

    /**
     * By default the grid is laid out in coordinates whitened by the Laplace fit: density.csv has
     * the lattice (z) and the model's coordinates (x) of every cell, and the report draws the lattice.
     */
    @Test
    void whitenedGridRunWritesItsLatticeAndTheReportReadsIt() throws IOException {
        Path out = tmp.resolve("fpw");
        Outcome o = otto("run", "correlated_normal", "--method", "fokker-planck", "--grid", "24", "--iterations", "10",
                "--draws", "50", "--out", out.toString());
        assertThat(o.status()).as(o.err()).isZero();
        assertThat(o.out()).contains("grid 24x24 on the box -6:6,-6:6");
        List<String> rows = Files.readAllLines(out.resolve("density.csv")).stream().filter(l -> !l.startsWith("#")).toList();
        assertThat(rows.get(0)).isEqualTo("time,z.1,z.2,x.1,x.2,density");
        assertThat(rows).hasSize(1 + 2 * 24 * 24);
        assertThat(rows.get(1)).startsWith("0,-5.75,-5.75,");
        assertThat(Files.readString(out.resolve("run.json"))).contains("\"metric\" : \"dense\"", "\"frame\" : \"θ = ",
                "\"box_in_model_coordinates\"");
        Path html = tmp.resolve("fpw.html");
        Outcome r = otto("report", out.toString(), "--out", html.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(Files.readString(html)).contains("class=\"plot heat-map\"", "drawn in the grid's coordinates z");
    }

    /** A grid with fewer than two cells per posterior sd is flagged; one with four is not. */
    @Test
    void coarseGridIsFlagged() {
        Outcome coarse = otto("run", "correlated_normal", "--method", "fokker-planck", "--grid", "12", "--iterations", "2",
                "--draws", "10", "--out", tmp.resolve("coarse").toString());
        assertThat(coarse.status()).as(coarse.err()).isZero();
        assertThat(coarse.out()).contains("warning: the log density changes by 1.12 between neighbouring cells",
                "fewer than two cells per local sd");
        Outcome fine = otto("run", "correlated_normal", "--method", "fokker-planck", "--grid", "48", "--iterations", "2",
                "--draws", "10", "--out", tmp.resolve("fine").toString());
        assertThat(fine.status()).as(fine.err()).isZero();
        assertThat(fine.out()).doesNotContain("cells per local sd");
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
        assertThat(rows.get(0)).startsWith("lp__,stepsize__,divergent__,chain__,");
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
        "metric with box      | run std_normal --method fokker-planck --box -5:5 --metric dense | --metric dense does not go with --box",
        "unknown grid metric  | run std_normal --method jko --metric round                | unknown metric 'round'",
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

    // ---- --config FILE ----

    /** The example config, as examples/README.md runs it, with the command line winning on warm-up and draws. */
    @Test
    void theExampleConfigRunsAndTheCommandLineWins() throws IOException {
        Path out = tmp.resolve("config");
        Outcome o = otto("run", "--config", "../examples/eight_schools.yaml", "--warmup", "200", "--draws", "100",
                "--out", out.toString());
        assertThat(o.status()).as(o.err()).isZero();
        assertThat(o.out()).contains("mala on eight_schools_noncentered", "(seed 7)", "wrote " + out);
        List<String> lines = Files.readAllLines(out.resolve("draws.csv"));
        assertThat(lines).contains("# model = eight_schools_noncentered", "# data = ../examples/eight_schools.json",
                "# method = mala", "# seed = 7", "# chains = 4", "# warmup = 200", "# draws = 100", "# preconditioner = warmup");
        assertThat(lines.stream().filter(l -> !l.startsWith("#")).count()).isEqualTo(1 + 4 * 100);
        // the same run from the command line alone gives the same draws
        Path same = tmp.resolve("same");
        Outcome c = otto("run", "eight_schools_noncentered", "--data", "../examples/eight_schools.json", "--seed", "7",
                "--warmup", "200", "--draws", "100", "--out", same.toString(), "--quiet");
        assertThat(c.status()).as(c.err()).isZero();
        assertThat(Files.readString(same.resolve("draws.csv"))).isEqualTo(Files.readString(out.resolve("draws.csv")));
    }

    /** JSON too; paths are relative to the file's folder; the command line's method and MODEL win over the file's. */
    @Test
    void jsonConfigWithPathsRelativeToItsFolder() throws IOException {
        Path folder = Files.createDirectories(tmp.resolve("conf"));
        Files.writeString(folder.resolve("data.json"), "{\"D\": 3}");
        Path file = folder.resolve("run.json");
        Files.writeString(file, "{\"model\": \"std_normal\", \"data\": \"data.json\", \"method\": \"svgd\", "
                + "\"iterations\": 30, \"draws\": 20, \"out\": \"result\", \"quiet\": true, \"seed\": 5}");
        Outcome o = otto("run", "funnel", "--config", file.toString(), "--method", "fbvi");
        assertThat(o.status()).as(o.err()).isZero();
        assertThat(o.out()).isEmpty();
        assertThat(o.err()).isEmpty();
        List<String> lines = Files.readAllLines(folder.resolve("result/draws.csv"));
        assertThat(lines).contains("# model = funnel", "# data = " + folder.resolve("data.json"), "# method = fbvi",
                "# iterations = 30", "# draws = 20", "# seed = 5");
        // funnel with D = 3 from the file's data: v and x.1, x.2
        assertThat(lines.stream().filter(l -> !l.startsWith("#")).findFirst().orElseThrow()).endsWith(",v,x.1,x.2");
        // --verbose on the command line overrides the file's quiet
        Outcome v = otto("run", "funnel", "--config", file.toString(), "--method", "fbvi", "--verbose");
        assertThat(v.status()).as(v.err()).isZero();
        assertThat(v.out()).contains("fbvi on funnel");
        // (the file's quiet is left out: --quiet and --verbose are one setting, and the command line gave it)
        assertThat(v.err()).contains("from " + file + ": data, draws, iterations, out, seed\n");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "unknown key       | chainz: 3                        | FILE: unknown key 'chainz' (the keys are model and the long options",
        "camel case        | stepRule: adagrad                | FILE: unknown key 'stepRule'; did you mean 'step-rule'?",
        "dashes            | --chains: 3                      | FILE: unknown key '--chains'; did you mean 'chains'?",
        "nested config     | config: other.yaml               | FILE: unknown key 'config'",
        "help in a file    | help: true                       | FILE: unknown key 'help'",
        "text for a count  | chains: many                     | FILE: chains: expected a whole number, got the text 'many'",
        "fraction of count | draws: 2.5                       | FILE: draws: expected a whole number, got 2.5",
        "yes is no boolean | quiet: yes                       | FILE: quiet: expected true or false, got the text 'yes'",
        "text for a number | step: fast                       | FILE: step: expected a number, got the text 'fast'",
        "list for a name   | metric: [dense]                  | FILE: metric: expected a name, got a list",
        "mapping           | method: {name: mala}             | FILE: method: expected a name, got a nested mapping",
        "no value          | chains:                          | FILE: chains: no value",
        "not for mala      | friction: 2                      | FILE: friction does not apply to method mala",
        "bad count         | chains: 0                        | FILE: chains must be at least 1, got 0",
        "bad name          | kernel: gauss\\nmethod: svgd     | FILE: kernel: unknown kernel 'gauss'",
        "unknown method    | method: nuts                     | FILE: method: unknown method 'nuts'; available: mala, ula",
        "line break in it  | method: \"nuts\\x0Amala\"         | FILE: method: unknown method 'nuts\\nmala'; available: mala",
        "unknown model     | model: funnl                     | FILE: model: unknown model 'funnl'; known models:",
        "model not a name  | model: 3                         | FILE: model: expected a model name (see 'otto models'), got 3",
        "missing data      | data: nope.json                  | FILE: data DIR/nope.json: no such file",
        "duplicate key     | chains: 2\\nchains: 3            | FILE:3: malformed YAML: Duplicate",
        "malformed         | chains: [1                       | FILE:2: malformed YAML: while parsing a flow sequence; expected ',' or ']'",
        "bad indentation   | method: mala\\n  chains: 3       | FILE:3: malformed YAML: mapping values are not allowed here",
        "quiet and verbose | quiet: true\\nverbose: true      | FILE: quiet and verbose contradict each other",
    })
    void badConfigIsExitTwoNamingFileAndKey(String what, String yaml, String expected) throws IOException {
        Path file = tmp.resolve("run.yaml");
        String body = yaml.trim().replace("\\n", "\n");
        Files.writeString(file, (body.startsWith("model:") ? "" : "model: funnel\n") + body + "\n");
        Outcome o = otto("run", "--config", file.toString(), "--out", tmp.resolve("o").toString());
        assertThat(o.status()).as(o.err()).isEqualTo(2);
        assertThat(o.out()).isEmpty();
        assertThat(o.err().trim()).startsWith("error: ")
                .contains(expected.trim().replace("FILE", file.toString()).replace("DIR", tmp.toString()))
                .doesNotContain("\n").doesNotContain("Exception");
        assertThat(tmp.resolve("o")).doesNotExist();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "no such file   | /no/such/run.yaml     | --config /no/such/run.yaml: no such file",
        "not yaml/json  | ../examples/README.md | --config ../examples/README.md: a config file is YAML (.yaml, .yml) or JSON (.json)",
        "no model       | ''                    | a MODEL is needed: 'otto run MODEL' (see 'otto models'), or 'model' in a --config file",
    })
    void configFileProblemsAreExitTwo(String what, String file, String expected) throws IOException {
        Outcome o = file.isBlank() ? otto("run", "--method", "fbvi") : otto("run", "--config", file.trim());
        assertThat(o.status()).as(o.err()).isEqualTo(2);
        assertThat(o.err().trim()).isEqualTo("error: " + expected.trim());
        Path empty = tmp.resolve("empty.yml");
        Files.writeString(empty, "# nothing but a comment\n");
        assertThat(otto("run", "--config", empty.toString()).err().trim())
                .isEqualTo("error: " + empty + ": empty; expected the run's settings, one 'key: value' per option");
        Path json = tmp.resolve("bad.json");
        Files.writeString(json, "{\"chains\": 2,}");
        assertThat(otto("run", "--config", json.toString()).err().trim()).startsWith("error: " + json + ":1: malformed JSON: ");
    }

    /** Lists for the grid options; numbers in YAML's own notation. */
    @Test
    void configListsAndNumbers() throws IOException {
        Path file = tmp.resolve("grid.yml");
        Files.writeString(file, "model: std_normal\nmethod: fokker-planck\ngrid: [32, 24]\nbox: [\"-5:5\", \"-4:4\"]\n"
                + "density-times: [0, 0.5]\ndt: 5e-2\ntime: 0.5\ndraws: 10\n");
        Path out = tmp.resolve("grid");
        Outcome o = otto("run", "--config", file.toString(), "--out", out.toString());
        assertThat(o.status()).as(o.err()).isZero();
        assertThat(o.out()).contains("grid 32x24 on the box -5:5,-4:4 (given), t = 0.5000 in steps of 0.05000");
        assertThat(Files.readAllLines(out.resolve("density.csv")).get(0)).endsWith("at 2 times");
    }

    // ---- --verbose and --quiet ----

    @Test
    void verbosePrintsTheResolvedSettingsTheChoicesAndEveryFaultExample() {
        Outcome o = otto("run", "funnel", "--step", "3", "--warmup", "50", "--draws", "50", "--verbose",
                "--out", tmp.resolve("v").toString());
        assertThat(o.status()).as(o.err()).isZero();
        List<String> err = o.err().lines().toList();
        assertThat(err.get(0)).isEqualTo("run: model funnel (d = 10), data none, method mala, seed 1, threads 1, trace every "
                + "1 iteration, out " + tmp.resolve("v"));
        // defaults filled in: the chains, the metric, the target acceptance
        assertThat(err.get(1)).startsWith("settings (defaults filled in): chains = 4, warmup = 50, draws = 50, metric = dense, "
                + "preconditioner = warmup").contains("step = 3.0", "target_acceptance = ");
        assertThat(err).contains("preconditioner: warmup, dense metric, initialised from the laplace fit, re-estimated from "
                + "the warm-up draws");
        String faults = err.stream().filter(l -> l.startsWith("faults: ")).findFirst().orElseThrow();
        assertThat(faults).matches("faults: [0-9]+ in all; the examples kept \\(the first few of each kind\\):");
        List<String> examples = err.stream().filter(l -> l.startsWith("  non_finite_log_density at iteration ")).toList();
        assertThat(examples).hasSizeBetween(1, 5).allMatch(l -> l.matches("  non_finite_log_density at iteration [0-9]+: chain "
                + "[1-4]: move rejected, log density .*"));
        // the plain output is unchanged: the summary and one warning line per kind
        assertThat(o.out()).contains("mala on funnel", "warning: ").doesNotContain("settings (defaults");
        // a cloud: its start; a grid: its box
        Outcome svgd = otto("run", "std_normal", "--method", "svgd", "--particles", "20", "--iterations", "10", "--verbose",
                "--out", tmp.resolve("s").toString());
        assertThat(svgd.err()).contains("start: the Laplace fit, particles moving in dense coordinates", "faults: none");
        Outcome grid = otto("run", "std_normal", "--method", "fokker-planck", "--grid", "16", "--iterations", "4", "--draws", "10",
                "--verbose", "--out", tmp.resolve("g").toString());
        assertThat(grid.err()).containsPattern("box: [-0-9.:,]+ \\(laplace[^)]*\\), grid 16x16");
    }

    @Test
    void quietPrintsNothingButErrors() throws IOException {
        Path f = tmp.resolve("funnel.json");
        Files.writeString(f, "{\"D\": 3, \"d\": 4}");     // a field the model does not read: a note, but not when quiet
        Outcome o = otto("run", "funnel", "--data", f.toString(), "--step", "3", "--warmup", "50", "--draws", "50", "--quiet",
                "--out", tmp.resolve("q").toString());
        assertThat(o.status()).isZero();
        assertThat(o.out()).isEmpty();
        assertThat(o.err()).isEmpty();
        assertThat(tmp.resolve("q/draws.csv")).exists();
        Outcome both = otto("run", "funnel", "--quiet", "--verbose");
        assertThat(both.status()).isEqualTo(2);
        assertThat(both.err().trim()).isEqualTo("error: --quiet and --verbose contradict each other: give one of them");
    }

    // ---- shell completion ----

    @Test
    void completionScriptIsPicocliGeneratedAndNamesCommandsAndValues() {
        Outcome o = otto("completion");
        assertThat(o.status()).as(o.err()).isZero();
        assertThat(o.err()).isEmpty();
        String script = o.out();
        assertThat(script).startsWith("#!/usr/bin/env bash").contains("complete -F _complete_otto")
                .contains("local commands=\"models run summary report completion help\"")
                .contains("function _picocli_otto_run()", "function _picocli_otto_report()", "'--config'", "'--method'")
                .contains("(\"mala\" \"ula\" \"kinetic\" \"svgd\" \"blob\" \"fbvi\" \"bwvi\" \"mixture\" \"advi\" "
                        + "\"fokker-planck\" \"jko\") # --method values")
                .contains("\"eight_schools_noncentered\"");
    }

    /** The values completion offers are the values the options take: each one is accepted, and nothing else is. */
    @Test
    void everyCompletionCandidateIsAccepted() {
        assertThat(new Candidates.Methods()).containsExactlyInAnyOrderElementsOf(MethodOptions.ACCEPTS.keySet());
        assertThat(new Candidates.Models()).containsExactlyElementsOf(otto.models.ModelZoo.names());
        record Case(String method, Iterable<String> values, java.util.function.BiConsumer<MethodOptions, String> set) {
        }
        List<Case> cases = List.of(new Case("mala", new Candidates.Metrics(), (o, v) -> o.metric = v),
                new Case("mala", new Candidates.Preconditioners(), (o, v) -> o.preconditioner = v),
                new Case("kinetic", new Candidates.Splittings(), (o, v) -> o.splitting = v),
                new Case("svgd", new Candidates.StepRules(), (o, v) -> o.stepRule = v),
                new Case("svgd", new Candidates.Kernels(), (o, v) -> o.kernel = v),
                new Case("blob", new Candidates.Starts(), (o, v) -> o.start = v),
                new Case("advi", new Candidates.Algorithms(), (o, v) -> o.algorithm = v),
                new Case("fbvi", new Candidates.Covariances(), (o, v) -> o.covariance = v),
                new Case("bwvi", new Candidates.Hessians(), (o, v) -> o.hessian = v));
        for (Case c : cases) {
            for (String v : c.values()) {
                MethodOptions o = new MethodOptions();
                c.set().accept(o, v);
                assertThat(o.flow(c.method(), 2)).as(c.method() + " " + v).isNotNull();
            }
            MethodOptions bad = new MethodOptions();
            c.set().accept(bad, "bogus");
            assertThatUsage(() -> bad.flow(c.method(), 2)).contains("bogus");
        }
    }

    /** The script, sourced in bash, completes what a user types (skipped where there is no bash). */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "commands         | otto ''                        | models run summary report completion help",
        "method values    | otto run funnel --method ''    | mala ula kinetic svgd blob fbvi bwvi mixture advi fokker-planck jko",
        "method prefix    | otto run funnel --method f     | fbvi fokker-planck",
        "metric values    | otto run funnel --metric ''    | dense diag unit",
        "kernel values    | otto run funnel --kernel ''    | rbf imq",
        "preconditioners  | otto run funnel --preconditioner '' | warmup laplace vi",
        "model names      | otto run eight               | eight_schools_noncentered",
        "options          | otto run funnel --ste          | --step --step-rule",
        "report options   | otto report runs/x --re        | --reference",
    })
    void bashCompletesFromTheScript(String what, String line, String expected) throws IOException, InterruptedException {
        Path bash = Path.of("/bin/bash");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(bash), "bash is needed");
        Path script = tmp.resolve("otto.bash");
        Files.writeString(script, otto("completion").out());
        String words = line.trim();
        String driver = "source " + script + "\n"
                + "COMP_WORDS=(" + words + "); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 )); COMP_LINE=\"" + words.replace("''", "")
                + "\"; COMP_POINT=${#COMP_LINE}\n"
                + "_complete_otto otto; printf '%s\\n' \"${COMPREPLY[@]}\"\n";
        // stderr is left out: outside a real completion bash's compopt complains that it is not completing
        Process p = new ProcessBuilder(bash.toString(), "-c", driver).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(out.lines().map(String::trim).filter(l -> !l.isEmpty()).toList())
                .containsExactlyInAnyOrder(expected.trim().split(" "));
    }

    // ---- the default output folder ----

    /** Two runs in the same second get two folders: the second takes the suffix -2, a third -3; atomic across threads. */
    @Test
    void defaultFoldersOfTheSameSecondDoNotCollide() throws Exception {
        var when = java.time.LocalDateTime.of(2025, 3, 14, 15, 9, 26);
        Path root = tmp.resolve("runs");
        assertThat(RunCommand.newFolder(root, "funnel", "mala", when)).isEqualTo(root.resolve("funnel-mala-20250314-150926"));
        assertThat(RunCommand.newFolder(root, "funnel", "mala", when)).isEqualTo(root.resolve("funnel-mala-20250314-150926-2"));
        assertThat(RunCommand.newFolder(root, "funnel", "fbvi", when)).isEqualTo(root.resolve("funnel-fbvi-20250314-150926"));
        assertThat(root.resolve("funnel-mala-20250314-150926-2")).isEmptyDirectory();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            var start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<Path>> made = new java.util.ArrayList<>();
            for (int i = 0; i < 16; i++) {
                made.add(pool.submit(() -> {
                    start.await();
                    return RunCommand.newFolder(root, "banana", "svgd", when);
                }));
            }
            start.countDown();
            java.util.Set<Path> folders = new java.util.HashSet<>();
            for (var f : made) {
                folders.add(f.get());
            }
            assertThat(folders).hasSize(16).allSatisfy(p -> assertThat(p).isDirectory());
            assertThat(folders).contains(root.resolve("banana-svgd-20250314-150926"), root.resolve("banana-svgd-20250314-150926-16"));
        } finally {
            pool.shutdownNow();
        }
        Path file = Files.writeString(tmp.resolve("not-a-folder"), "x");
        assertThatUsage(() -> RunCommand.newFolder(file, "funnel", "mala", when)).startsWith("cannot create an output folder under "
                + file + ": ").endsWith("(give one with --out DIR)");
    }

    private static org.assertj.core.api.AbstractStringAssert<?> assertThatUsage(Runnable r) {
        try {
            r.run();
        } catch (UsageException e) {
            return assertThat(e.getMessage());
        }
        throw new AssertionError("no usage error");
    }

    // ---- the Java API gives what the files hold ----

    /** {@code Result.summary(model)} is summary.csv, number for number, for a sampler and for a grid method. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "mala          | eight_schools_noncentered | --warmup 200 --draws 100",
        "fokker-planck | std_normal                | --grid 24 --iterations 5 --draws 20",
    })
    void theApiSummaryIsSummaryCsv(String method, String modelName, String options) throws IOException {
        Path out = tmp.resolve(method);
        List<String> args = new java.util.ArrayList<>(List.of("run", modelName, "--method", method, "--seed", "11",
                "--out", out.toString(), "--quiet"));
        if (modelName.startsWith("eight")) {
            args.addAll(List.of("--data", example().toString()));
        }
        args.addAll(List.of(options.trim().split(" ")));
        Outcome o = otto(args.toArray(String[]::new));
        assertThat(o.status()).as(o.err()).isZero();
        var entry = otto.models.ModelZoo.get(modelName);
        var model = entry.create(modelName.startsWith("eight") ? otto.models.StanData.read(example()) : otto.models.StanData.empty());
        var opts = new MethodOptions();
        String[] o2 = options.trim().split(" ");
        for (int i = 0; i < o2.length; i += 2) {
            switch (o2[i]) {
                case "--warmup" -> opts.warmup = Integer.parseInt(o2[i + 1]);
                case "--draws" -> opts.draws = Integer.parseInt(o2[i + 1]);
                case "--grid" -> opts.grid = o2[i + 1];
                case "--iterations" -> opts.iterations = Integer.parseInt(o2[i + 1]);
                default -> throw new IllegalArgumentException(o2[i]);
            }
        }
        var result = otto.flow.Run.of(model, opts.flow(method, model.dimension())).seed(11).execute();
        List<otto.diagnostics.Summary> api = result.summary(model);
        List<String> csv = Files.readAllLines(out.resolve("summary.csv"));
        assertThat(csv).hasSize(1 + api.size());
        for (int k = 0; k < api.size(); k++) {
            var s = api.get(k);
            String row = s.name();
            for (double v : new double[] {s.mean(), s.sd(), s.median(), s.mad(), s.q5(), s.q50(), s.q95(), s.essBulk(),
                    s.essTail(), s.rhat(), s.mcseMean(), s.mcseSd()}) {
                row += "," + Output.number(v);
            }
            assertThat(csv.get(k + 1)).isEqualTo(row);
        }
        assertThat(api).extracting(otto.diagnostics.Summary::name).contains(modelName.startsWith("eight") ? "tau" : "x.2");
    }
}
