package otto.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import otto.diagnostics.Summary;
import otto.flow.Draws;
import otto.flow.Flow;
import otto.flow.Result;
import otto.flow.Run;
import otto.flow.gaussian.Advi;
import otto.flow.gaussian.BuresWassersteinVi;
import otto.flow.gaussian.ForwardBackwardVi;
import otto.flow.gaussian.GaussianViSettings;
import otto.flow.gaussian.MixtureVi;
import otto.flow.grid.FokkerPlanck;
import otto.flow.grid.Grid;
import otto.flow.particle.BlobFlow;
import otto.flow.particle.KineticLangevin;
import otto.flow.particle.Mala;
import otto.flow.particle.Svgd;
import otto.flow.particle.Ula;
import otto.model.Model;
import otto.models.ModelZoo;
import otto.models.StanData;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The accuracy harness: runs every method on every posterior of a posteriordb-format folder and
 * on the zoo's banana and funnel (whose moments are known exactly), and compares posterior means
 * and standard deviations with the reference (means within 0.1 reference sd and sds within 10 %
 * is the bar). Writes a Markdown report.
 *
 * <pre>java -cp otto-bench/target/benchmarks.jar otto.bench.Accuracy ../shared/posteriordb docs/accuracy.md [draws] [methods]</pre>
 */
public final class Accuracy {
    private static final double MEAN_TOLERANCE = 0.1;
    private static final double SD_TOLERANCE = 0.1;
    private static final int LONG_FACTOR = 10;
    private static final long SEED = 20261124L;
    /** The particle flows' cloud in the table. */
    private static final int PARTICLES = 500;

    private Accuracy() {
    }

    /** A method of the table: how to build it for a number of kept draws per chain (and warm-up), and whether it samples. */
    record Method(String name, boolean sampler, java.util.function.BiFunction<Integer, Integer, Flow> flow, int maxDimension) {
        Method(String name, boolean sampler, java.util.function.BiFunction<Integer, Integer, Flow> flow) {
            this(name, sampler, flow, Integer.MAX_VALUE);
        }
    }

    static final List<Method> METHODS = List.of(
            new Method("mala", true, (draws, warmup) -> new Mala(Mala.Settings.defaults().withWarmup(warmup).withDraws(draws))),
            new Method("ula", true, (draws, warmup) -> new Ula(Ula.Settings.defaults().withWarmup(warmup).withDraws(draws))),
            new Method("kinetic", true, (draws, warmup) ->
                    new KineticLangevin(KineticLangevin.Settings.defaults().withWarmup(warmup).withDraws(draws))),
            new Method("kinetic-adj", true, (draws, warmup) ->
                    new KineticLangevin(KineticLangevin.Settings.defaults().withAdjusted(true).withWarmup(warmup).withDraws(draws))),
            new Method("svgd", false, (draws, warmup) -> new Svgd(Svgd.Settings.defaults().withParticles(PARTICLES))),
            new Method("blob", false, (draws, warmup) -> new BlobFlow(BlobFlow.Settings.defaults().withParticles(PARTICLES))),
            new Method("fbvi", false, (draws, warmup) -> new ForwardBackwardVi(GaussianViSettings.defaults())),
            new Method("bwvi", false, (draws, warmup) -> new BuresWassersteinVi(GaussianViSettings.defaults())),
            new Method("mixture", false, (draws, warmup) -> new MixtureVi(MixtureVi.Settings.defaults())),
            new Method("advi", false, (draws, warmup) -> new Advi(Advi.Settings.defaults())),
            new Method("fokker-planck", false, (draws, warmup) -> new FokkerPlanck(FokkerPlanck.Settings.defaults()), Grid.MAX_DIMENSION));

    /** A posterior with its reference: means and sds by Otto's column name. */
    record Posterior(String name, Model model, Map<String, double[]> reference, String source) {
    }

