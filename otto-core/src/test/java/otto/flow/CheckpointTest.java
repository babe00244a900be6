package otto.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import otto.flow.gaussian.Advi;
import otto.flow.gaussian.BuresWassersteinVi;
import otto.flow.gaussian.ForwardBackwardVi;
import otto.flow.gaussian.GaussianViSettings;
import otto.flow.gaussian.MixtureVi;
import otto.flow.grid.Box;
import otto.flow.grid.EntropicJko;
import otto.flow.grid.FokkerPlanck;
import otto.flow.grid.FokkerPlanckSolver;
import otto.flow.grid.GridSettings;
import otto.flow.particle.BlobFlow;
import otto.flow.particle.KineticLangevin;
import otto.flow.particle.Mala;
import otto.flow.particle.Preconditioner;
import otto.flow.particle.Svgd;
import otto.flow.particle.Ula;
import otto.model.Target;

/**
 * Checkpoints of every method: a run interrupted at iteration k and resumed from its checkpoint
 * ends with the same draws, trace (but for its seconds), faults and results, bit for bit, as the
 * run that was never stopped; writing checkpoints changes nothing; a checkpoint of another run, a
 * damaged one or a truncated one is refused.
 */
class CheckpointTest {
    @TempDir
    Path tmp;

    /** A curved 2-D target (a banana: x₁ | x₀ ~ N(x₀²/2, ½)), its log density NaN far out, so that faults happen too. */
    static Target banana() {
        return new Target() {
            public int dimension() {
                return 2;
            }

            public double logDensity(double[] x, double[] g) {
                double r = x[1] - 0.5 * x[0] * x[0];
                if (Math.abs(x[0]) > 6.0) {
                    if (g != null) {
                        g[0] = Double.NaN;
                        g[1] = Double.NaN;
                    }
                    return Double.NaN;
                }
                if (g != null) {
                    g[0] = -x[0] + 2.0 * r * x[0];
                    g[1] = -2.0 * r;
                }
                return -0.5 * x[0] * x[0] - r * r;
            }

            public void hessian(double[] x, double[] out) {
                double r = x[1] - 0.5 * x[0] * x[0];
                out[0] = -1.0 + 2.0 * r - 2.0 * x[0] * x[0];
                out[1] = 2.0 * x[0];
                out[2] = 2.0 * x[0];
                out[3] = -2.0;
            }
        };
    }

    record Case(String name, Supplier<Flow> flow, Target target, int at) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> methods() {
        Target banana = banana();
        Target normal = GaussianTargets.Normal.correlated(3, 0.6);
        GridSettings grid = GridSettings.defaults().withBox(Box.cube(2, -5, 5)).withCells(40).withSteps(30).withDraws(50).withChains(2);
        List<Case> cases = List.of(
                new Case("mala", () -> new Mala(Mala.Settings.defaults().withWarmup(150).withDraws(60)), banana, 97),
                new Case("mala, vi preconditioner, after warm-up", () -> new Mala(Mala.Settings.defaults().withWarmup(40)
                        .withDraws(60).withPreconditioner(Preconditioner.VI)), normal, 71),
                new Case("ula", () -> new Ula(Ula.Settings.defaults().withWarmup(150).withDraws(60)), banana, 123),
                new Case("kinetic", () -> new KineticLangevin(KineticLangevin.Settings.defaults().withWarmup(150).withDraws(60)
                        .withChains(25)), normal, 88),
                new Case("kinetic, adjusted", () -> new KineticLangevin(KineticLangevin.Settings.defaults().withWarmup(150)
                        .withDraws(60).withAdjusted(true)), banana, 151),
                new Case("svgd", () -> new Svgd(Svgd.Settings.defaults().withParticles(40).withIterations(60)), banana, 23),
                new Case("svgd, sampled median", () -> new Svgd(Svgd.Settings.defaults().withParticles(40).withIterations(40)
                        .withExactMedianPairs(10).withMedianSamplePairs(200)), normal, 17),
                new Case("svgd, 400 particles: the median bracketed from the last", () -> new Svgd(Svgd.Settings.defaults()
                        .withParticles(400).withIterations(12)), normal, 7),
                new Case("blob", () -> new BlobFlow(BlobFlow.Settings.defaults().withParticles(40).withIterations(40)), banana, 19),
                new Case("fbvi", () -> new ForwardBackwardVi(GaussianViSettings.defaults().withIterations(80).withDraws(50)), banana, 45),
                new Case("bwvi", () -> new BuresWassersteinVi(GaussianViSettings.defaults().withIterations(80).withDraws(50)), banana, 33),
                new Case("bwvi, converging early", () -> new BuresWassersteinVi(GaussianViSettings.defaults().withIterations(200)
                        .withDraws(50)), normal, 7),
                new Case("mixture", () -> new MixtureVi(MixtureVi.Settings.defaults().withIterations(40).withDraws(50)), banana, 21),
                new Case("advi", () -> new Advi(Advi.Settings.defaults().withIterations(600).withDraws(50)), normal, 333),
                new Case("fokker-planck", () -> new FokkerPlanck(FokkerPlanck.Settings.defaults().withGrid(grid)), banana, 11),
                new Case("fokker-planck, 2-D multigrid", () -> new FokkerPlanck(FokkerPlanck.Settings.defaults()
                        .withPreconditioner(FokkerPlanckSolver.Preconditioner.MULTIGRID)
                        .withGrid(grid.withCells(64).withDt(0.5).withSteps(12))), banana, 5),
                new Case("jko", () -> new EntropicJko(EntropicJko.Settings.defaults().withGrid(grid.withSteps(12))), banana, 6));
        return cases.stream().map(Arguments::of);
    }

