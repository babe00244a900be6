package otto.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.util.List;
import org.junit.jupiter.api.Test;
import otto.flow.gaussian.Advi;
import otto.flow.gaussian.ForwardBackwardVi;
import otto.flow.gaussian.GaussianViSettings;
import otto.flow.gaussian.MixtureVi;
import otto.flow.grid.EntropicJko;
import otto.flow.grid.FokkerPlanck;
import otto.flow.grid.GridSettings;
import otto.flow.particle.BlobFlow;
import otto.flow.particle.KineticLangevin;
import otto.flow.particle.Mala;
import otto.flow.particle.Svgd;
import otto.flow.particle.Ula;
import otto.model.Target;

/**
 * {@link Flow#memory}: the estimate grows with the settings that hold memory (particles, chains ×
 * draws, grid cells, components, the dimension) as the arrays do, names those settings, and — for
 * SVGD and a 3-D Fokker–Planck grid — is within a factor 3 of the heap a started run holds,
 * measured.
 */
class MemoryEstimateTest {
    private static final long MIB = 1L << 20;

    @Test
    void partsAddUpWithTheDetailOfTheLargest() {
        MemoryEstimate a = new MemoryEstimate(100, "a", List.of("chains"));
        MemoryEstimate b = new MemoryEstimate(300, "b", List.of("cells"));
        assertThat(a.plus(b)).isEqualTo(new MemoryEstimate(400, "b", List.of("cells")));
        assertThat(b.plus(a)).isEqualTo(new MemoryEstimate(400, "b", List.of("cells")));
        assertThat(MemoryEstimate.sum(a, b, new MemoryEstimate(200, "c", List.of()))).isEqualTo(new MemoryEstimate(600, "b", List.of("cells")));
        assertThat(MemoryEstimate.SMALL.plus(MemoryEstimate.SMALL)).isEqualTo(MemoryEstimate.SMALL);
        MemoryEstimate huge = new MemoryEstimate(Long.MAX_VALUE - 10, "h", List.of());
        assertThat(huge.plus(b).bytes()).isEqualTo(Long.MAX_VALUE);
        assertThat(MemoryEstimate.doubles(1e30)).isEqualTo(Long.MAX_VALUE);
        assertThat(MemoryEstimate.doubles(3)).isEqualTo(24);
        assertThat(MemoryEstimate.draws(4, 1000, 10, 2, 3)).isEqualTo(8L * 4 * 1000 * 12 * 3);
    }

    @Test
    void sizesReadAsBinaryUnits() {
        assertThat(MemoryEstimate.size(5L << 30)).isEqualTo("5.0 GiB");
        assertThat(MemoryEstimate.size(3L << 29)).isEqualTo("1.5 GiB");
        assertThat(MemoryEstimate.size(512 * MIB)).isEqualTo("512 MiB");
        assertThat(MemoryEstimate.size(40 << 10)).isEqualTo("40 KiB");
    }

    @Test
    void particleFlowsGrowWithTheParticlesAndTheDimension() {
        for (int d : new int[] {2, 10}) {
            long n1 = svgd(100_000).memory(d).bytes();
            long n4 = svgd(400_000).memory(d).bytes();
            assertThat((double) n4 / n1).isCloseTo(4.0, within(1e-6));
            assertThat((double) blob(400_000).memory(d).bytes() / blob(100_000).memory(d).bytes()).isCloseTo(4.0, within(1e-6));
        }
        // the n × (d + 1) arrays dominate in high dimension
        assertThat((double) svgd(100_000).memory(200).bytes() / svgd(100_000).memory(100).bytes()).isBetween(1.9, 2.0);
        MemoryEstimate m = svgd(400_000_000).memory(2);
        assertThat(m.settings()).containsExactly("particles");
        assertThat(m.detail()).contains("400000000 particles");
        // 25 arrays of n × (d + 1) (16, and the kernel sums' accumulators and a chunk's transposed
        // sums) and a random stream per particle: some 280 GiB, nothing allocated
        assertThat(m.bytes()).isBetween(250L << 30, 320L << 30);
    }

