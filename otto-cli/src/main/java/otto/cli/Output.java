package otto.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import otto.diagnostics.Summary;
import otto.flow.AtomicFile;
import otto.flow.Draws;
import otto.flow.Fault;
import otto.flow.Result;
import otto.flow.Trace;
import otto.flow.grid.Grid;
import otto.flow.grid.GridSolution;
import otto.model.Model;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The files of a run: draws.csv (CmdStan layout), summary.csv, trace.csv and run.json. */
final class Output {
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private Output() {
    }

    /** Whether a summary should be flagged: R-hat > 1.01 or bulk ESS < 100. */
    static boolean flagged(Summary s) {
        return s.rhat() > 1.01 || s.essBulk() < 100;
    }

    /**
     * Writes the files of a finished (or interrupted) run: draws.csv, summary.csv, trace.csv,
     * density.csv for the grid methods, and run.json last (with {@code extra} entries added, such
     * as the arguments that rerun it). Each file is written atomically ({@link AtomicFile}): a
     * process killed meanwhile leaves the previous version or the new one, never a part.
     */
    static void write(Path dir, Model model, Path dataFile, Result result, Draws draws, List<Summary> summaries,
                      Map<String, Object> extra) throws IOException {
        Files.createDirectories(dir);
        writeDraws(dir.resolve("draws.csv"), model, dataFile, result, draws);
        writeSummary(dir.resolve("summary.csv"), summaries);
        writeTrace(dir.resolve("trace.csv"), result.trace());
        if (result.info().get(GridSolution.INFO_KEY) instanceof GridSolution g) {
            writeDensity(dir.resolve("density.csv"), model, result, g);
        }
        Map<String, Object> json = runJson(model, dataFile, result);
        json.putAll(extra);
        writeJson(dir.resolve("run.json"), json);
    }

    static void write(Path dir, Model model, Path dataFile, Result result, Draws draws, List<Summary> summaries)
            throws IOException {
        write(dir, model, dataFile, result, draws, summaries, Map.of());
    }

    /** Writes a JSON file atomically. */
    static void writeJson(Path file, Map<String, Object> json) throws IOException {
        byte[] bytes = jsonBytes(json);
        AtomicFile.write(file, out -> out.write(bytes));
    }

