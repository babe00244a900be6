package otto.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static otto.cli.Otto.otto;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import otto.cli.Otto.Outcome;

class ReportCommandTest {
    static final Path SHARED = Path.of(System.getProperty("otto.shared", "../../shared"));
    static final Path EIGHT_SCHOOLS_REFERENCE = SHARED.resolve("posteriordb/eight_schools-eight_schools_noncentered/draws.csv");

    @TempDir
    static Path shared;

    @TempDir
    Path tmp;

    /** A quick VI run that the bad-input cases copy and break. */
    static Path base;

    @BeforeAll
    static void baseRun() {
        base = shared.resolve("base");
        Outcome o = otto("run", "std_normal", "--method", "fbvi", "--iterations", "20", "--draws", "50", "--out", base.toString(),
                "--quiet");
        assertThat(o.status()).as(o.err()).isZero();
    }

    static int count(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    /** The quantities summary.csv flags, computed here from the file: R-hat > 1.01, bulk or tail ESS < 100. */
    static long flaggedInSummary(Path summary) throws IOException {
        List<String> lines = Files.readAllLines(summary);
        List<String> header = List.of(lines.get(0).split(","));
        int rhat = header.indexOf("rhat");
        int bulk = header.indexOf("ess_bulk");
        int tail = header.indexOf("ess_tail");
        return lines.stream().skip(1).map(l -> l.split(",", -1)).filter(c -> Double.parseDouble(c[rhat]) > 1.01
                || Double.parseDouble(c[bulk]) < 100 || Double.parseDouble(c[tail]) < 100).count();
    }

    /** A new user's first session: a short run, its report against posteriordb's reference, opened in a browser. */
    @Test
    void firstSessionRunThenReportWithReferenceInChromium() throws Exception {
        Path run = tmp.resolve("eight");
        Outcome r = otto("run", "eight_schools_noncentered", "--data", "../examples/eight_schools.json", "--draws", "200",
                "--warmup", "200", "--out", run.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(EIGHT_SCHOOLS_REFERENCE).as("posteriordb's reference draws beside the repository").exists();
        Outcome o = otto("report", run.toString(), "--reference", EIGHT_SCHOOLS_REFERENCE.toString());
        assertThat(o.status()).as(o.err()).isZero();
        assertThat(o.err()).isEmpty();
        Path page = run.resolve("report.html");
        assertThat(o.out()).contains("reference: 10 of the run's 18 quantities matched", "wrote " + page);
        String html = Files.readString(page, StandardCharsets.UTF_8);
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<title>otto report: mala on eight_schools_noncentered</title>")
                .doesNotContain("http://", "https://").doesNotContainPattern("<(script|link|img)[^>]* (src|href)=\"(?!data:)");
        long flagged = flaggedInSummary(run.resolve("summary.csv"));

        Chromium chromium = Chromium.require(tmp);
        Chromium.Check c = chromium.check(page);
        assertThat(c.sections().split(" ")).containsExactly("notes", "problems", "free-energy", "monitors", "summary", "marginals",
                "reference", "pairs", "chains", "settings");
        assertThat(c.svgs()).as("panels laid out with a size").isGreaterThan(100).isEqualTo(c.sized());
        String dom = c.dom();
        String summary = dom.substring(dom.indexOf("<table class=\"summary\">"), dom.indexOf("</table>", dom.indexOf("<table class=\"summary\">")));
        assertThat(count(summary, "<tr data-quantity=")).isEqualTo(18);
        assertThat(count(summary, "<tr data-quantity=\"[^\"]+\" class=\"flagged\"")).isEqualTo((int) flagged);
        assertThat(summary).contains("<th>theta.8</th>", "<th>tau</th>", "<th>mu</th>");
        if (flagged > 0) {
            assertThat(dom).contains(flagged + " of 18 quantities flagged").containsPattern("<td class=\"bad\">");
        }
        assertThat(count(dom, "class=\"plot marginal\"[^>]*data-reference=\"yes\"")).isEqualTo(10);
        assertThat(count(dom, "class=\"plot marginal\"[^>]*data-reference=\"no\"")).isEqualTo(8);   // theta_trans.1..8
        assertThat(count(dom, "class=\"plot rank-plot\"")).isEqualTo(18);
        assertThat(count(dom, "class=\"plot trace-plot\"")).isEqualTo(18);
        assertThat(count(dom, "class=\"plot pair\"")).isEqualTo(8 * 7 / 2);
        assertThat(count(dom, "class=\"plot monitor\"")).isGreaterThanOrEqualTo(2);
        assertThat(dom).contains("<th>seed</th><td>1</td>", "<th>warmup</th><td>200</td>", "<caption>timing</caption>");
        // mu, tau and theta.1..8 in the summary table and in the comparison with the reference
        assertThat(count(dom, "<tr data-quantity=\"(mu|tau|theta\\.\\d)\"( class=\"flagged\")?><th>")).isEqualTo(10 + 10);   // in the summary and in the comparison

        BufferedImage shot = chromium.screenshot(page, 1300, 2400);
        long[] px = pixels(shot);
        assertThat(px[0] / (double) (shot.getWidth() * shot.getHeight())).as("share of non-white pixels").isGreaterThan(0.05);
        assertThat(px[1]).as("pixels in the run's blue").isGreaterThan(2000);
    }

    /** Non-white pixels, and pixels close to the run's colour #0072B2 (or its lighter fills). */
    static long[] pixels(BufferedImage img) {
        long ink = 0;
        long blue = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int c = img.getRGB(x, y);
                int r = (c >> 16) & 255;
                int g = (c >> 8) & 255;
                int b = c & 255;
                if (r < 245 || g < 245 || b < 245) {
                    ink++;
                }
                if (b > 150 && r < 0.75 * b && g < 0.95 * b && b - r > 40) {
                    blue++;
                }
            }
        }
        return new long[] {ink, blue};
    }