    @Test
    void chainMethodsGrowWithChainsTimesDraws() {
        for (Flow f : List.<Flow>of(mala(4, 100_000), ula(4, 100_000), kinetic(4, 100_000))) {
            MemoryEstimate m = f.memory(10);
            assertThat(m.settings()).as(f.name()).containsExactly("chains", "draws");
            assertThat(m.detail()).as(f.name()).contains("4 chains × 100000 draws");
        }
        long base = mala(4, 100_000).memory(10).bytes();
        assertThat((double) mala(4, 400_000).memory(10).bytes() / base).isCloseTo(4.0, within(0.01));
        assertThat((double) mala(16, 100_000).memory(10).bytes() / base).isCloseTo(4.0, within(0.05));
        // the kept draws: 3 copies of chains × draws × (d + 3)
        assertThat((double) base / (8.0 * 4 * 100_000 * 13 * 3)).isBetween(1.0, 1.01);
        // a million chains of one draw each: the chains' own state dominates
        MemoryEstimate state = mala(1_000_000, 1).memory(2);
        assertThat(state.settings()).containsExactly("chains");
        assertThat(state.bytes()).isGreaterThan(300 * MIB);
    }

    @Test
    void gridMethodsGrowWithTheCells() {
        FokkerPlanck small = fokkerPlanck(GridSettings.defaults().withCells(256));
        FokkerPlanck large = fokkerPlanck(GridSettings.defaults().withCells(1024));
        assertThat((double) large.memory(2).bytes() / small.memory(2).bytes()).isBetween(15.0, 16.0);
        assertThat((double) fokkerPlanck(GridSettings.defaults().withCells(96)).memory(3).bytes()
                / fokkerPlanck(GridSettings.defaults().withCells(48)).memory(3).bytes()).isBetween(7.5, 8.0);
        // one count per axis
        assertThat(fokkerPlanck(GridSettings.defaults().withCells(100, 200, 300)).memory(3).detail())
                .startsWith("a grid of 100 × 200 × 300 cells");
        // the defaults: 48³ in 3-D, 256² in 2-D
        assertThat(fokkerPlanck(GridSettings.defaults()).memory(3).detail()).startsWith("a grid of 48 × 48 × 48 cells");
        assertThat(fokkerPlanck(GridSettings.defaults()).memory(2).bytes()).isEqualTo(small.memory(2).bytes());
        MemoryEstimate m = fokkerPlanck(GridSettings.defaults().withCells(400)).memory(3);
        assertThat(m.settings()).containsExactly("cells", "density_times");
        assertThat(m.bytes()).isBetween(10L << 30, 20L << 30);
        // every density kept is one more array of the cells (at most one per step)
        long two = fokkerPlanck(GridSettings.defaults().withCells(512)).memory(2).bytes();
        long ten = fokkerPlanck(GridSettings.defaults().withCells(512).withDensityTimes(0, 1, 2, 3, 4, 5, 6, 7, 8, 9)).memory(2).bytes();
        assertThat(ten - two).isCloseTo(8L * 8 * 512 * 512, within(1000L));
        long capped = fokkerPlanck(GridSettings.defaults().withCells(512).withSteps(1).withDensityTimes(0, 1, 2, 3, 4, 5, 6, 7, 8, 9))
                .memory(2).bytes();
        assertThat(capped).isEqualTo(two);
        EntropicJko jko = new EntropicJko(EntropicJko.Settings.defaults().withGrid(GridSettings.defaults().withCells(512)));
        assertThat((double) jko.memory(2).bytes() / two).isBetween(0.5, 1.0);
        // many draws from a small grid: the draws dominate
        MemoryEstimate draws = fokkerPlanck(GridSettings.defaults().withCells(64).withDraws(10_000_000)).memory(2);
        assertThat(draws.settings()).containsExactly("chains", "draws");
        // beyond d = 3 the grid methods refuse to start: nothing to estimate
        assertThat(large.memory(4)).isEqualTo(MemoryEstimate.SMALL);
    }

    @Test
    void gaussianFitsGrowWithTheSquareOfTheDimension() {
        // few draws, so that the d × d matrices dominate
        ForwardBackwardVi fbvi = new ForwardBackwardVi(GaussianViSettings.defaults().withChains(1).withDraws(10));
        MemoryEstimate m = fbvi.memory(4000);
        assertThat(m.detail()).contains("d × d = 4000 × 4000");
        assertThat(m.settings()).isEmpty();
        assertThat((double) fbvi.memory(8000).bytes() / m.bytes()).isBetween(3.9, 4.0);
        // 8 dense matrices, 1 for mean-field ADVI
        Advi.Settings advi = Advi.Settings.defaults().withChains(1).withDraws(10);
        assertThat(new Advi(advi).memory(4000).bytes()).isLessThan(m.bytes() / 4);
        assertThat(new Advi(advi.withFullRank(true)).memory(4000).bytes()).isCloseTo(m.bytes(), within(m.bytes() / 20));
        MemoryEstimate mixture = new MixtureVi(MixtureVi.Settings.defaults().withComponents(100)).memory(1000);
        assertThat(mixture.settings()).containsExactly("components");
        assertThat(mixture.detail()).startsWith("100 components × ");
        MemoryEstimate draws = new ForwardBackwardVi(GaussianViSettings.defaults().withDraws(10_000_000)).memory(10);
        assertThat(draws.settings()).containsExactly("chains", "draws");
        assertThat(new Advi(Advi.Settings.defaults().withGradSamples(10_000_000)).memory(10).settings()).containsExactly("grad_samples");
    }