    /** The JSON of {@code json}, as run.json holds it. */
    static byte[] jsonBytes(Map<String, Object> json) throws IOException {
        try {
            return JSON.writeValueAsBytes(json);
        } catch (tools.jackson.core.JacksonException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** A writer over {@code out} in UTF-8 (buffered; the caller flushes). */
    private static Writer utf8(OutputStream out) {
        return new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
    }

    /**
     * CmdStan's layout: {@code #} comment lines with the settings, a header with {@code lp__} and
     * the sampler columns first, then one row per draw. All chains go in one file, one after
     * another, told apart by the {@code chain__} column.
     */
    static void writeDraws(Path file, Model model, Path dataFile, Result result, Draws draws) throws IOException {
        AtomicFile.write(file, out -> {
            Writer w = utf8(out);
            writePreamble(w, model, dataFile, result.method(), result.seed(), result.settings());
            w.write("# layout = " + draws.chains() + " chain" + (draws.chains() == 1 ? "" : "s") + " of " + draws.draws()
                    + " draws, one after another; column chain__ is the chain (1.." + draws.chains() + ")\n");
            w.write(drawsHeader(draws));
            StringBuilder sb = new StringBuilder();
            for (int c = 0; c < draws.chains(); c++) {
                for (int i = 0; i < draws.draws(); i++) {
                    sb.setLength(0);
                    drawRow(sb, draws, c, i);
                    w.write(sb.toString());
                }
            }
            w.flush();
        });
    }

    /** The {@code #} lines draws.csv starts with: version, model, data, method, seed and every setting. */
    static void writePreamble(Writer w, Model model, Path dataFile, String method, long seed, Map<String, Object> settings)
            throws IOException {
        w.write("# otto_version = " + Version.OTTO + "\n");
        w.write("# model = " + model.name() + "\n");
        w.write("# data = " + (dataFile == null ? "" : dataFile) + "\n");
        w.write("# method = " + method + "\n");
        w.write("# seed = " + seed + "\n");
        for (Map.Entry<String, Object> e : settings.entrySet()) {
            w.write("# " + e.getKey() + " = " + e.getValue() + "\n");
        }
    }

    /** The header line of draws.csv: {@code lp__}, the other sampler columns, {@code chain__}, the quantities. */
    static String drawsHeader(Draws draws) {
        List<String> header = new ArrayList<>();
        header.add("lp__");
        for (String k : draws.sampler().keySet()) {
            if (!k.equals("lp__")) {
                header.add(k);
            }
        }
        header.add("chain__");
        header.addAll(draws.names());
        return String.join(",", header) + "\n";
    }

    /** Row {@code i} of chain {@code c} of draws.csv, with its newline, appended to {@code sb}. */
    static void drawRow(StringBuilder sb, Draws draws, int c, int i) {
        Map<String, double[][]> sampler = draws.sampler();
        double[][] lp = sampler.get("lp__");
        sb.append(lp == null ? "0" : draw(lp[c][i]));
        for (Map.Entry<String, double[][]> e : sampler.entrySet()) {
            if (!e.getKey().equals("lp__")) {
                sb.append(',').append(draw(e.getValue()[c][i]));
            }
        }
        sb.append(',').append(c + 1);
        for (int j = 0; j < draws.columns(); j++) {
            sb.append(',').append(draw(draws.get(c, i, j)));
        }
        sb.append('\n');
    }

    static void writeSummary(Path file, List<Summary> summaries) throws IOException {
        StringBuilder sb = new StringBuilder("name,mean,sd,median,mad,q5,q50,q95,ess_bulk,ess_tail,rhat,mcse_mean,mcse_sd\n");
        for (Summary s : summaries) {
            sb.append(s.name());
            for (double v : new double[] {s.mean(), s.sd(), s.median(), s.mad(), s.q5(), s.q50(), s.q95(), s.essBulk(),
                    s.essTail(), s.rhat(), s.mcseMean(), s.mcseSd()}) {
                sb.append(',').append(number(v));
            }
            sb.append('\n');
        }
        AtomicFile.write(file, sb.toString());
    }

    static void writeTrace(Path file, Trace trace) throws IOException {
        StringBuilder sb = new StringBuilder(traceHeader(trace));
        for (int r = 0; r < trace.size(); r++) {
            traceRow(sb, trace.row(r));
        }
        AtomicFile.write(file, sb.toString());
    }

    /** The header line of trace.csv. */
    static String traceHeader(Trace trace) {
        return String.join(",", trace.columns()) + "\n";
    }

    /** One row of trace.csv, with its newline, appended to {@code sb}. */
    static void traceRow(StringBuilder sb, double[] row) {
        for (int j = 0; j < row.length; j++) {
            if (j > 0) {
                sb.append(',');
            }
            sb.append(j == 0 ? Long.toString((long) row[j]) : number(row[j]));
        }
        sb.append('\n');
    }

    /**
     * The grid methods' densities: {@code #} lines saying what the columns are, then a header
     * {@code time,x.1,…,x.d,density} and one row per cell and kept time (cell centres on the
     * unconstrained scale; the density integrates to 1 over the box with the cell volume). A grid
     * laid out in other coordinates than the model's (a {@link otto.flow.grid.Frame}) also has the
     * centres' grid coordinates, {@code z.1,…,z.d} after {@code time}: the cells form a lattice in z.
     */
    static void writeDensity(Path file, Model model, Result result, GridSolution g) throws IOException {
        Grid grid = g.grid();
        int d = grid.dimension();
        boolean framed = !grid.frame().isIdentity();
        AtomicFile.write(file, out -> {
            Writer w = utf8(out);
            w.write("# density of " + result.method() + " on " + model.name() + " at " + g.snapshots() + " time"
                    + (g.snapshots() == 1 ? "" : "s") + "\n");
            StringBuilder cells = new StringBuilder();
            for (int a = 0; a < d; a++) {
                cells.append(a == 0 ? "" : "x").append(grid.cells(a));
            }
            w.write("# grid = " + cells + " cells on the box " + grid.box() + (framed ? " in the grid coordinates z, "
                    + grid.frame() : "") + ", cell volume " + number(grid.cellVolume()) + "\n");
            if (framed) {
                w.write("# z.1 … z." + d + " are the cell centres in the grid coordinates (a lattice); x = origin + L z\n");
            }
            w.write("# x.1 … x." + d + " are the cell centres on the unconstrained scale; density is the density there "
                    + "(sum of density × cell volume = 1 at each time)\n");
            StringBuilder sb = new StringBuilder("time");
            for (int a = 0; framed && a < d; a++) {
                sb.append(",z.").append(a + 1);
            }
            for (int a = 0; a < d; a++) {
                sb.append(",x.").append(a + 1);
            }
            w.write(sb.append(",density\n").toString());
            double[] times = g.times();
            double[] x = new double[d];
            for (int k = 0; k < times.length; k++) {
                double[] rho = g.density(k);
                String t = number(times[k]);
                for (int i = 0; i < rho.length; i++) {
                    sb.setLength(0);
                    sb.append(t);
                    for (int a = 0; framed && a < d; a++) {
                        sb.append(',').append(number(grid.coordinate(i, a)));
                    }
                    grid.centre(i, x);
                    for (int a = 0; a < d; a++) {
                        sb.append(',').append(number(x[a]));
                    }
                    sb.append(',').append(number(rho[i])).append('\n');
                    w.write(sb.toString());
                }
            }
            w.flush();
        });
    }

    static Map<String, Object> runJson(Model model, Path dataFile, Result result) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", model.name());
        m.put("data", dataFile == null ? null : dataFile.toString());
        m.put("method", result.method());
        m.put("settings", jsonValue(result.settings()));
        m.put("seed", result.seed());
        m.put("threads", result.threads());
        m.put("stop_reason", result.stopReason());
        m.put("versions", Map.of("otto", Version.OTTO, "java", System.getProperty("java.version")));
        Map<String, Object> timing = new LinkedHashMap<>();
        timing.put("total_seconds", result.totalSeconds());
        timing.put("iterations", result.iterations());
        timing.put("seconds_per_iteration_median", result.medianSecondsPerIteration());
        m.put("timing", timing);
        Map<String, Object> faults = new LinkedHashMap<>();
        faults.put("counts", result.faults().counts());
        List<Map<String, Object>> examples = new ArrayList<>();
        for (Fault f : result.faults().examples()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("kind", f.kind());
            e.put("iteration", f.iteration() + 1);
            e.put("where", f.where() < 0 ? null : f.where() + 1);
            e.put("detail", f.detail());
            examples.add(e);
        }
        faults.put("examples", examples);
        m.put("faults", faults);
        Map<String, Object> info = new LinkedHashMap<>();
        result.info().forEach((k, v) -> {
            if (!(v instanceof GridSolution)) { // written to density.csv instead
                info.put(k, jsonValue(v));
            }
        });
        // JSON has no NaN: non-finite numbers are written as null
        m.put("result", info);
        return m;
    }

    /**
     * run.json while a run goes on: what it runs (model, data, method, settings, seed), stop reason
     * {@code running}, and the checkpoint's iteration when there is one.
     */
    static Map<String, Object> runJsonStarted(Model model, Path dataFile, otto.flow.Flow flow, long seed, int threads,
                                              int checkpointIteration, int iterations) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", model.name());
        m.put("data", dataFile == null ? null : dataFile.toString());
        m.put("method", flow.name());
        m.put("settings", jsonValue(flow.settings()));
        m.put("seed", seed);
        m.put("threads", threads);
        m.put("stop_reason", "running");
        m.put("versions", Map.of("otto", Version.OTTO, "java", System.getProperty("java.version")));
        Map<String, Object> timing = new LinkedHashMap<>();
        timing.put("iterations_planned", iterations);
        m.put("timing", timing);
        if (checkpointIteration >= 0) {
            m.put("checkpoint", Map.of("file", RunCommand.CHECKPOINT, "iteration", checkpointIteration));
        }
        return m;
    }