    static Run run(Case c) {
        return Run.of(c.target(), c.flow().get()).seed(11).recordEvery(4);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("methods")
    void aResumedRunEndsAsTheRunThatWasNeverStopped(Case c) throws IOException {
        Result whole = run(c).execute();
        Path file = tmp.resolve("checkpoint.bin");
        Result stopped = run(c).checkpoint(file, Checkpoint.Interval.never()).interruptWhen(done -> done == c.at()).execute();
        assertThat(stopped.stopReason()).isEqualTo(Run.INTERRUPTED);
        assertThat(stopped.iterations()).isEqualTo(c.at());
        Checkpoint cp = Checkpoint.read(file);
        assertThat(cp.iteration()).isEqualTo(c.at());
        assertThat(cp.totalIterations()).isEqualTo(c.flow().get().iterations());
        Result resumed = run(c).resume(cp).execute();
        assertSame(resumed, whole);
        assertThat(resumed.iterations()).isEqualTo(whole.iterations());
        assertThat(resumed.stopReason()).isEqualTo(whole.stopReason());
    }

    /** Checkpoints every few iterations and resumes twice from the last: still the same run; and writing them changed nothing. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("methods")
    void checkpointsChangeNothingAndResumeTwice(Case c) throws IOException {
        Result whole = run(c).execute();
        Path file = tmp.resolve("c.bin");
        Result withCheckpoints = run(c).checkpoint(file, Checkpoint.Interval.iterations(3)).execute();
        assertSame(withCheckpoints, whole);
        int first = Math.max(1, c.at() / 2);
        run(c).checkpoint(file, Checkpoint.Interval.iterations(2)).interruptWhen(done -> done == first).execute();
        Result second = run(c).checkpoint(file, Checkpoint.Interval.iterations(2)).resume(Checkpoint.read(file))
                .interruptWhen(done -> done == c.at()).execute();
        assertThat(second.stopReason()).isEqualTo(Run.INTERRUPTED);
        Result resumed = run(c).resume(Checkpoint.read(file)).execute();
        assertSame(resumed, whole);
    }

    /** The draws of a chain method are streamed to the listener as they come, and add up to the result's. */
    @Test
    void theListenerGetsTheTraceAndTheDrawsAsTheyCome() throws IOException {
        Case c = (Case) methods().findFirst().orElseThrow().get()[0];
        List<Draws> parts = new ArrayList<>();
        int[] traced = {0};
        int[] started = {-1};
        RunListener listener = new RunListener() {
            public void started(int iteration, Trace trace, Draws kept) {
                started[0] = iteration;
                if (kept.draws() > 0) {
                    parts.add(kept);
                }
                traced[0] = trace.size();
            }

            public void traced(Trace trace, int from) {
                assertThat(from).isEqualTo(traced[0]);
                traced[0] = trace.size();
            }

            public void drew(Draws draws) {
                parts.add(draws);
            }
        };
        Path file = tmp.resolve("l.bin");
        Result stopped = run(c).listener(listener).checkpoint(file, Checkpoint.Interval.never())
                .interruptWhen(done -> done == 180).execute();
        assertThat(started[0]).isZero();
        assertThat(traced[0]).isEqualTo(stopped.trace().size());
        assertThat(parts.stream().mapToInt(Draws::draws).sum()).isEqualTo(30).isEqualTo(stopped.draws().draws());
        Result resumed = run(c).listener(listener).resume(Checkpoint.read(file)).execute();
        assertThat(started[0]).isEqualTo(180);
        Result whole = run(c).execute();
        assertSame(resumed, whole);
        // after the resume the listener was handed the 30 draws kept so far again, then the other 30
        assertThat(parts.stream().mapToInt(Draws::draws).sum()).isEqualTo(30 + 60);
        List<Draws> after = new ArrayList<>();
        int total = 0;
        for (int k = parts.size() - 1; k >= 0 && total < 60; k--) {
            after.add(0, parts.get(k));
            total += parts.get(k).draws();
        }
        int i = 0;
        for (Draws p : after) {
            for (int j = 0; j < p.draws(); j++, i++) {
                for (int ch = 0; ch < whole.draws().chains(); ch++) {
                    assertThat(p.draw(ch, j)).containsExactly(whole.draws().draw(ch, i));
                }
            }
        }
    }

    @Test
    void aCheckpointOfAnotherRunIsRefused() throws IOException {
        Case c = (Case) methods().findFirst().orElseThrow().get()[0];
        Path file = tmp.resolve("o.bin");
        run(c).checkpoint(file, Checkpoint.Interval.never()).interruptWhen(done -> done == 10).execute();
        Checkpoint cp = Checkpoint.read(file);
        assertThatThrownBy(() -> run(c).seed(12).resume(cp).execute()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("belongs to another run (seed: 11 in the checkpoint, 12 now)");
        assertThatThrownBy(() -> Run.of(c.target(), new Mala(Mala.Settings.defaults().withWarmup(150).withDraws(61)))
                .seed(11).recordEvery(4).resume(cp).execute()).hasMessageContaining("setting draws: 60 in the checkpoint, 61 now");
        assertThatThrownBy(() -> run(c).identify("model", "banana").resume(cp).execute())
                .hasMessageContaining("model: not in the checkpoint, banana now");
        assertThatThrownBy(() -> Run.of(c.target(), new Ula(Ula.Settings.defaults())).resume(cp).execute())
                .hasMessageContaining("method: mala in the checkpoint, ula now");
    }

    @Test
    void aDamagedOrTruncatedCheckpointIsRefused() throws IOException {
        Case c = (Case) methods().findFirst().orElseThrow().get()[0];
        Path file = tmp.resolve("d.bin");
        run(c).checkpoint(file, Checkpoint.Interval.never()).interruptWhen(done -> done == 10).execute();
        byte[] b = Files.readAllBytes(file);
        byte[] flipped = b.clone();
        flipped[b.length / 2] ^= 0x10;
        Files.write(tmp.resolve("flipped.bin"), flipped);
        assertThatThrownBy(() -> Checkpoint.read(tmp.resolve("flipped.bin"))).isInstanceOf(IOException.class)
                .hasMessageContaining("damaged");
        Files.write(tmp.resolve("short.bin"), java.util.Arrays.copyOf(b, b.length - 100));
        assertThatThrownBy(() -> Checkpoint.read(tmp.resolve("short.bin"))).isInstanceOf(IOException.class)
                .hasMessageContaining("damaged");
        Files.writeString(tmp.resolve("text.bin"), "lp__,x\n1,2\n");
        assertThatThrownBy(() -> Checkpoint.read(tmp.resolve("text.bin"))).hasMessageContaining("not an Otto checkpoint");
        assertThat(Files.list(tmp).map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
    }

    /** Same draws (every value, every sampler column), trace (but for the seconds), faults and results. */
    static void assertSame(Result a, Result b) {
        Draws x = a.draws();
        Draws y = b.draws();
        assertThat(x.chains()).isEqualTo(y.chains());
        assertThat(x.draws()).isEqualTo(y.draws());
        for (int c = 0; c < x.chains(); c++) {
            for (int i = 0; i < x.draws(); i++) {
                assertThat(x.draw(c, i)).as("chain %d draw %d", c, i).containsExactly(y.draw(c, i));
            }
        }
        assertThat(x.sampler().keySet()).isEqualTo(y.sampler().keySet());
        for (String k : x.sampler().keySet()) {
            assertThat(x.sampler().get(k)).as(k).isDeepEqualTo(y.sampler().get(k));
        }
        assertThat(a.trace().columns()).isEqualTo(b.trace().columns());
        assertThat(a.trace().size()).isEqualTo(b.trace().size());
        for (String col : a.trace().columns()) {
            if (!col.equals(Trace.SECONDS)) {
                assertThat(a.trace().column(col)).as(col).containsExactly(b.trace().column(col));
            }
        }
        assertThat(a.faults().counts()).isEqualTo(b.faults().counts());
        assertThat(a.faults().examples()).isEqualTo(b.faults().examples());
        Map<String, Object> ia = a.info();
        Map<String, Object> ib = b.info();
        assertThat(ia.keySet()).isEqualTo(ib.keySet());
        for (String k : ia.keySet()) {
            Object va = ia.get(k);
            Object vb = ib.get(k);
            if (va instanceof double[] da) {
                assertThat(da).as(k).containsExactly((double[]) vb);
            } else if (va instanceof Number || va instanceof String || va instanceof Boolean) {
                assertThat(va).as(k).isEqualTo(vb);
            }
        }
    }
}