    /** A grid run's folder as the grid methods write it: a 2-D density at three times, summaries by quadrature. */
    static Path gridRun(Path dir, int dimension) throws IOException {
        Files.createDirectories(dir);
        StringBuilder density = new StringBuilder("# density of fokker-planck on toy at 3 times\n# grid = ...\ntime,x.1,"
                + (dimension == 2 ? "x.2," : "") + "density\n");
        int n1 = 40;
        int n2 = dimension == 2 ? 30 : 1;
        double[] times = {0, 0.5, 4};
        for (double t : times) {
            double s2 = 0.1 + (1 - Math.exp(-2 * t));   // Ornstein-Uhlenbeck from a narrow start
            for (int i = 0; i < n1; i++) {
                for (int j = 0; j < n2; j++) {
                    double x = -4 + 8 * (i + 0.5) / n1;
                    double y = -3 + 6 * (j + 0.5) / n2;
                    double v = Math.exp(-0.5 * (x - 1) * (x - 1) / s2) / Math.sqrt(2 * Math.PI * s2);
                    if (dimension == 2) {
                        v *= Math.exp(-0.5 * y * y / s2) / Math.sqrt(2 * Math.PI * s2);
                    }
                    density.append(Output.number(t)).append(',').append(Output.number(x))
                            .append(dimension == 2 ? "," + Output.number(y) : "").append(',').append(Output.number(v)).append('\n');
                }
            }
        }
        Files.writeString(dir.resolve("density.csv"), density.toString());
        StringBuilder draws = new StringBuilder("# method = fokker-planck\nlp__,chain__,x.1" + (dimension == 2 ? ",x.2" : "") + "\n");
        java.util.SplittableRandom rng = new java.util.SplittableRandom(3);
        for (int c = 1; c <= 4; c++) {
            for (int i = 0; i < 100; i++) {
                draws.append("-1,").append(c).append(',').append(1 + rng.nextDouble() - 0.5)
                        .append(dimension == 2 ? "," + (rng.nextDouble() - 0.5) : "").append('\n');
            }
        }
        Files.writeString(dir.resolve("draws.csv"), draws.toString());
        Files.writeString(dir.resolve("summary.csv"), "name,mean,sd,median,mad,q5,q50,q95,ess_bulk,ess_tail,rhat,mcse_mean,mcse_sd\n"
                + "x.1,1,1,1,0.67,-0.64,1,2.64,,,,,\n" + (dimension == 2 ? "x.2,0,1,0,0.67,-1.64,0,1.64,,,,,\n" : ""));
        StringBuilder trace = new StringBuilder("iteration,seconds,free_energy,elbo,kl,mass,time,cg_iterations\n");
        for (int i = 0; i <= 50; i++) {
            double f = 1.3 + Math.exp(-0.2 * i);
            trace.append(i).append(',').append(0.01 * (i + 1)).append(',').append(f).append(',').append(-f).append(',')
                    .append(Math.exp(-0.2 * i)).append(",1,").append(0.08 * i).append(',').append(12 - i / 10).append('\n');
        }
        Files.writeString(dir.resolve("trace.csv"), trace.toString());
        Files.writeString(dir.resolve("run.json"), "{\"model\": \"toy\", \"data\": null, \"method\": \"fokker-planck\", "
                + "\"settings\": {\"grid\": \"40x30\", \"box\": \"-4:4,-3:3\"}, \"seed\": 1, \"threads\": 1, \"stop_reason\": \"completed\", "
                + "\"versions\": {\"otto\": \"test\"}, \"timing\": {\"total_seconds\": 0.5, \"iterations\": 50, "
                + "\"seconds_per_iteration_median\": 0.01}, \"faults\": {\"counts\": {}, \"examples\": []}, "
                + "\"result\": {\"free_energy\": 1.3, \"elbo\": -1.3, \"log_evidence_grid\": -1.3}}");
        return dir;
    }