    private static Object jsonValue(Object v) {
        if (v instanceof Double d) {
            return Double.isFinite(d) ? d : null;
        }
        if (v instanceof Float f) {
            return jsonValue(f.doubleValue());
        }
        if (v instanceof double[] a) {
            List<Object> out = new ArrayList<>(a.length);
            for (double x : a) {
                out.add(jsonValue(x));
            }
            return out;
        }
        if (v instanceof Object[] a) {
            List<Object> out = new ArrayList<>(a.length);
            for (Object x : a) {
                out.add(jsonValue(x));
            }
            return out;
        }
        if (v instanceof List<?> list) {
            return list.stream().map(Output::jsonValue).toList();
        }
        if (v instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, x) -> out.put(String.valueOf(k), jsonValue(x)));
            return out;
        }
        return v;
    }

    /** A value of draws.csv: as {@link #number}, but {@code nan} for NaN, as CmdStan writes it. */
    static String draw(double v) {
        return Double.isNaN(v) ? "nan" : number(v);
    }

    /** Full precision, shortest representation; empty for NaN (missing), {@code inf}/{@code -inf}. */
    static String number(double v) {
        if (Double.isNaN(v)) {
            return "";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    /** The summary as an aligned table, 4 significant digits, problems marked with {@code !}. */
    static String table(List<Summary> summaries) {
        return table(summaries, true);
    }

    /** The summary as an aligned table, 4 significant digits, problems marked with {@code !} when {@code flag}. */
    static String table(List<Summary> summaries, boolean flag) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"", "mean", "mcse", "sd", "q5", "q50", "q95", "ess_bulk", "ess_tail", "rhat", ""});
        for (Summary s : summaries) {
            rows.add(new String[] {s.name(), Tables.sig(s.mean()), Tables.sig(s.mcseMean()), Tables.sig(s.sd()),
                    Tables.sig(s.q5()), Tables.sig(s.q50()), Tables.sig(s.q95()), Tables.whole(s.essBulk()),
                    Tables.whole(s.essTail()), Tables.rhat(s.rhat()), flag && flagged(s) ? "!" : ""});
        }
        boolean[] right = Tables.numeric(11);
        right[10] = false;
        return Tables.format(rows, right);
    }
}
