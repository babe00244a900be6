package otto.bench;

import java.util.List;
import java.util.Locale;
import otto.diagnostics.Summary;
import otto.flow.Flow;
import otto.flow.Result;
import otto.flow.Run;
import otto.flow.Summaries;
import otto.flow.particle.KineticLangevin;
import otto.flow.particle.Mala;
import otto.flow.particle.Metric;
import otto.flow.particle.Preconditioner;
import otto.model.Model;

/**
 * Bulk ESS per second of the chain methods on the 10 000 × 25 logistic regression the peer
 * figures were measured on (JAX MALA, untuned identity preconditioner: 196 bulk-ESS/s; emcee:
 * 20). Each configuration runs twice in the same JVM (the first warms the JIT) and the second is
 * reported: the smallest bulk ESS over the 25 coefficients, divided by the whole run's wall time
 * (warm-up, preconditioner and start included) and by the sampling phase's alone.
 *
 * <pre>java --add-modules jdk.incubator.vector -cp otto-bench/target/benchmarks.jar otto.bench.EssPerSecond [threads]</pre>
 */
public final class EssPerSecond {
    private EssPerSecond() {
    }

    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        Model model = new LogisticRegressionData(10_000, 25).model();
        int warmup = 500;
        int draws = 2000;
        List<Object[]> configs = List.of(
                new Object[] {"mala, identity, step adapted", new Mala(Mala.Settings.defaults().withMetric(Metric.UNIT)
                        .withWarmup(warmup).withDraws(draws))},
                new Object[] {"mala, preconditioner from VI", new Mala(Mala.Settings.defaults()
                        .withPreconditioner(Preconditioner.VI).withWarmup(warmup).withDraws(draws))},
                new Object[] {"mala, warm-up metric (default)", new Mala(Mala.Settings.defaults().withWarmup(warmup).withDraws(draws))},
                new Object[] {"kinetic (BAOAB), preconditioner from VI", new KineticLangevin(KineticLangevin.Settings.defaults()
                        .withPreconditioner(Preconditioner.VI).withWarmup(warmup).withDraws(draws))},
                new Object[] {"kinetic adjusted, preconditioner from VI", new KineticLangevin(KineticLangevin.Settings.defaults()
                        .withAdjusted(true).withPreconditioner(Preconditioner.VI).withWarmup(warmup).withDraws(draws))});
        System.out.printf(Locale.ROOT, "| configuration (4 chains × (%d + %d), %d thread%s) | min bulk ESS | min tail ESS | run s | sampling s | ESS/s (run) | tail-ESS/s (run) | ESS/s (sampling) |%n",
                warmup, draws, threads, threads == 1 ? "" : "s");
        System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (Object[] c : configs) {
            Flow flow = (Flow) c[1];
            Run.of(model, flow).seed(1).threads(threads).execute();
            Result r = Run.of(model, flow).seed(2).threads(threads).execute();
            double minEss = Double.POSITIVE_INFINITY;
            double minTail = Double.POSITIVE_INFINITY;
            for (Summary s : Summaries.of(model, r)) {
                minEss = Math.min(minEss, s.essBulk());
                minTail = Math.min(minTail, s.essTail());
            }
            double sampling = r.medianSecondsPerIteration() * draws;
            System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %.2f | %.2f | %.0f | %.0f | %.0f |%n", c[0], minEss, minTail,
                    r.totalSeconds(), sampling, minEss / r.totalSeconds(), minTail / r.totalSeconds(), minEss / sampling);
        }
    }
}
