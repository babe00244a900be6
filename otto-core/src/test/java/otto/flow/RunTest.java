package otto.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import otto.flow.gaussian.ForwardBackwardVi;
import otto.flow.gaussian.GaussianViSettings;
import otto.flow.particle.Mala;

/** The driver: recording interval, progress, stopping rules, timings. */
class RunTest {

    @Test
    void recordsAtTheIntervalAndReportsProgress() {
        GaussianTargets.Normal target = GaussianTargets.Normal.correlated(2, 0.2);
        List<Integer> seen = new ArrayList<>();
        Result r = Run.of(target, new Mala(Mala.Settings.defaults().withWarmup(100).withDraws(100)))
                .recordEvery(25).progress((it, total, m) -> {
                    seen.add(it);
                    assertThat(total).isEqualTo(200);
                    assertThat(m.values()).containsKeys("accept_rate", "step_size");
                }).execute();
        assertThat(seen).containsExactly(25, 50, 75, 100, 125, 150, 175, 200);
        assertThat(r.trace().size()).isEqualTo(9);   // the start, then every 25 iterations
        assertThat(r.trace().column(Trace.ITERATION)).containsExactly(0, 25, 50, 75, 100, 125, 150, 175, 200);
        assertThat(r.iterations()).isEqualTo(200);
        assertThat(r.stopReason()).isEqualTo("completed");
        assertThat(r.medianSecondsPerIteration()).isPositive().isLessThan(r.totalSeconds());
    }

    @Test
    void aStoppingRuleEndsTheRunEarly() {
        GaussianTargets.Normal target = GaussianTargets.Normal.correlated(3, 0.5);
        // the method's own early stop (tolerance) off, so that the run's rule is what ends it
        Result r = Run.of(target, new ForwardBackwardVi(GaussianViSettings.defaults().withIterations(400).withTolerance(0)))
                .recordEvery(5).stopWhen(StoppingRule.freeEnergyChange(4, 1.0)).execute();
        assertThat(r.stopReason()).isEqualTo("stopping rule");
        assertThat(r.iterations()).isLessThan(400).isGreaterThanOrEqualTo(40);
        double[] f = r.trace().column(otto.flow.Monitors.FREE_ENERGY);
        double[] elbo = r.trace().column(Trace.ELBO);
        assertThat(elbo[f.length - 1]).isEqualTo(-f[f.length - 1]);
        assertThat(r.draws().chains()).isEqualTo(4);
    }
}
