package otto.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import otto.diagnostics.Summary;
import otto.flow.Fault;
import otto.flow.Result;
import otto.model.Model;

/**
 * What {@code otto run} prints after a run: the summary table, the ELBO (Gaussian methods) or the
 * acceptance and step sizes (samplers), one warning line per kind of numerical fault, a warning
 * for poor diagnostics, and where the files are.
 */
final class Report {
    private Report() {
    }

    static void print(PrintWriter out, Model model, Result result, List<Summary> summaries, Path dir) {
        out.printf(Locale.ROOT, "%s on %s: %d iterations in %.2f s (seed %d)%n", result.method(), model.name(),
                result.iterations(), result.totalSeconds(), result.seed());
        out.println();
        Map<String, Object> info = result.info();
        boolean cloud = info.get(Result.CLOUD_PARTICLES) != null;
        out.print(Output.table(summaries, !cloud));
        out.println();
        boolean grid = info.get(otto.flow.grid.GridSolution.INFO_KEY) != null;
        if (grid) {
            gridLines(out, info);
        } else if (info.get("elbo") instanceof Double elbo) {
            double se = info.get("elbo_se") instanceof Double d ? d : Double.NaN;
            out.printf(Locale.ROOT, "ELBO %.4f ± %.4f (Monte Carlo standard error); free energy F = -ELBO%n", elbo, se);
        }
        if (info.get("pareto_k") instanceof Double k && k.isInfinite()) {
            out.println("Pareto k̂ could not be estimated: too few distinct importance ratios in the tail "
                    + "(all equal when q matches the posterior exactly)");
        } else if (info.get("pareto_k") instanceof Double k && !k.isNaN()) {
            double logZ = info.get("log_evidence_is") instanceof Double z ? z : Double.NaN;
            out.printf(Locale.ROOT, "Pareto k̂ %.2f of the importance ratios posterior/q; importance-sampled log evidence %.4f%n", k, logZ);
            if (k > otto.diagnostics.ParetoSmoothing.UNRELIABLE) {
                out.println("warning: k̂ > 0.7: the Gaussian is a poor fit here; do not trust its means, sds or evidence");
            }
        }
        if (!grid && !(info.get("elbo") instanceof Double)) {
            freeEnergyLine(out, result);
        }
        if (cloud) {
            out.println("the draws are the final cloud of " + info.get(Result.CLOUD_PARTICLES) + " particles, not a Markov chain: "
                    + "their ESS, R-hat and MCSE treat them as independent draws");
        }
        boolean adjusted = result.draws().sampler().containsKey("accept_stat__");
        if (adjusted || result.draws().sampler().containsKey("stepsize__")) {
            out.println(samplerLine(result));
        }
        if (adjusted) {
            double acceptance = meanAcceptance(result);
            if (acceptance < 0.1) {
                out.printf(Locale.ROOT, "warning: mean acceptance %.3f: the chains hardly move; %s%n", acceptance,
                        result.settings().get("step") instanceof Double ? "use a smaller --step (or leave it out to adapt it)"
                                : "run a longer --warmup");
            }
        }
        for (String line : faultLines(result)) {
            out.println(line);
        }
        long flagged = cloud ? 0 : summaries.stream().filter(Output::flagged).count();
        if (flagged > 0) {
            out.println("warning: " + flagged + " quantit" + (flagged == 1 ? "y has" : "ies have")
                    + " R-hat > 1.01 or bulk ESS < 100 (marked !): run longer before trusting them");
        }
        out.println("wrote " + dir + "/{draws.csv, summary.csv, trace.csv, run.json" + (grid ? ", density.csv}" : "}"));
    }

    /** The grid methods: grid and time, the exact free energy, and warnings about resolution or entropic diffusion. */
    private static void gridLines(PrintWriter out, Map<String, Object> info) {
        out.printf(Locale.ROOT, "grid %s on the box %s (%s)%s, t = %.4g in steps of %.4g%n", info.get("grid"), info.get("box"),
                info.get("box_origin"), info.get("frame") != null ? " in coordinates from the Laplace fit (metric " + info.get("metric")
                        + "; " + info.get("box_in_model_coordinates") + " in the model's coordinates)" : "",
                (Double) info.get("time"), (Double) info.get("dt"));
        out.printf(Locale.ROOT, "free energy F = %.6f (exact on the grid, no Monte Carlo error), ELBO = -F; KL to the grid's "
                + "posterior %.3g; log Z by quadrature %.6f%n", (Double) info.get("free_energy"), (Double) info.get("kl_to_grid_posterior"),
                (Double) info.get("log_evidence_grid"));
        out.println("summaries by quadrature over the final density (no ESS or R-hat: there is no Monte Carlo error)");
        if (info.get("effective_temperature") instanceof Double t && info.get("entropic_extra_diffusion") instanceof Double extra) {
            out.printf(Locale.ROOT, "entropic JKO: gamma %.4g adds %.3g to the diffusion (effective temperature %.4g)%n",
                    (Double) info.get("gamma"), extra, t);
            if (extra > 0.05) {
                out.println("warning: the entropic diffusion widens the posterior by more than 5 %: use more --grid cells, fewer longer"
                        + " steps (--iterations), or a smaller --gamma");
            }
        }
        double kl = info.get("kl_to_effective_posterior") instanceof Double k ? k
                : info.get("kl_to_grid_posterior") instanceof Double k2 ? k2 : 0.0;
        if (kl > 1e-3) {
            out.printf(Locale.ROOT, "warning: the density is still %.3g in KL from %s: the flow has not reached equilibrium; "
                    + "a longer --time gets closer%n", kl, info.containsKey("kl_to_effective_posterior")
                    ? "the scheme's stationary state" : "the grid's posterior");
        }
        if (info.get("rms_potential_step") instanceof Double rms && rms > 0.5) {
            out.printf(Locale.ROOT, "warning: the log density changes by %.3g between neighbouring cells (root mean square over the "
                    + "posterior along the worst axis; up to %.3g): fewer than two cells per local sd, the grid is coarse for it; use more "
                    + "--grid cells%n", rms, (Double) info.get("max_potential_step"));
        }
    }

