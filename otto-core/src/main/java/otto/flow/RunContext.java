package otto.flow;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.rng.SplittableUniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/**
 * What a {@link Flow} gets from the {@link Run} driver: independent random streams split from
 * the run's seed (one per chain or particle, so results do not depend on the thread count), a
 * batched {@link Evaluator} over the configured threads, and the fault log.
 */
public final class RunContext {
    private final SplittableUniformRandomProvider root;
    private final List<RandomStream> streams = new ArrayList<>();
    private final Evaluator evaluator;
    private final Faults faults;
    private final int iterations;

    RunContext(long seed, Evaluator evaluator, Faults faults, int iterations) {
        this.root = (SplittableUniformRandomProvider) RandomSource.L64_X256_MIX.create(seed);
        this.evaluator = evaluator;
        this.faults = faults;
        this.iterations = iterations;
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

    /** Records a numerical fault. */
    public void fault(String kind, int iteration, int where, String detail) {
        faults.add(new Fault(kind, iteration, where, detail));
    }

    /** The number of iterations the run will take (if not stopped early). */
    public int iterations() {
        return iterations;
    }
}
