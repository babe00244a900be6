package otto.cli.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import otto.models.Inputs;
import tools.jackson.databind.json.JsonMapper;

/**
 * A finished run folder as {@code otto run} writes it.
 *
 * @param dir      the folder
 * @param run      {@code run.json}
 * @param draws    the quantities of {@code draws.csv} (the columns whose names do not end in {@code __})
 * @param sampler  its sampler columns ({@code lp__}, {@code accept_stat__} …; not {@code chain__})
 * @param summary  {@code summary.csv}, one row per quantity
 * @param trace    {@code trace.csv}
 * @param density  {@code density.csv} of the grid methods, or null
 */
public record RunFolder(Path dir, JsonNode run, Samples draws, Samples sampler, List<SummaryRow> summary, Trace trace,
        Density density) {
    /** The files every finished run has. */
    public static final List<String> FILES = List.of("draws.csv", "summary.csv", "trace.csv", "run.json");
    /** The methods that write {@code density.csv}. */
    public static final Set<String> GRID_METHODS = Set.of("fokker-planck", "jko");
    /** The methods whose draws are independent draws from a fitted q (no chains to diagnose). */
    public static final Set<String> INDEPENDENT_DRAWS = Set.of("fbvi", "bwvi", "mixture", "advi", "fokker-planck", "jko", "svgd",
            "blob");
    /** Methods whose draws are the final cloud of a deterministic particle flow: not a chain, no ESS or R-hat to flag. */
    public static final Set<String> PARTICLE_CLOUDS = Set.of("svgd", "blob");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * One row of {@code summary.csv}.
     *
     * @param name   the quantity
     * @param values its columns by name (mean, sd, ess_bulk, rhat …); NaN where empty
     */
    public record SummaryRow(String name, Map<String, Double> values) {
        /** A column's value; NaN when missing or empty. */
        public double get(String column) {
            Double v = values.get(column);
            return v == null ? Double.NaN : v;
        }
    }

    /**
     * {@code trace.csv}: one row per recorded iteration.
     *
     * @param columns the header (iteration, seconds, free_energy, elbo, then the monitors)
     * @param rows    the values (NaN where empty)
     */
    public record Trace(List<String> columns, double[][] rows) {
        /** A column's values, or null when there is no such column. */
        public double[] column(String name) {
            int j = columns.indexOf(name);
            if (j < 0) {
                return null;
            }
            double[] out = new double[rows.length];
            for (int i = 0; i < rows.length; i++) {
                out[i] = rows[i][j];
            }
            return out;
        }
    }

    /**
     * {@code density.csv}: the grid density at some times, on the unconstrained scale.
     *
     * @param axes    the coordinate names (x.1 … x.d)
     * @param centres per axis, the sorted cell centres
     * @param times   the kept times
     * @param values  per time, the density in row-major order of the axes (the last axis fastest)
     */
    public record Density(List<String> axes, double[][] centres, double[] times, List<double[]> values) {
        /** The dimension. */
        public int dimension() {
            return axes.size();
        }

        /** The number of cells. */
        public int cells() {
            int n = 1;
            for (double[] c : centres) {
                n *= c.length;
            }
            return n;
        }
    }

    /** The method named in run.json. */
    public String method() {
        return run.path("method").asString("");
    }

    /** The model named in run.json. */
    public String model() {
        return run.path("model").asString("");
    }

    /** Reads a run folder; every problem with it is a one-line {@link ReportInputException}. */
    public static RunFolder read(Path dir) {
        if (!Files.exists(dir)) {
            throw new ReportInputException(dir + ": no such folder");
        }
        if (!Files.isDirectory(dir)) {
            throw new ReportInputException(dir + ": is a file, not a run folder; give the folder otto run wrote "
                    + "(it holds draws.csv and run.json)");
        }
        if (!Files.exists(dir.resolve("run.json")) && !Files.exists(dir.resolve("draws.csv"))) {
            throw new ReportInputException(dir + ": not a run folder: it has no run.json or draws.csv "
                    + "(otto run writes draws.csv, summary.csv, trace.csv and run.json)");
        }
        for (String f : FILES) {
            if (!Files.exists(dir.resolve(f))) {
                throw new ReportInputException(dir.resolve(f) + ": missing: a finished run folder has "
                        + String.join(", ", FILES));
            }
        }
        JsonNode run = readJson(dir.resolve("run.json"));
        String method = run.path("method").asString("");
        Csv drawsCsv = Csv.read(dir.resolve("draws.csv"), "draws in CmdStan's CSV layout");
        if (drawsCsv.rows().isEmpty()) {
            throw new ReportInputException(dir.resolve("draws.csv") + ":" + drawsCsv.headerLine() + ": no draws after the header");
        }
        List<Integer> params = new ArrayList<>();
        List<Integer> samplerColumns = new ArrayList<>();
        for (int j = 0; j < drawsCsv.header().size(); j++) {
            String name = drawsCsv.header().get(j);
            if (name.equals("chain__")) {
                continue;
            }
            (name.endsWith("__") ? samplerColumns : params).add(j);
        }
        if (params.isEmpty()) {
            throw new ReportInputException(dir.resolve("draws.csv") + ":" + drawsCsv.headerLine()
                    + ": no parameter columns (only " + String.join(", ", drawsCsv.header()) + ")");
        }
        int chain = drawsCsv.column("chain__");
        Samples draws = Samples.split(drawsCsv, chain, params);
        Samples sampler = Samples.split(drawsCsv, chain, samplerColumns);
        List<SummaryRow> summary = readSummary(dir.resolve("summary.csv"));
        Trace trace = readTrace(dir.resolve("trace.csv"));
        Density density = null;
        Path densityFile = dir.resolve("density.csv");
        if (Files.exists(densityFile)) {
            density = readDensity(densityFile);
        } else if (GRID_METHODS.contains(method)) {
            throw new ReportInputException(densityFile + ": missing: method " + method + " writes its density there");
        }
        return new RunFolder(dir, run, draws, sampler, summary, trace, density);
    }

    static JsonNode readJson(Path file) {
        String text;
        try {
            text = Inputs.readText(file, Inputs.wholeFileLimit());
        } catch (Inputs.Problem e) {
            throw new ReportInputException(file + ": " + e.getMessage());
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JacksonException e) {
            var loc = e.getLocation();
            String where = loc == null || loc.getLineNr() < 1 ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
            String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage().lines().findFirst().orElse("");
            throw new ReportInputException(file + ": malformed JSON" + where + ": " + otto.models.DataException.printable(message));
        }
        if (root == null || root.isMissingNode() || !root.isObject()) {
            throw new ReportInputException(file + ": expected a JSON object (run.json as otto run writes it)");
        }
        if (!root.path("method").isString()) {
            throw new ReportInputException(file + ": no \"method\": not a run.json written by otto run");
        }
        return root;
    }

    static List<SummaryRow> readSummary(Path file) {
        Csv csv = Csv.read(file, "a summary in CSV");
        int name = csv.required("name", ": not a summary.csv written by otto run");
        List<SummaryRow> rows = new ArrayList<>();
        for (int i = 0; i < csv.rows().size(); i++) {
            Map<String, Double> values = new LinkedHashMap<>();
            for (int j = 0; j < csv.header().size(); j++) {
                if (j != name) {
                    values.put(csv.header().get(j), csv.number(i, j));
                }
            }
            rows.add(new SummaryRow(csv.rows().get(i)[name], values));
        }
        return List.copyOf(rows);
    }

    static Trace readTrace(Path file) {
        Csv csv = Csv.read(file, "a trace in CSV");
        csv.required("iteration", ": not a trace.csv written by otto run");
        double[][] rows = new double[csv.rows().size()][csv.header().size()];
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < rows[i].length; j++) {
                rows[i][j] = csv.number(i, j);
            }
        }
        return new Trace(csv.header(), rows);
    }

    /**
     * {@code density.csv}: a header {@code time,x.1,…,x.d,density}, one row per cell and time. The
     * cells are placed by their centres, so any row order reads the same. A grid laid out in other
     * coordinates than the model's also has columns {@code z.1 … z.d}, the lattice: the cells are
     * then placed by those, and the x columns are not read.
     */
    static Density readDensity(Path file) {
        Csv csv = Csv.read(file, "a density in CSV");
        String why = ": not a density.csv written by otto run (time, x.1 … x.d, density)";
        int time = csv.required("time", why);
        int rho = csv.required("density", why);
        List<Integer> axisColumns = new ArrayList<>();
        List<String> axes = new ArrayList<>();
        boolean framed = csv.header().contains("z.1");
        for (int j = 0; j < csv.header().size(); j++) {
            String name = csv.header().get(j);
            if (j != time && j != rho && (!framed || name.startsWith("z."))) {
                axisColumns.add(j);
                axes.add(name);
            }
        }
        if (axes.isEmpty()) {
            throw new ReportInputException(file + ":" + csv.headerLine() + ": no coordinate columns" + why);
        }
        if (csv.rows().isEmpty()) {
            throw new ReportInputException(file + ":" + csv.headerLine() + ": no rows after the header");
        }
        int d = axes.size();
        int n = csv.rows().size();
        double[][] centres = new double[d][];
        List<Map<Double, Integer>> index = new ArrayList<>();
        for (int a = 0; a < d; a++) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = csv.number(i, axisColumns.get(a));
                if (!Double.isFinite(v[i])) {
                    throw new ReportInputException(file + ":" + csv.lines()[i] + ": coordinate " + axes.get(a) + " is not finite");
                }
            }
            centres[a] = Arrays.stream(v).distinct().sorted().toArray();
            Map<Double, Integer> m = new HashMap<>();
            for (int k = 0; k < centres[a].length; k++) {
                m.put(centres[a][k], k);
            }
            index.add(m);
        }
        List<Double> times = new ArrayList<>();
        Map<Double, double[]> byTime = new LinkedHashMap<>();
        int cells = 1;
        for (double[] c : centres) {
            cells *= c.length;
        }
        for (int i = 0; i < n; i++) {
            double t = csv.number(i, time);
            double[] values = byTime.get(t);
            if (values == null) {
                values = new double[cells];
                Arrays.fill(values, Double.NaN);
                byTime.put(t, values);
                times.add(t);
            }
            int k = 0;
            for (int a = 0; a < d; a++) {
                k = k * centres[a].length + index.get(a).get(csv.number(i, axisColumns.get(a)));
            }
            values[k] = csv.number(i, rho);
        }
        return new Density(List.copyOf(axes), centres, times.stream().mapToDouble(Double::doubleValue).toArray(),
                List.copyOf(byTime.values()));
    }
}