    @Test
    void gridRunShowsItsDensityAsHeatMapsThatLoadInChromium() throws Exception {
        Path dir = gridRun(tmp.resolve("grid"), 2);
        Outcome o = otto("report", dir.toString(), "--out", tmp.resolve("grid.html").toString());
        assertThat(o.status()).as(o.err()).isZero();
        String html = Files.readString(tmp.resolve("grid.html"));
        assertThat(count(html, "class=\"plot heat-map\"")).isEqualTo(3);
        assertThat(count(html, "href=\"data:image/png;base64,")).isEqualTo(3);
        assertThat(html).doesNotContain("id=\"chains\"").contains("−log Z (grid)", "No problems flagged: no Monte Carlo diagnostics apply");
        Chromium.Check c = Chromium.require(tmp).check(tmp.resolve("grid.html"));
        assertThat(c.rasters()).isEqualTo(3);
        assertThat(c.decoded()).as("heat maps decoded").isEqualTo(3);
        assertThat(c.width()).isEqualTo(40);   // one pixel per cell
        assertThat(c.sections()).contains("density", "free-energy", "summary");
        assertThat(c.dom()).contains("data-time=\"0\"", "data-time=\"0.5\"", "data-time=\"4\"");
    }

    /**
     * ULA at a fixed step past stability (hλ = 2.1 on a standard normal) has divergent moves after
     * warm-up: the pair plot draws every divergent draw on top in magenta and says how many there are;
     * a run without any has neither.
     */
    @Test
    void divergentDrawsStandOutInThePairPlot() throws IOException {
        Path dir = tmp.resolve("ula");
        Outcome r = otto("run", "std_normal", "--method", "ula", "--metric", "unit",
                "--step", "2.1", "--warmup", "100", "--draws", "500", "--out", dir.toString(), "--quiet");
        assertThat(r.status()).as(r.err()).isZero();
        long marked = Files.readAllLines(dir.resolve("draws.csv")).stream().filter(l -> !l.startsWith("#")).skip(1)
                .filter(l -> l.split(",")[2].equals("1")).count();
        assertThat(marked).as("divergent__ = 1 rows").isPositive();
        Outcome o = otto("report", dir.toString(), "--quiet");
        assertThat(o.status()).as(o.err()).isZero();
        String html = Files.readString(dir.resolve("report.html"));
        assertThat(html).contains("the " + marked + " divergent draw", "#e6007e");

        Path calm = tmp.resolve("mala");
        assertThat(otto("run", "std_normal", "--draws", "200", "--warmup", "200",
                "--out", calm.toString(), "--quiet").status()).isZero();
        assertThat(otto("report", calm.toString(), "--quiet").status()).isZero();
        assertThat(Files.readString(calm.resolve("report.html"))).doesNotContain("divergent draw", "#e6007e");
    }