    /** One method on one posterior. */
    record Row(String posterior, int dimension, String method, double maxMeanError, String worstMean,
               double maxSdError, String worstSd, double minEssBulk, double maxRhat, double seconds,
               double elbo, double elboSe, double paretoK, long faults, boolean pass, String failure) {
    }

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : "../shared/posteriordb");
        Path out = Path.of(args.length > 1 ? args[1] : "docs/accuracy.md");
        int draws = args.length > 2 ? Integer.parseInt(args[2]) : 2500;
        List<String> only = args.length > 3 ? List.of(args[3].split(",")) : null;
        List<Posterior> posteriors = new ArrayList<>();
        try (Stream<Path> s = Files.list(root)) {
            for (Path p : s.filter(Files::isDirectory).sorted().toList()) {
                posteriors.add(posteriordb(p));
            }
        }
        posteriors.add(banana());
        posteriors.add(funnel());
        List<Row> rows = new ArrayList<>();
        for (Posterior p : posteriors) {
            for (Method m : METHODS) {
                if (only != null && !only.contains(m.name()) || p.model().dimension() > m.maxDimension()) {
                    continue;
                }
                Row r = evaluate(p, m, draws, 1000, m.name());
                rows.add(r);
                log(r);
                if (m.name().equals("mala") && !r.pass()) {
                    // a longer run, to tell slow mixing from a wrong answer
                    Row longer = evaluate(p, m, LONG_FACTOR * draws, 2000, "mala ×" + LONG_FACTOR);
                    rows.add(longer);
                    log(longer);
                }
            }
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, report(rows, draws));
    }

    private static void log(Row r) {
        System.err.printf(Locale.ROOT, "%-45s %-12s mean %.3f sd %.3f  %.1fs%s%n", r.posterior(), r.method(),
                r.maxMeanError(), r.maxSdError(), r.seconds(), r.failure().isEmpty() ? "" : "  " + r.failure());
    }

    static Posterior posteriordb(Path folder) throws IOException {
        ObjectMapper json = new ObjectMapper();
        JsonNode info = json.readTree(folder.resolve("info.json").toFile());
        String modelName = info.get("model_name").asString();
        Model model = ModelZoo.get(modelName).create(StanData.read(folder.resolve("data.json")));
        JsonNode ref = json.readTree(folder.resolve("means_sds.json").toFile());
        Map<String, double[]> reference = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = ref.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey().replace('[', '.').replace("]", "").replace(',', '.');
            reference.put(name, new double[] {e.getValue().get(0).asDouble(), e.getValue().get(1).asDouble()});
        }
        return new Posterior(folder.getFileName().toString(), model, reference, "posteriordb");
    }

    /** The zoo's banana with its exact moments: mean (1, 11), variances 10 and 240.1. */
    static Posterior banana() {
        Map<String, double[]> ref = new LinkedHashMap<>();
        ref.put("x.1", new double[] {1.0, Math.sqrt(10.0)});
        ref.put("x.2", new double[] {11.0, Math.sqrt(240.1)});
        return new Posterior("banana (exact)", ModelZoo.get("banana").create(StanData.empty()), ref, "exact");
    }

    /** The zoo's funnel (D = 10) with its exact moments: mean 0, sd 3 for v and e^{9/4} for every x. */
    static Posterior funnel() {
        Map<String, double[]> ref = new LinkedHashMap<>();
        ref.put("v", new double[] {0.0, 3.0});
        for (int i = 1; i <= 9; i++) {
            ref.put("x." + i, new double[] {0.0, Math.exp(2.25)});
        }
        return new Posterior("funnel (exact)", ModelZoo.get("funnel").create(StanData.empty()), ref, "exact");
    }

    static Row evaluate(Posterior p, Method method, int draws, int warmup, String label) {
        Model model = p.model();
        long t0 = System.nanoTime();
        Result result;
        try {
            result = Run.of(model, method.flow().apply(draws, warmup)).seed(SEED).execute();
        } catch (RuntimeException e) {
            return failed(p, label, (System.nanoTime() - t0) * 1e-9, 0, "failed: " + e.getMessage());
        }
        double seconds = (System.nanoTime() - t0) * 1e-9;
        Draws d = result.draws().constrain(model);
        double maxMean = 0;
        double maxSd = 0;
        String worstMean = "";
        String worstSd = "";
        double minEss = Double.POSITIVE_INFINITY;
        double maxRhat = 0;
        for (Map.Entry<String, double[]> e : p.reference().entrySet()) {
            String name = e.getKey();
            int j = d.names().indexOf(name);
            if (j < 0) {
                throw new IllegalStateException(model.name() + " does not report " + name);
            }
            double refMean = e.getValue()[0];
            double refSd = e.getValue()[1];
            Summary s;
            try {
                s = Summary.of(name, d.column(j));
            } catch (IllegalArgumentException notFinite) {
                return failed(p, label, seconds, result.faults().total(), name + " not finite");
            }
            double meanErr = Math.abs(s.mean() - refMean) / refSd;
            double sdErr = Math.abs(s.sd() / refSd - 1.0);
            if (meanErr > maxMean) {
                maxMean = meanErr;
                worstMean = name;
            }
            if (sdErr > maxSd) {
                maxSd = sdErr;
                worstSd = name;
            }
            minEss = Math.min(minEss, s.essBulk());
            maxRhat = Math.max(maxRhat, s.rhat());
        }
        Function<String, Double> number = k -> result.info().get(k) instanceof Double v ? v : Double.NaN;
        boolean pass = maxMean < MEAN_TOLERANCE && maxSd < SD_TOLERANCE;
        return new Row(p.name(), model.dimension(), label, maxMean, worstMean, maxSd, worstSd,
                method.sampler() ? minEss : Double.NaN, method.sampler() ? maxRhat : Double.NaN, seconds,
                number.apply("elbo"), number.apply("elbo_se"), number.apply("pareto_k"), result.faults().total(), pass, "");
    }

    private static Row failed(Posterior p, String label, double seconds, long faults, String why) {
        return new Row(p.name(), p.model().dimension(), label, Double.POSITIVE_INFINITY, "", Double.POSITIVE_INFINITY, "",
                Double.NaN, Double.NaN, seconds, Double.NaN, Double.NaN, Double.NaN, faults, false, why);
    }

    static String report(List<Row> rows, int draws) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Accuracy against the posteriordb reference posteriors\n\n");
        sb.append("Produced by `scripts/accuracy` (re-run it to refresh this page). For each posterior in\n")
                .append("`shared/posteriordb` (reference: 10 chains × 1000 NUTS draws) and for the zoo's banana and funnel\n")
                .append("(reference: their exact moments), Otto runs every method with its defaults, seed ").append(SEED).append(":\n")
                .append("the chain methods with 4 chains, 1000 warm-up iterations and ").append(draws).append(" draws each —\n")
                .append("`mala`, `ula`, `kinetic` (unadjusted BAOAB) and `kinetic-adj` (Metropolis-adjusted OBABO);\n")
                .append("the particle flows `svgd` and `blob` with ").append(PARTICLES).append(" particles and 1000 iterations (their final cloud is the draws);\n")
                .append("the Gaussian methods `fbvi`, `bwvi`, `mixture` (400 iterations, 4000 draws from the fit) and, as the\n")
                .append("baseline, `advi` with Stan's defaults (mean-field, one gradient draw, η searched); and on the posteriors\n")
                .append("of at most 3 dimensions `fokker-planck`, the density on a grid with its defaults. It compares the\n")
                .append("posterior mean and sd of every reported quantity with the reference. *Mean error* is\n")
                .append("`|mean - ref mean| / ref sd`; *sd error* is `|sd / ref sd - 1|`; both are the worst over the quantities,\n")
                .append("which are named. The bar is mean error < 0.1 and sd error < 0.1 — for the samplers a question of\n")
                .append("mixing (ESS and R-hat are given), for the unadjusted ones also of their step's bias, and for a Gaussian\n")
                .append("family of how close it can get to a non-Gaussian posterior. The ELBO is given with its Monte Carlo\n")
                .append("standard error, and k̂ is the Pareto shape of the importance ratios posterior/q (above 0.7: do not trust q).\n")
                .append("Where MALA misses the bar, a run ten times longer (2000 warm-up iterations) follows as `mala ×10`, to tell\n")
                .append("slow mixing from a wrong answer. Times are wall-clock seconds on this machine (2 cores), JVM start-up\n")
                .append("excluded, one thread, the Vector-API kernels on. Reproduce with `scripts/accuracy`.\n\n");
        sb.append("| posterior | d | method | mean error | worst | sd error | worst | min ESS bulk | max R-hat | faults | seconds | ELBO | k̂ | pass |\n");
        sb.append("| --- | ---: | --- | ---: | --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
        for (Row r : rows) {
            if (!r.failure().isEmpty()) {
                sb.append(String.format(Locale.ROOT, "| %s | %d | %s | – | %s | – | | – | – | %d | %.1f | – | – | no |%n",
                        r.posterior(), r.dimension(), r.method(), r.failure().replace('|', '/'), r.faults(), r.seconds()));
                continue;
            }
            sb.append(String.format(Locale.ROOT, "| %s | %d | %s | %.3f | %s | %.3f | %s | %s | %s | %d | %.1f | %s | %s | %s |%n",
                    r.posterior(), r.dimension(), r.method(), r.maxMeanError(), r.worstMean(), r.maxSdError(), r.worstSd(),
                    Double.isNaN(r.minEssBulk()) ? "–" : String.format(Locale.ROOT, "%.0f", r.minEssBulk()),
                    Double.isNaN(r.maxRhat()) ? "–" : String.format(Locale.ROOT, "%.3f", r.maxRhat()),
                    r.faults(), r.seconds(),
                    Double.isNaN(r.elbo()) ? "–" : Math.abs(r.elbo()) < 1e7
                            ? String.format(Locale.ROOT, "%.2f ± %.2f", r.elbo(), r.elboSe())
                            : String.format(Locale.ROOT, "%.3g (diverged)", r.elbo()),
                    Double.isNaN(r.paretoK()) ? "–" : String.format(Locale.ROOT, "%.2f", r.paretoK()),
                    r.pass() ? "yes" : "no"));
        }
        Map<String, long[]> tally = new LinkedHashMap<>();
        for (Row r : rows) {
            long[] t = tally.computeIfAbsent(r.method(), k -> new long[2]);
            t[0]++;
            if (r.pass()) {
                t[1]++;
            }
        }
        sb.append('\n');
        tally.forEach((m, t) -> sb.append(String.format(Locale.ROOT, "- `%s`: %d of %d posteriors within the bar.%n", m, t[1], t[0])));
        sb.append("""

                ## Reading the table

                - **The banana and the funnel are hard on purpose.** The banana's ridge (`b = 100`) is 0.3 wide and
                  curves up to `x₂ ≈ 40`; the funnel's neck narrows as `e^{v/2}`. No method here gets them right with
                  its defaults, and the diagnostics say so (R-hat, ESS, k̂, faults). On the funnel the Laplace mode lies
                  deep in the neck (`v ≈ -40`, a genuine mode of the unconstrained density), so the chain methods,
                  which start there, stay in it; `--metric unit` starts them as Stan does (uniformly in (-2, 2)) and gets
                  `v`'s mean right to a sixth of an sd but R-hat 1.9 — reparameterise the model instead. On the banana
                  the grid cannot resolve the ridge at its default size (the run says so).
                - **Unadjusted samplers carry their step's bias**: `ula` at `h = 0.1/ρ` inflates a Gaussian's variances by
                  up to 1/0.95 and mixes slowly (low ESS); `kinetic` (BAOAB) is exact for Gaussians and close elsewhere.
                - **The particle flows' variance collapse** (see docs/methods.md): with 500 particles SVGD and the blob
                  flow match means but shrink sds as the dimension grows (diamonds, d = 26: sds 50–60 % low).
                - **A Gaussian cannot fit a skewed posterior** (eight schools' `tau`, gp's `alpha`); the mixture can do
                  better where the components start from separate modes.
                """);
        return sb.toString();
    }
}
