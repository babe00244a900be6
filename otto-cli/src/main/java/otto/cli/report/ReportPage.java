package otto.cli.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The report page: one self-contained HTML file (inline CSS, inline SVG, heat maps as PNG data
 * URIs; nothing fetched) with the problems, the free-energy trace and the monitors, the summary
 * table, the marginals with the reference overlaid, the comparison with the reference, the pair
 * plot, trace and rank plots, the grid density and the run's settings.
 */
public final class ReportPage {
    /** Quantities shown as marginals, at most, unless chosen. */
    public static final int MAX_MARGINALS = 48;
    /** Quantities with trace and rank plots, at most, unless chosen. */
    public static final int MAX_CHAIN_PLOTS = 24;
    /** Quantities in the pair plot, at most. */
    public static final int MAX_PAIRS = 8;
    /** Times of a 2-D density shown, at most. */
    public static final int MAX_HEAT_MAPS = 6;

    private final RunFolder run;
    private final Reference reference;
    private final List<String> chosen;
    private final String version;
    private final List<String> notes = new ArrayList<>();

    /**
     * A page for a run.
     *
     * @param run       the run folder
     * @param reference reference draws, or null
     * @param chosen    the quantities to plot (null: all, up to the limits)
     * @param version   Otto's version, for the footer
     */
    public ReportPage(RunFolder run, Reference reference, List<String> chosen, String version) {
        this.run = run;
        this.reference = reference;
        this.chosen = chosen;
        this.version = version;
    }

    /** What the page left out or could not show, one line each (also on the page). */
    public List<String> notes() {
        return List.copyOf(notes);
    }

    /**
     * The quantities of a pair plot: the chosen ones when there are at most {@code max}, else one of
     * each base name in turn ({@code mu}, {@code tau}, {@code theta.1}, then {@code theta.2} …), so
     * that every vector and scalar of the model appears before a second element of any vector.
     */
    public static List<String> pairQuantities(List<String> names, int max) {
        if (names.size() <= max) {
            return List.copyOf(names);
        }
        Map<String, List<String>> byBase = new LinkedHashMap<>();
        for (String n : names) {
            int dot = n.indexOf('.');
            byBase.computeIfAbsent(dot < 0 ? n : n.substring(0, dot), k -> new ArrayList<>()).add(n);
        }
        List<String> out = new ArrayList<>();
        for (int round = 0; out.size() < max; round++) {
            boolean any = false;
            for (List<String> group : byBase.values()) {
                if (round < group.size() && out.size() < max) {
                    out.add(group.get(round));
                    any = true;
                }
            }
            if (!any) {
                break;
            }
        }
        // keep the order of the draws
        return names.stream().filter(out::contains).toList();
    }