    @Test
    void oneDimensionalGridDensityIsALinePerTime() throws IOException {
        Path dir = gridRun(tmp.resolve("grid1"), 1);
        Outcome o = otto("report", dir.toString(), "--quiet");
        assertThat(o.status()).as(o.err()).isZero();
        assertThat(o.out()).isEmpty();
        String html = Files.readString(dir.resolve("report.html"));
        assertThat(html).contains("class=\"plot density-1d\"", "data-times=\"3\"", "t = 0.5", "t = 4")
                .doesNotContain("heat-map");
    }

    @Test
    void particleTraceShowsTheFreeEnergyWithItsStandardErrorBand() throws IOException {
        Path dir = tmp.resolve("ula");
        Outcome r = otto("run", "std_normal", "--method", "ula", "--warmup", "50", "--draws", "50", "--particles", "40",
                "--out", dir.toString(), "--quiet");
        assertThat(r.status()).as(r.err()).isZero();
        Outcome o = otto("report", dir.toString(), "--params", "x");
        assertThat(o.status()).as(o.err()).isZero();
        assertThat(o.out()).contains("note: trace and rank plots show the first 8 of 40 chains");
        String html = Files.readString(dir.resolve("report.html"));
        String fe = html.substring(html.indexOf("<section id=\"free-energy\">"), html.indexOf("</section>", html.indexOf("<section id=\"free-energy\">")));
        assertThat(fe).contains("± 2 standard errors", "data-plot=\"free-energy-iterations\"", "data-plot=\"free-energy-seconds\"",
                "end of warm-up", "fill-opacity=\"0.2\"");
        assertThat(html).contains("data-plot=\"monitor-ksd\"", "data-plot=\"monitor-step_size\"", "Constant throughout:");
    }

    @Test
    void viRunHasNoChainPlotsAndSelectsQuantities() throws IOException {
        Path dir = tmp.resolve("vi");
        Files.createDirectories(dir);
        try (Stream<Path> files = Files.list(base)) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Outcome o = otto("report", dir.toString(), "--params", "x[2],x.1", "--out", dir.toString());
        assertThat(o.status()).as(o.err()).isZero();
        String html = Files.readString(dir.resolve("report.html"));
        assertThat(html).doesNotContain("id=\"chains\"").contains("<th>pareto_k</th>", "F against iterations");
        Matcher m = Pattern.compile("class=\"plot marginal\"[^>]* data-quantity=\"([^\"]+)\"").matcher(html);
        List<String> order = new java.util.ArrayList<>();
        while (m.find()) {
            order.add(m.group(1));
        }
        assertThat(order).containsExactly("x.2", "x.1");   // as --params gave them
    }

    @Test
    void paramsKeepStanIndicesWithCommasWhole() throws IOException {
        Path dir = tmp.resolve("corr");
        Outcome r = otto("run", "correlated_normal", "--method", "fbvi", "--iterations", "20", "--draws", "50", "--out",
                dir.toString(), "--quiet");
        assertThat(r.status()).as(r.err()).isZero();
        // a quantity with two indices, named Stan-style on the command line
        Files.writeString(dir.resolve("draws.csv"), Files.readString(dir.resolve("draws.csv")).replaceFirst(",x\\.1", ",L.2.1"));
        Outcome o = otto("report", dir.toString(), "--params", "L[2,1],x.2", "--quiet");
        assertThat(o.status()).as(o.err()).isZero();
        String html = Files.readString(dir.resolve("report.html"));
        assertThat(count(html, "class=\"plot marginal\"[^>]* data-quantity=\"(L\\.2\\.1|x\\.2)\"")).isEqualTo(2);
    }

    @Test
    void helpHasExamples() {
        Outcome o = otto("report", "--help");
        assertThat(o.status()).isZero();
        assertThat(o.out()).contains("Usage: otto report", "--reference", "--out", "--params", "Examples:",
                "otto report runs/eight --reference");
        assertThat(otto("--help").out()).contains("report");
    }