    /** The free energy at the last record of the trace, where the method estimated it (particle clouds, many chains). */
    private static void freeEnergyLine(PrintWriter out, Result result) {
        otto.flow.Trace trace = result.trace();
        if (trace.size() == 0 || !trace.columns().contains(otto.flow.Monitors.FREE_ENERGY)) {
            return;
        }
        double[] f = trace.column(otto.flow.Monitors.FREE_ENERGY);
        double last = f[f.length - 1];
        if (!Double.isFinite(last)) {
            return;
        }
        double se = trace.columns().contains(otto.flow.Monitors.FREE_ENERGY_SE)
                ? trace.column(otto.flow.Monitors.FREE_ENERGY_SE)[f.length - 1] : Double.NaN;
        boolean own = result.method().equals("blob");
        out.printf(Locale.ROOT, "free energy F = %.4f%s at the last record (%s); ELBO = -F%n", last,
                Double.isFinite(se) ? String.format(Locale.ROOT, " ± %.4f", se) : "",
                own ? "the mollified F_ε the blob flow descends" : "k-NN entropy of the cloud, approximate standard error");
    }

    /** Mean acceptance (adjusted samplers) and the step sizes of a sampler. */
    static String samplerLine(Result result) {
        StringBuilder sb = new StringBuilder();
        if (result.draws().sampler().containsKey("accept_stat__")) {
            sb.append(String.format(Locale.ROOT, "mean acceptance %.3f", meanAcceptance(result)));
            if (result.settings().get("target_acceptance") instanceof Double target) {
                sb.append(String.format(Locale.ROOT, " (target %.3g)", target));
            }
            sb.append("; ");
        }
        if (result.info().get("step_size") instanceof double[] steps && steps.length > 0) {
            sb.append(steps.length == 1 ? "step size " : "step sizes ");
            if (steps.length <= 8) {
                for (int c = 0; c < steps.length; c++) {
                    sb.append(c == 0 ? "" : ", ").append(Tables.sig(steps[c]).trim());
                }
            } else {
                double lo = java.util.Arrays.stream(steps).min().orElse(Double.NaN);
                double hi = java.util.Arrays.stream(steps).max().orElse(Double.NaN);
                sb.append(Tables.sig(lo)).append(" to ").append(Tables.sig(hi));
            }
            sb.append(steps.length == 1 ? "" : " (per chain)");
        }
        if (result.info().get("stiffness") instanceof Double rho) {
            sb.append(String.format(Locale.ROOT, ", from the stiffness %s of the preconditioned target", Tables.sig(rho).trim()));
        }
        return sb.toString();
    }

    private static double meanAcceptance(Result result) {
        double sum = 0;
        int n = 0;
        for (double[] c : result.draws().sampler().get("accept_stat__")) {
            for (double v : c) {
                if (!Double.isNaN(v)) {
                    sum += v;
                    n++;
                }
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** What a fault's {@code where} counts for a method: chains, mixture components or Monte Carlo samples. */
    static String unit(String method) {
        return switch (method) {
            case "mala", "ula", "kinetic" -> "chain";
            case "mixture" -> "component";
            default -> "sample";
        };
    }

    /** One warning line per kind of numerical fault, with the first example. */
    static List<String> faultLines(Result result) {
        List<String> lines = new ArrayList<>();
        boolean chains = java.util.List.of("mala", "ula", "kinetic").contains(result.method());
        String unit = unit(result.method());
        for (Map.Entry<String, Long> e : result.faults().counts().entrySet()) {
            String kind = e.getKey();
            long count = e.getValue();
            Fault first = result.faults().examples().stream().filter(f -> f.kind().equals(kind)).findFirst().orElse(null);
            String what = kind.replace('_', ' ').replace("non finite", "non-finite");
            StringBuilder sb = new StringBuilder("warning: ");
            if (chains && kind.equals("non_finite_log_density")) {
                sb.append(count).append(count == 1 ? " move" : " moves").append(" rejected: ").append(what);
            } else {
                sb.append(what).append(count == 1 ? " once" : count == 2 ? " twice" : " " + count + " times");
            }
            if (first != null) {
                List<String> where = new ArrayList<>();
                if (first.iteration() >= 0) {
                    where.add("iteration " + (first.iteration() + 1));
                }
                if (first.where() >= 0) {
                    where.add(unit + " " + (first.where() + 1));
                }
                if (!where.isEmpty()) {
                    sb.append(" (first at ").append(String.join(", ", where)).append(')');
                }
                if (!(chains && kind.equals("non_finite_log_density")) && first.detail() != null && !first.detail().isBlank()) {
                    sb.append(": ").append(first.detail());
                }
            }
            lines.add(sb.toString());
        }
        return lines;
    }
}