    /** The page. */
    public String render() {
        notes.clear();
        Svg.resetIds();
        List<String> names = chosen != null ? chosen : run.draws().names();
        StringBuilder body = new StringBuilder();
        List<String[]> nav = new ArrayList<>();
        String title = run.method() + " on " + run.model();

        body.append(problems());
        nav.add(new String[] {"problems", "Problems"});
        String fe = freeEnergy();
        body.append(fe);
        nav.add(new String[] {"free-energy", "Free energy"});
        String monitors = monitors();
        if (!monitors.isEmpty()) {
            body.append(monitors);
            nav.add(new String[] {"monitors", "Monitors"});
        }
        body.append(summaryTable());
        nav.add(new String[] {"summary", "Summary"});
        body.append(marginals(names));
        nav.add(new String[] {"marginals", "Marginals"});
        if (reference != null) {
            body.append(comparison());
            nav.add(new String[] {"reference", "Reference"});
        }
        if (names.size() >= 2) {
            body.append(pairs(names));
            nav.add(new String[] {"pairs", "Pairs"});
        }
        String chains = chains(names);
        if (!chains.isEmpty()) {
            body.append(chains);
            nav.add(new String[] {"chains", "Trace and rank plots"});
        }
        if (run.density() != null) {
            body.append(density());
            nav.add(new String[] {"density", "Density"});
        }
        body.append(settings());
        nav.add(new String[] {"settings", "Settings"});

        StringBuilder page = new StringBuilder(body.length() + 8192);
        page.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<meta name=\"generator\" content=\"otto ").append(Html.escape(version)).append("\">")
                .append("<title>otto report: ").append(Html.escape(title)).append("</title><style>").append(CSS)
                .append("</style></head><body>\n");
        page.append("<header><h1>").append(Html.escape(title)).append("</h1><p class=\"subtitle\">").append(subtitle())
                .append("</p><nav>");
        for (String[] n : nav) {
            page.append("<a href=\"#").append(n[0]).append("\">").append(n[1]).append("</a>");
        }
        page.append("</nav></header>\n<main>\n");
        if (!notes.isEmpty()) {
            page.append("<section id=\"notes\" class=\"notes\"><ul>");
            for (String n : notes) {
                page.append("<li>").append(Html.escape(n)).append("</li>");
            }
            page.append("</ul></section>\n");
        }
        page.append(body);
        page.append("</main><footer>Written by otto ").append(Html.escape(version)).append(" from ")
                .append(Html.escape(run.dir().toString()))
                .append(". How to read this page: docs/report.md in Otto's repository.</footer>\n</body></html>\n");
        return page.toString();
    }

    private String subtitle() {
        JsonNode timing = run.run().path("timing");
        List<String> parts = new ArrayList<>();
        if (timing.path("iterations").isNumber()) {
            parts.add(timing.path("iterations").asLong() + " iterations in " + Html.seconds(timing.path("total_seconds").asDouble(Double.NaN)));
        }
        parts.add("seed " + run.run().path("seed").asString("?"));
        parts.add(run.draws().chains() + " chain" + (run.draws().chains() == 1 ? "" : "s") + " × " + run.draws().draws() + " draws");
        parts.add(run.draws().names().size() + " quantities");
        if (!run.run().path("data").isNull() && run.run().path("data").isString()) {
            parts.add("data " + run.run().path("data").asString());
        }
        if (reference != null) {
            parts.add("reference " + reference.file().getFileName());
        }
        return Html.escape(String.join(" · ", parts));
    }

    // ---- problems -------------------------------------------------------------------------

    private String problems() {
        List<Flags.Problem> problems = Flags.problems(run);
        StringBuilder s = new StringBuilder("<section id=\"problems\"><h2>Problems</h2>");
        if (problems.isEmpty()) {
            boolean mc = run.summary().stream().anyMatch(r -> !Double.isNaN(r.get("rhat")) || !Double.isNaN(r.get("ess_bulk")));
            s.append("<p class=\"ok\">No problems flagged: ").append(mc
                    ? "R-hat ≤ 1.01 and bulk and tail ESS ≥ 100 for every quantity"
                    : "no Monte Carlo diagnostics apply (the summary is by quadrature)")
                    .append("; no numerical faults, divergent or rejected moves.</p>");
        } else {
            s.append("<ul class=\"problems\">");
            for (Flags.Problem p : problems) {
                s.append("<li class=\"problem\"><b>").append(Html.escape(p.title())).append("</b>: ").append(Html.escape(p.detail()))
                        .append("</li>");
            }
            s.append("</ul>");
        }
        return s.append("</section>\n").toString();
    }

    // ---- free energy and monitors -------------------------------------------------------------

    private static boolean anyFinite(double[] v) {
        if (v == null) {
            return false;
        }
        for (double x : v) {
            if (Double.isFinite(x)) {
                return true;
            }
        }
        return false;
    }

    private String freeEnergy() {
        RunFolder.Trace t = run.trace();
        StringBuilder s = new StringBuilder("<section id=\"free-energy\"><h2>Free energy</h2>");
        double[] it = t.column("iteration");
        double[] sec = t.column("seconds");
        double[] f = t.column("free_energy");
        if (f == null || !anyFinite(f)) {
            double[] elbo = t.column("elbo");
            if (elbo != null && anyFinite(elbo)) {
                f = new double[elbo.length];
                for (int i = 0; i < f.length; i++) {
                    f[i] = -elbo[i];
                }
            }
        }
        if (f == null || !anyFinite(f)) {
            s.append("<p class=\"missing\">This run recorded no free-energy estimate. ");
            s.append(List.of("mala", "ula", "kinetic").contains(run.method())
                    ? "The chain methods estimate it from their cloud of chains (k-nearest-neighbour entropy) only when there "
                            + "are at least max(20, 4d) chains; run with more --chains to see it."
                    : "Method " + Html.escape(run.method()) + " does not report one.");
            return s.append("</p></section>\n").toString();
        }
        double[] se = t.column("free_energy_se");
        if (se != null && !anyFinite(se)) {
            se = null;
        }
        s.append("<p>The free energy <i>F</i>(q) = KL(q ‖ π) − log p(y) = −ELBO along the run; it falls towards −log p(y). ")
                .append(se != null ? "The band is ± 2 standard errors of the estimate. " : "")
                .append("Iterations on a log scale (0 is shown half a decade left of 1); wall time in the second panel.</p>");
        s.append("<div class=\"row\">");
        JsonNode result = run.run().path("result");
        Svg.Plot p1 = Figures.traceAgainst(it, true, f, se, "free energy F", 470, 260).title("F against iterations")
                .data("plot", "free-energy-iterations").cssClass("plot trace-fe");
        Svg.Plot p2 = Figures.traceAgainst(sec, false, f, se, "free energy F", 470, 260).title("F against wall time")
                .data("plot", "free-energy-seconds").cssClass("plot trace-fe");
        List<String[]> legend = new ArrayList<>();
        legend.add(new String[] {"F", Svg.RUN});
        for (Svg.Plot p : List.of(p1, p2)) {
            if (result.path("log_evidence_grid").isNumber()) {
                p.hline(-result.path("log_evidence_grid").asDouble(), "#2a2", "2 2");
            } else if (result.path("log_evidence_is").isNumber()) {
                p.hline(-result.path("log_evidence_is").asDouble(), "#2a2", "2 2");
            }
        }
        if (result.path("log_evidence_grid").isNumber()) {
            legend.add(new String[] {"−log Z (grid)", "#2a2", "2 2"});
        } else if (result.path("log_evidence_is").isNumber()) {
            legend.add(new String[] {"−log p(y) (IS)", "#2a2", "2 2"});
        }
        JsonNode warmup = run.run().path("settings").path("warmup");
        if (warmup.isNumber() && warmup.asDouble() > 0) {
            p1.vline(warmup.asDouble(), "#888", "4 3", "end of warm-up");
        }
        p1.legend(legend);
        s.append(p1.render()).append(p2.render());
        // a zoom on the second half when the start dwarfs the rest
        int half = it.length / 2;
        if (it.length >= 8) {
            double[] all = Figures.finiteRange(f);
            double[] tailRange = Figures.finiteRange(java.util.Arrays.copyOfRange(f, half, f.length));
            if (tailRange[1] - tailRange[0] < 0.2 * (all[1] - all[0])) {
                s.append(Figures.traceLinear(it, f, se, half, "free energy F", 470, 260).title("the second half of the run")
                        .data("plot", "free-energy-zoom").cssClass("plot trace-fe").render());
            }
        }
        s.append("</div>");
        double last = Double.NaN;
        double lastSe = Double.NaN;
        for (int i = f.length - 1; i >= 0; i--) {
            if (Double.isFinite(f[i])) {
                last = f[i];
                lastSe = se == null ? Double.NaN : se[i];
                break;
            }
        }
        s.append("<p class=\"numbers\">Last recorded F = ").append(Html.sig(last))
                .append(Double.isFinite(lastSe) ? " ± " + Html.sig(lastSe) : "");
        if (result.path("free_energy").isNumber()) {
            s.append("; final estimate F = ").append(Html.sig(result.path("free_energy").asDouble()));
            if (result.path("elbo_se").isNumber()) {
                s.append(" ± ").append(Html.sig(result.path("elbo_se").asDouble()));
            }
        }
        if (result.path("log_evidence_is").isNumber()) {
            s.append("; importance-sampled log p(y) = ").append(Html.sig(result.path("log_evidence_is").asDouble()));
        }
        if (result.path("pareto_k").isNumber()) {
            s.append("; Pareto k̂ = ").append(Html.num(result.path("pareto_k").asDouble()))
                    .append(result.path("pareto_k").asDouble() > Flags.PARETO_K ? " (> 0.7: q is a poor fit)" : " (≤ 0.7)");
        }
        if (result.path("log_evidence_grid").isNumber()) {
            s.append("; log Z on the grid = ").append(Html.sig(result.path("log_evidence_grid").asDouble()));
        }
        return s.append(".</p></section>\n").toString();
    }

    private String monitors() {
        RunFolder.Trace t = run.trace();
        double[] it = t.column("iteration");
        StringBuilder panels = new StringBuilder();
        List<String> constant = new ArrayList<>();
        for (String c : t.columns()) {
            if (List.of("iteration", "seconds", "free_energy", "elbo", "free_energy_se").contains(c)) {
                continue;
            }
            double[] v = t.column(c);
            if (!anyFinite(v)) {
                continue;
            }
            double[] r = Figures.finiteRange(v);
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (double x : v) {
                if (Double.isFinite(x)) {
                    lo = Math.min(lo, x);
                    hi = Math.max(hi, x);
                }
            }
            if (lo == hi) {
                constant.add(c + " = " + (lo == Math.rint(lo) && Math.abs(lo) < 1e15 ? Long.toString((long) lo) : Html.sig(lo).trim()));
                continue;
            }
            panels.append(Figures.traceAgainst(it, true, v, null, c, 310, 190).title(c).data("plot", "monitor-" + c)
                    .cssClass("plot monitor").render());
        }
        if (panels.length() == 0 && constant.isEmpty()) {
            return "";
        }
        StringBuilder s = new StringBuilder("<section id=\"monitors\"><h2>Monitors</h2><p>The method's own monitors of trace.csv "
                + "against the iterations (log scale).</p><div class=\"row\">");
        s.append(panels).append("</div>");
        if (!constant.isEmpty()) {
            s.append("<p class=\"constant\">Constant throughout: ").append(Html.escape(String.join(", ", constant))).append(".</p>");
        }
        return s.append("</section>\n").toString();
    }

    // ---- summary ------------------------------------------------------------------------------

    private static final String[][] COLUMNS = {{"mean", "mean"}, {"mcse_mean", "mcse"}, {"sd", "sd"}, {"q5", "q5"},
        {"q50", "q50"}, {"q95", "q95"}, {"ess_bulk", "ess_bulk"}, {"ess_tail", "ess_tail"}, {"rhat", "rhat"}};

    private String summaryTable() {
        StringBuilder s = new StringBuilder("<section id=\"summary\"><h2>Summary</h2>");
        s.append("<p>From summary.csv. Flagged (red): R-hat &gt; 1.01, bulk or tail ESS &lt; 100 (Vehtari et al. 2021).</p>");
        s.append("<table class=\"summary\"><thead><tr><th>quantity</th>");
        for (String[] c : COLUMNS) {
            s.append("<th>").append(c[1]).append("</th>");
        }
        s.append("<th>flags</th></tr></thead><tbody>");
        for (RunFolder.SummaryRow r : run.summary()) {
            List<String> reasons = Flags.of(run, r);
            s.append("<tr data-quantity=\"").append(Html.escape(r.name())).append('"')
                    .append(reasons.isEmpty() ? "" : " class=\"flagged\"").append("><th>").append(Html.escape(r.name())).append("</th>");
            for (String[] c : COLUMNS) {
                double v = r.get(c[0]);
                boolean bad = c[0].equals("rhat") && v > Flags.RHAT || c[0].startsWith("ess") && v < Flags.ESS;
                String text = c[0].startsWith("ess") ? Html.ess(v) : c[0].equals("rhat") ? Html.fixed3(v) : Html.sig(v);
                s.append(bad ? "<td class=\"bad\">" : "<td>").append(text).append("</td>");
            }
            s.append("<td class=\"flags\">").append(Html.escape(String.join("; ", reasons))).append("</td></tr>");
        }
        return s.append("</tbody></table></section>\n").toString();
    }

    // ---- marginals and the reference ------------------------------------------------------------

    private String marginals(List<String> names) {
        List<String> shown = names.size() > MAX_MARGINALS && chosen == null ? names.subList(0, MAX_MARGINALS) : names;
        if (shown.size() < names.size()) {
            notes.add("marginals: the first " + shown.size() + " of " + names.size() + " quantities are shown; choose others with --params");
        }
        StringBuilder s = new StringBuilder("<section id=\"marginals\"><h2>Marginals</h2><p>Histogram (as a density) and "
                + "kernel density estimate of each quantity's draws, all chains pooled");
        if (reference != null) {
            s.append("; the reference's kernel density estimate dashed in black");
        }
        s.append(". Ranges from the 0.5 % to the 99.5 % quantile.</p><div class=\"grid\">");
        for (String n : shown) {
            double[] x = run.draws().pooled(run.draws().index(n));
            double[] ref = refDraws(n);
            s.append(Figures.marginal(n, x, ref, 230, 150, true).render());
        }
        s.append("</div>");
        if (reference != null) {
            List<String> without = shown.stream().filter(n -> refDraws(n) == null).toList();
            if (!without.isEmpty()) {
                s.append("<p class=\"constant\">Not in the reference: ").append(Html.escape(Reference.examples(without))).append(".</p>");
            }
        }
        return s.append("</section>\n").toString();
    }

    private double[] refDraws(String name) {
        if (reference == null) {
            return null;
        }
        int j = reference.draws().index(name);
        return j < 0 ? null : reference.draws().pooled(j);
    }

    /**
     * The run against the reference, per matched quantity: means, sds, the difference of the means
     * in reference sds, and its z-score {@code Δ / √(mcse² + sd_ref²/n_ref)} (flagged beyond 4), and
     * the ratio of sds with the z-score of its logarithm, {@code se ≈ √(1/(2 ess) + 1/(2 n_ref))}.
     */
    private String comparison() {
        StringBuilder s = new StringBuilder("<section id=\"reference\"><h2>Against the reference</h2>");
        s.append("<p>Reference: ").append(Html.escape(reference.file().toString())).append(" (")
                .append(reference.draws().chains()).append(" chains, ")
                .append(reference.draws().pooled(0).length).append(" draws). A difference is flagged when it is more than 4 "
                        + "standard errors (the run's MCSE and the reference's own Monte Carlo error, taken as independent draws).</p>");
        s.append("<table class=\"comparison\"><thead><tr><th>quantity</th><th>mean</th><th>ref mean</th><th>Δ / ref sd</th>"
                + "<th>z</th><th>sd</th><th>ref sd</th><th>sd ratio</th><th>z (log ratio)</th></tr></thead><tbody>");
        Map<String, RunFolder.SummaryRow> summary = new LinkedHashMap<>();
        for (RunFolder.SummaryRow r : run.summary()) {
            summary.put(r.name(), r);
        }
        int flagged = 0;
        for (String n : reference.draws().names()) {
            double[] x = run.draws().pooled(run.draws().index(n));
            double[] ref = reference.draws().pooled(reference.draws().index(n));
            double mean = Stats.mean(x);
            double sd = Stats.sd(x);
            double refMean = Stats.mean(ref);
            double refSd = Stats.sd(ref);
            int nRef = Stats.sorted(ref).length;
            RunFolder.SummaryRow row = summary.get(n);
            double mcse = row == null ? Double.NaN : row.get("mcse_mean");
            double ess = row == null ? Double.NaN : row.get("ess_bulk");
            if (!(mcse >= 0)) {
                mcse = sd / Math.sqrt(Stats.sorted(x).length);
            }
            if (!(ess > 0)) {
                ess = Stats.sorted(x).length;
            }
            double z = (mean - refMean) / Math.sqrt(mcse * mcse + refSd * refSd / nRef);
            double ratio = sd / refSd;
            double zs = Math.log(ratio) / Math.sqrt(1 / (2 * ess) + 1 / (2.0 * nRef));
            boolean badMean = Math.abs(z) > 4;
            boolean badSd = Math.abs(zs) > 4;
            flagged += badMean || badSd ? 1 : 0;
            s.append("<tr data-quantity=\"").append(Html.escape(n)).append('"').append(badMean || badSd ? " class=\"flagged\"" : "")
                    .append("><th>").append(Html.escape(n)).append("</th><td>").append(Html.sig(mean)).append("</td><td>")
                    .append(Html.sig(refMean)).append("</td><td>").append(Html.sig((mean - refMean) / refSd)).append("</td>")
                    .append(badMean ? "<td class=\"bad\">" : "<td>").append(String.format(Locale.ROOT, "%.1f", z)).append("</td><td>")
                    .append(Html.sig(sd)).append("</td><td>").append(Html.sig(refSd)).append("</td><td>").append(Html.sig(ratio))
                    .append("</td>").append(badSd ? "<td class=\"bad\">" : "<td>").append(String.format(Locale.ROOT, "%.1f", zs))
                    .append("</td></tr>");
        }
        s.append("</tbody></table>");
        s.append("<p class=\"numbers\">").append(flagged).append(" of ").append(reference.draws().names().size())
                .append(" matched quantities differ from the reference by more than 4 standard errors.");
        if (!reference.unmatched().isEmpty()) {
            s.append(" In the reference but not the run: ").append(Html.escape(Reference.examples(reference.unmatched()))).append('.');
        }
        return s.append("</p></section>\n").toString();
    }

    // ---- pairs --------------------------------------------------------------------------------

    private String pairs(List<String> names) {
        List<String> q = pairQuantities(names, MAX_PAIRS);
        if (q.size() < names.size()) {
            notes.add("pair plot: " + q.size() + " of " + names.size() + " quantities (" + String.join(", ", q)
                    + "); choose others with --params");
        }
        double size = q.size() <= 3 ? 180 : q.size() <= 5 ? 140 : 112;
        int dj = run.sampler().index("divergent__");
        double[] divergent = dj < 0 ? null : run.sampler().pooled(dj);
        long nDivergent = divergent == null ? 0 : java.util.Arrays.stream(divergent).filter(v -> v == 1.0).count();
        StringBuilder s = new StringBuilder("<section id=\"pairs\"><h2>Pairs</h2><p>Below the diagonal, the draws of each pair "
                + "(at most " + Figures.PAIR_POINTS + " a panel, thinned evenly)" + (reference != null ? ", the reference's in grey beneath" : "")
                + (nDivergent > 0 ? "; the " + nDivergent + " divergent draw" + (nDivergent == 1 ? "" : "s")
                        + " (divergent__ = 1: the move there was rejected) in magenta, all of them" : "")
                + "; on it, the marginals; above it, the correlation. Funnels and banana shapes show here first.</p>");
        s.append("<div class=\"pairs\" style=\"grid-template-columns: repeat(").append(q.size()).append(", ")
                .append(Svg.f(size)).append("px)\">");
        double[][] x = new double[q.size()][];
        double[][] ref = new double[q.size()][];
        for (int i = 0; i < q.size(); i++) {
            x[i] = run.draws().pooled(run.draws().index(q.get(i)));
            ref[i] = refDraws(q.get(i));
        }
        for (int row = 0; row < q.size(); row++) {
            for (int col = 0; col < q.size(); col++) {
                if (row == col) {
                    s.append(Figures.marginal(q.get(row), x[row], ref[row], size, size, false).cssClass("plot pair-diagonal").render());
                } else if (row > col) {
                    s.append(Figures.scatter(q.get(col), x[col], ref[col], q.get(row), x[row], ref[row], nDivergent > 0 ? divergent : null,
                            size, row == q.size() - 1, col == 0).render());
                } else {
                    s.append(Figures.correlation(x[col], x[row], size).render());
                }
            }
        }
        return s.append("</div></section>\n").toString();
    }

    // ---- chains -------------------------------------------------------------------------------

    private String chains(List<String> names) {
        Samples d = run.draws();
        if (RunFolder.INDEPENDENT_DRAWS.contains(run.method())) {
            return "";
        }
        if (d.chains() < 2 || d.draws() < 10) {
            notes.add("trace and rank plots need at least 2 chains of 10 draws; this run has " + d.chains() + " of " + d.draws());
            return "";
        }
        List<String> shown = names.size() > MAX_CHAIN_PLOTS && chosen == null ? names.subList(0, MAX_CHAIN_PLOTS) : names;
        if (shown.size() < names.size()) {
            notes.add("trace and rank plots: the first " + shown.size() + " of " + names.size()
                    + " quantities are shown; choose others with --params");
        }
        if (d.chains() > Figures.MAX_CHAINS) {
            notes.add("trace and rank plots show the first " + Figures.MAX_CHAINS + " of " + d.chains()
                    + " chains (the ranks are over all of them)");
        }
        int bins = Stats.rankBins(d.draws());
        int[] band = Stats.binomialInterval(d.draws(), 1.0 / bins, 0.99);
        StringBuilder s = new StringBuilder("<section id=\"chains\"><h2>Trace and rank plots</h2>");
        s.append("<p>Left: each chain's draws in order. Right: the rank plot (Vehtari et al. 2021): every draw ranked among all "
                + "chains' draws pooled, and each chain's ranks histogrammed in ").append(bins).append(" bins. When the chains "
                + "mix and have found the same distribution every bar is near the dashed line, the expected count ")
                .append(Html.num(d.draws() / (double) bins)).append(", and stays in the grey band (")
                .append(band[0]).append(" to ").append(band[1]).append(", the central 99 % of each bar's count); bars outside "
                + "it are red. A chain that sits high or low in the ranks, or a U- or ∩-shaped histogram, has not mixed.</p>");
        for (String n : shown) {
            double[][] c = d.values()[d.index(n)];
            s.append("<div class=\"row chain-row\" data-quantity=\"").append(Html.escape(n)).append("\">")
                    .append(Figures.tracePlot(n, c, 560, 150).render())
                    .append(Figures.rankPlot(n, c, 380, Math.max(12, Math.min(22, 100.0 / Math.min(d.chains(), Figures.MAX_CHAINS))))
                            .render())
                    .append("</div>");
        }
        return s.append("</section>\n").toString();
    }

    // ---- the grid density ---------------------------------------------------------------------

    private String density() {
        RunFolder.Density d = run.density();
        StringBuilder s = new StringBuilder("<section id=\"density\"><h2>Density</h2>");
        s.append("<p>The density of density.csv on the grid (cell centres on the unconstrained scale")
                .append(d.axes().get(0).startsWith("z.") ? "; drawn in the grid's coordinates z, which the Laplace fit maps to them"
                        + " as in run.json's frame" : "").append(") at the kept times.</p>");
        int n = d.times().length;
        if (d.dimension() == 1) {
            int[] all = new int[n];
            for (int k = 0; k < n; k++) {
                all[k] = k;
            }
            s.append("<div class=\"row\">").append(Figures.density1d(d, all, 620, 300).render()).append("</div>");
        } else if (d.dimension() <= 3) {
            int[] times = evenly(n, MAX_HEAT_MAPS);
            if (times.length < n) {
                notes.add("density: " + times.length + " of its " + n + " times are shown");
            }
            if (d.dimension() == 3) {
                s.append("<p>Three dimensions: the (").append(Html.escape(d.axes().get(0))).append(", ")
                        .append(Html.escape(d.axes().get(1))).append(") marginal, summed over ").append(Html.escape(d.axes().get(2)))
                        .append(".</p>");
            }
            s.append("<p>Colour: viridis from 0 (dark) to each panel's largest value (yellow).</p><div class=\"row\">");
            for (int t : times) {
                s.append(Figures.heatMap(d, t, 300, 270).render());
            }
            s.append("</div>");
        } else {
            s.append("<p>A density in ").append(d.dimension()).append(" dimensions is not drawn.</p>");
        }
        return s.append("</section>\n").toString();
    }

    /** At most max indices of 0 … n-1, evenly spread, always with the first and the last. */
    static int[] evenly(int n, int max) {
        if (n <= max) {
            int[] all = new int[n];
            for (int k = 0; k < n; k++) {
                all[k] = k;
            }
            return all;
        }
        int[] out = new int[max];
        for (int k = 0; k < max; k++) {
            out[k] = (int) Math.round(k * (n - 1) / (double) (max - 1));
        }
        return out;
    }

    // ---- settings -----------------------------------------------------------------------------

    private String settings() {
        JsonNode r = run.run();
        StringBuilder s = new StringBuilder("<section id=\"settings\"><h2>Settings</h2><div class=\"row\">");
        s.append("<table class=\"settings\"><caption>run</caption>");
        for (String k : List.of("model", "data", "method", "seed", "threads", "stop_reason")) {
            s.append(kv(k, value(r.path(k))));
        }
        for (Map.Entry<String, JsonNode> e : r.path("versions").properties()) {
            s.append(kv(e.getKey() + " version", value(e.getValue())));
        }
        s.append("</table>");
        s.append("<table class=\"settings\"><caption>method settings</caption>");
        for (Map.Entry<String, JsonNode> e : r.path("settings").properties()) {
            s.append(kv(e.getKey(), value(e.getValue())));
        }
        s.append("</table>");
        JsonNode timing = r.path("timing");
        s.append("<table class=\"settings\" id=\"timing\"><caption>timing</caption>");
        s.append(kv("total", Html.seconds(timing.path("total_seconds").asDouble(Double.NaN))));
        s.append(kv("iterations", value(timing.path("iterations"))));
        s.append(kv("per iteration (median)", Html.seconds(timing.path("seconds_per_iteration_median").asDouble(Double.NaN))));
        s.append("</table>");
        s.append("<table class=\"settings\"><caption>result (run.json)</caption>");
        for (Map.Entry<String, JsonNode> e : r.path("result").properties()) {
            s.append(kv(e.getKey(), value(e.getValue())));
        }
        s.append("</table></div></section>\n");
        return s.toString();
    }

    private static String kv(String k, String v) {
        return "<tr><th>" + Html.escape(k) + "</th><td>" + Html.escape(v) + "</td></tr>";
    }

    /** A JSON value in a few words: numbers to 4 digits, arrays as their size and range. */
    static String value(JsonNode v) {
        if (v == null || v.isMissingNode() || v.isNull()) {
            return "";
        }
        if (v.isNumber()) {
            return v.isIntegralNumber() ? v.asString() : Html.sig(v.asDouble()).trim();
        }
        if (v.isArray()) {
            List<Double> xs = new ArrayList<>();
            for (JsonNode e : v) {
                if (e.isNumber()) {
                    xs.add(e.asDouble());
                }
            }
            if (v.size() <= 8 && xs.size() == v.size()) {
                return String.join(", ", xs.stream().map(x -> Html.sig(x).trim()).toList());
            }
            if (xs.size() == v.size() && !xs.isEmpty()) {
                double lo = xs.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
                double hi = xs.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
                return v.size() + " values, " + (lo == hi ? "all " + Html.sig(lo).trim() : Html.sig(lo).trim() + " to " + Html.sig(hi).trim());
            }
            return v.size() + " values";
        }
        if (v.isObject()) {
            List<String> parts = new ArrayList<>();
            for (Map.Entry<String, JsonNode> e : v.properties()) {
                parts.add(e.getKey() + " " + value(e.getValue()));
            }
            return parts.isEmpty() ? "none" : String.join(", ", parts);
        }
        return v.asString();
    }

    private static final String CSS = String.join("",
            "body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;color:#222;margin:0;background:#fff}",
            "header{padding:14px 24px 6px;border-bottom:1px solid #ddd;background:#f7f7f9}",
            "h1{font-size:20px;margin:0 0 2px}h2{font-size:17px;margin:26px 0 6px;border-bottom:1px solid #eee;padding-bottom:3px}",
            ".subtitle{margin:0 0 6px;color:#555}nav a{margin-right:14px;color:#0b5cad;text-decoration:none}",
            "main{padding:0 24px 30px;max-width:1500px}footer{padding:12px 24px;color:#777;font-size:12px;border-top:1px solid #eee}",
            ".row{display:flex;flex-wrap:wrap;gap:8px 16px;align-items:flex-start}",
            ".grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(232px,1fr));gap:6px}",
            ".pairs{display:grid;gap:0}svg{display:block;font-family:system-ui,sans-serif}",
            ".problems{padding-left:20px}.problem{color:#9a1b1b;margin:3px 0}.ok{color:#1b6e20}",
            ".notes{background:#fff8e0;border:1px solid #ecd98b;margin-top:12px;padding:2px 10px;font-size:13px}",
            "table{border-collapse:collapse;font-size:13px;margin:6px 0}th,td{padding:2px 8px;text-align:right;white-space:nowrap}",
            "thead th{border-bottom:1px solid #999;text-align:right}tbody th{text-align:left;font-weight:500}",
            "tbody tr:nth-child(even){background:#fafafa}td.bad{background:#fbe0e0;color:#9a1b1b;font-weight:600}",
            "tr.flagged th{color:#9a1b1b}td.flags{text-align:left;color:#9a1b1b}",
            "table.settings{margin-right:24px}table.settings th{text-align:left;font-weight:500;color:#555}",
            "table.settings td{text-align:left;white-space:normal;max-width:420px}caption{text-align:left;font-weight:600;padding:2px 8px}",
            ".constant,.missing{color:#555}.numbers{color:#333}");
}
