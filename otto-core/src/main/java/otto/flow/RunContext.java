package otto.flow;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.rng.SplittableUniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import otto.model.Target;

/**
 * What a {@link Flow} gets from the {@link Run} driver: independent random streams split from
 * the run's seed (one per chain or particle, so results do not depend on the thread count), a
 * batched {@link Evaluator} over the configured threads, and the fault log.
 */
public final class RunContext {
    private final SplittableUniformRandomProvider root;
    private final List<RandomStream> streams = new ArrayList<>();
    private final Evaluator evaluator;
    private final Parallel parallel;
    private final Faults faults;
    private final int iterations;
    private final long seed;

    RunContext(long seed, Target target, Parallel parallel, Faults faults, int iterations) {
        this.root = (SplittableUniformRandomProvider) RandomSource.L64_X256_MIX.create(seed);
        this.evaluator = new Evaluator(target, parallel);
        this.parallel = parallel;
        this.faults = faults;
        this.iterations = iterations;
        this.seed = seed;
    }

    /**
     * Stream {@code k}: the same sequence for the same seed and {@code k}, however many threads
     * run. Streams are split from the root in order of index.
     */
    public synchronized RandomStream stream(int k) {
        while (streams.size() <= k) {
            streams.add(new RandomStream(root.split()));
        }
        return streams.get(k);
    }

    /** The batched evaluator of the target. */
    public Evaluator evaluator() {
        return evaluator;
    }

    /** The run's threads, for a method's own block-parallel work (pairwise kernel sums …). */
    public Parallel parallel() {
        return parallel;
    }

    /** Records a numerical fault. */
    public void fault(String kind, int iteration, int where, String detail) {
        faults.add(new Fault(kind, iteration, where, detail));
    }

    /**
     * Runs another flow on the same target first — a pilot, such as a Gaussian VI fit that a
     * sampler takes its preconditioner from — with a seed derived from this run's and the same
     * threads. Its faults are added to this run's, their kinds prefixed {@code pilot:}.
     *
     * @throws RunFailedException if the pilot fails
     */
    public Result pilot(Flow flow) {
        Result r = Run.of(evaluator.target(), flow).seed(seed * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L)
                .threads(parallel.threads()).execute();
        faults.addAll(r.faults(), "pilot:");
        return r;
    }

    /** The number of iterations the run will take (if not stopped early). */
    public int iterations() {
        return iterations;
    }
}