    /**
     * SVGD's estimate against the heap its started state and draws hold, measured (the first
     * step's pairwise pass is O(n²), too slow to take at this size; what it adds, the median's bands
     * and the summaries' work, is within the estimate's allowance).
     */
    @Test
    void svgdEstimateIsWithinAFactorThreeOfTheMeasuredHeap() {
        for (int d : new int[] {2, 10}) {
            int n = 1_000_000 / d;
            Svgd svgd = svgd(n);
            Target t = normal(d);
            long measured = retained(() -> {
                FlowState s = svgd.start(t, context(t, 1));
                return new Object[] {s, s.draws()};
            });
            long estimate = svgd.memory(d).bytes();
            assertThat(measured).as("d = %d: measured %d MiB", d, measured / MIB).isGreaterThan(60 * MIB);
            assertThat((double) estimate / measured).as("d = %d: estimate %d MiB, measured %d MiB", d, estimate / MIB, measured / MIB)
                    .isBetween(1.0 / 3, 3.0);
        }
    }

    /** A 3-D Fokker–Planck grid of 80³ cells after its first step (when the solver has all its arrays) and its draws. */
    @Test
    void fokkerPlanckEstimateIsWithinAFactorThreeOfTheMeasuredHeapIn3d() {
        FokkerPlanck fp = fokkerPlanck(GridSettings.defaults().withCells(80).withSteps(2));
        Target t = normal(3);
        long measured = retained(() -> {
            FlowState s = fp.start(t, context(t, 2));
            s.step(0);
            return new Object[] {s, s.draws()};
        });
        long estimate = fp.memory(3).bytes();
        assertThat(measured).as("measured %d MiB", measured / MIB).isGreaterThan(40 * MIB);
        assertThat((double) estimate / measured).as("estimate %d MiB, measured %d MiB", estimate / MIB, measured / MIB)
                .isBetween(1.0 / 3, 3.0);
    }

    /** The heap what {@code build} returns holds, after garbage collection (the least of a few readings). */
    private static long retained(java.util.function.Supplier<Object> build) {
        long before = used();
        Object kept = build.get();
        long after = used();
        Reference.reachabilityFence(kept);
        return after - before;
    }

    private static long used() {
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            least = Math.min(least, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return least;
    }

    private static RunContext context(Target t, int iterations) {
        return new RunContext(1, t, new Parallel(null, 1), new Faults(), iterations);
    }

    /** A standard normal in {@code d} dimensions. */
    private static Target normal(int d) {
        return new Target() {
            @Override
            public int dimension() {
                return d;
            }

            @Override
            public double logDensity(double[] x, double[] g) {
                double s = 0.0;
                for (int k = 0; k < d; k++) {
                    s += x[k] * x[k];
                    if (g != null) {
                        g[k] = -x[k];
                    }
                }
                return -0.5 * s;
            }
        };
    }

    private static Svgd svgd(int n) {
        return new Svgd(Svgd.Settings.defaults().withParticles(n));
    }

    private static BlobFlow blob(int n) {
        return new BlobFlow(BlobFlow.Settings.defaults().withParticles(n));
    }

    private static Mala mala(int chains, int draws) {
        return new Mala(Mala.Settings.defaults().withChains(chains).withDraws(draws));
    }

    private static Ula ula(int chains, int draws) {
        return new Ula(Ula.Settings.defaults().withChains(chains).withDraws(draws));
    }

    private static KineticLangevin kinetic(int chains, int draws) {
        return new KineticLangevin(KineticLangevin.Settings.defaults().withChains(chains).withDraws(draws));
    }

    private static FokkerPlanck fokkerPlanck(GridSettings g) {
        return new FokkerPlanck(FokkerPlanck.Settings.defaults().withGrid(g));
    }
}
