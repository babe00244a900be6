package otto.cli.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * What the report flags: per quantity, R-hat above 1.01 and bulk or tail ESS below 100 (the
 * thresholds of Vehtari et al. 2021); per run, Pareto k̂ above 0.7, numerical faults, divergent or
 * rejected moves, skipped steps and a low acceptance rate. Missing values (NaN: the grid methods
 * have no Monte Carlo error) are never flagged.
 */
public final class Flags {
    /** R-hat above this is flagged. */
    public static final double RHAT = 1.01;
    /** Bulk or tail ESS below this is flagged. */
    public static final double ESS = 100;
    /** Pareto k̂ above this is flagged. */
    public static final double PARETO_K = 0.7;
    /** A mean acceptance rate below this is flagged. */
    public static final double ACCEPTANCE = 0.1;

    private Flags() {
    }

    /**
     * A problem with the run as a whole.
     *
     * @param title  a few words (the kind)
     * @param detail a sentence saying what it means and what to do
     */
    public record Problem(String title, String detail) {
    }

    /**
     * The reasons a quantity of {@code run} is flagged (empty when it is not); the final cloud of a
     * particle flow is not a chain, so its ESS and R-hat are not flagged.
     */
    public static List<String> of(RunFolder run, RunFolder.SummaryRow row) {
        return RunFolder.PARTICLE_CLOUDS.contains(run.method()) ? List.of() : of(row);
    }

    /** The reasons a quantity is flagged (empty when it is not). */
    public static List<String> of(RunFolder.SummaryRow row) {
        List<String> reasons = new ArrayList<>();
        double rhat = row.get("rhat");
        if (rhat > RHAT) {
            reasons.add(String.format(Locale.ROOT, "R-hat %.3f > %.2f", rhat, RHAT));
        }
        double bulk = row.get("ess_bulk");
        if (bulk < ESS) {
            reasons.add("bulk ESS " + Html.ess(bulk) + " < " + Html.whole(ESS));
        }
        double tail = row.get("ess_tail");
        if (tail < ESS) {
            reasons.add("tail ESS " + Html.ess(tail) + " < " + Html.whole(ESS));
        }
        return reasons;
    }

    /** The problems of the run: its diagnostics, run.json's result and faults, and the acceptance rate. */
    public static List<Problem> problems(RunFolder run) {
        List<Problem> out = new ArrayList<>();
        long flagged = run.summary().stream().filter(r -> !of(run, r).isEmpty()).count();
        if (flagged > 0) {
            out.add(new Problem(flagged + " of " + run.summary().size() + " quantities flagged",
                    "R-hat > 1.01 or bulk or tail ESS < 100 (marked in the table): the chains have not mixed or are too "
                            + "short; run longer (more --warmup and --draws) before trusting them."));
        }
        if (run.summary().isEmpty()) {
            out.add(new Problem("no summary", "summary.csv has no rows: the draws were not finite (see run.json)."));
        }
        JsonNode result = run.run().path("result");
        JsonNode k = result.path("pareto_k");
        if (k.isNumber() && k.asDouble() > PARETO_K) {
            out.add(new Problem(String.format(Locale.ROOT, "Pareto k̂ %.2f > %.1f", k.asDouble(), PARETO_K),
                    "the importance ratios posterior/q have a heavy tail: q is a poor fit; do not trust its means, sds "
                            + "or evidence."));
        }
        JsonNode counts = run.run().path("faults").path("counts");
        for (Map.Entry<String, JsonNode> e : counts.properties()) {
            long n = e.getValue().asLong(0);
            if (n > 0) {
                out.add(new Problem(n + " × " + e.getKey().replace('_', ' ').replace("non finite", "non-finite"),
                        "numerical faults, rejected and counted, never averaged in" + firstExample(run, e.getKey()) + "."));
            }
        }
        long divergent = result.path("divergent").asLong(0);
        if (divergent > 0) {
            out.add(new Problem(divergent + " divergent move" + (divergent == 1 ? "" : "s") + " rejected",
                    "the log density fell by more than 1000 in one step: the step size is too large for the target's "
                            + "curvature somewhere; a smaller --step may help."));
        }
        long rejected = result.path("rejected_non_finite").asLong(0);
        if (rejected > 0 && !counts.has("non_finite_log_density")) {
            out.add(new Problem(rejected + " move" + (rejected == 1 ? "" : "s") + " rejected",
                    "the log density or its gradient was not finite there."));
        }
        long skipped = result.path("skipped_steps").asLong(0);
        if (skipped > 0) {
            out.add(new Problem(skipped + " skipped step" + (skipped == 1 ? "" : "s"),
                    "steps that would have broken the method (a non-finite or non-positive-definite update) were skipped."));
        }
        double acceptance = meanAcceptance(run);
        if (acceptance < ACCEPTANCE) {
            out.add(new Problem(String.format(Locale.ROOT, "mean acceptance %.3f", acceptance),
                    "the chains hardly move: use a smaller --step, or a longer --warmup to adapt it."));
        }
        return out;
    }

    private static String firstExample(RunFolder run, String kind) {
        for (JsonNode e : run.run().path("faults").path("examples")) {
            if (e.path("kind").asString("").equals(kind)) {
                StringBuilder sb = new StringBuilder("; first at iteration ").append(e.path("iteration").asString("?"));
                if (e.path("where").isNumber()) {
                    sb.append(", ").append(RunFolder.INDEPENDENT_DRAWS.contains(run.method()) ? "sample " : "chain ")
                            .append(e.path("where").asString());
                }
                String detail = e.path("detail").asString("");
                if (!detail.isBlank()) {
                    sb.append(": ").append(detail);
                }
                return sb.toString();
            }
        }
        return "";
    }

    /** The mean of the accept_stat__ column, NaN when there is none. */
    static double meanAcceptance(RunFolder run) {
        int j = run.sampler().index("accept_stat__");
        return j < 0 ? Double.NaN : Stats.mean(run.sampler().pooled(j));
    }
}