    /** Each kind of mistake: exit 2 and one line naming the input, never a stack trace. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "no folder          | NONE                 | -                                        | Missing required parameter: 'DIR'",
        "no such folder     | /no/such/run         | -                                        | /no/such/run: no such folder",
        "a file             | FILE                 | -                                        | : is a file, not a run folder",
        "empty folder       | EMPTY                | -                                        | : not a run folder: it has no run.json or draws.csv",
        "missing summary    | rm summary.csv       | -                                        | summary.csv: missing: a finished run folder has",
        "malformed run.json | put run.json {\"a\": | -                                        | run.json: malformed JSON at line 1",
        "run.json no method | put run.json {}      | -                                        | run.json: no \"method\"",
        "bad draws cell     | put draws.csv lp__,chain__,x.1\\n-1,1,abc | -                       | draws.csv:2: column x.1 is not a number: 'abc'",
        "ragged draws       | put draws.csv lp__,chain__,x.1\\n-1,1  | -                            | draws.csv:2: 2 values, the header (line 1) has 3",
        "no draws           | put draws.csv lp__,chain__,x.1\\n      | -                            | draws.csv:1: no draws after the header",
        "no parameters      | put draws.csv lp__,chain__\\n-1,1      | -                            | draws.csv:1: no parameter columns",
        "bad trace          | put trace.csv seconds,elbo\\n1,2       | -                            | trace.csv:1: no column iteration",
        "bad summary        | put summary.csv mean,sd\\n1,2          | -                            | summary.csv:1: no column name",
        "missing reference  | -                    | --reference /no/such/ref.csv             | --reference /no/such/ref.csv: no such file",
        "reference no match | -                    | --reference REF chain,draw,alpha\\n1,1,2 | no column matches a quantity of the run (the reference has alpha; the run has x.1, x.2)",
        "malformed ref      | -                    | --reference REF chain,draw,x[1]\\n1,1,z  | :2: column x[1] is not a number: 'z'",
        "ref is a folder    | -                    | --reference EMPTY                        | : is a folder, not reference draws",
        "unknown param      | -                    | --params sigma                           | --params sigma: no quantity of the run is named sigma (the run has x.1, x.2)",
        "out folder missing | -                    | --out /no/such/dir/r.html                | --out /no/such/dir/r.html: the folder /no/such/dir does not exist",
    })
    void badInputIsExitTwoWithOneLine(String what, String folder, String options, String expected) throws IOException {
        Path dir = tmp.resolve("run");
        Files.createDirectories(dir);
        try (Stream<Path> files = Files.list(base)) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        String target = dir.toString();
        String f = folder.trim();
        if (f.equals("FILE")) {
            target = dir.resolve("run.json").toString();
        } else if (f.equals("EMPTY")) {
            target = empty.toString();
        } else if (f.startsWith("rm ")) {
            Files.delete(dir.resolve(f.substring(3)));
        } else if (f.startsWith("put ")) {
            String[] p = f.substring(4).split(" ", 2);
            Files.writeString(dir.resolve(p[0]), p[1].replace("\\n", "\n"));
        } else if (f.startsWith("/")) {
            target = f;
        }
        List<String> args = new java.util.ArrayList<>();
        args.add("report");
        if (!f.equals("NONE")) {
            args.add(target);
        }
        String opt = options.trim();
        if (!opt.equals("-")) {
            String[] p = opt.split(" ", 2);
            args.add(p[0]);
            String value = p[1];
            if (value.startsWith("REF ")) {
                Path ref = tmp.resolve("ref.csv");
                Files.writeString(ref, value.substring(4).replace("\\n", "\n"));
                value = ref.toString();
            } else if (value.equals("EMPTY")) {
                value = empty.toString();
            }
            args.add(value);
        }
        Outcome o = otto(args.toArray(new String[0]));
        assertThat(o.status()).as(o.err()).isEqualTo(2);
        assertThat(o.out()).isEmpty();
        assertThat(o.err().trim()).startsWith("error: ").contains(expected.trim()).doesNotContain("\n")
                .doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(o.err().toLowerCase(Locale.ROOT)).doesNotContain("bug in otto");
    }
}
