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

    /** Saves the random streams (the root's and every stream's state) and the fault log. */
    synchronized void save(StateWriter out) throws java.io.IOException {
        out.section("streams");
        out.bytes(((org.apache.commons.rng.core.RandomProviderDefaultState) RandomStream.restorable(root).saveState()).getState());
        out.writeInt(streams.size());
        for (RandomStream s : streams) {
            out.bytes(s.state());
        }
        faults.save(out);
    }

    /**
     * Restores what {@link #save} wrote, after the flow started again: streams split since are
     * split again (in order, from the root, as they were), then every state is put back.
     */
    synchronized void restore(StateReader in) throws java.io.IOException {
        in.section("streams");
        byte[] rootState = in.bytes();
        int n = in.readInt();
        byte[][] states = new byte[n][];
        for (int k = 0; k < n; k++) {
            states[k] = in.bytes();
        }
        if (n < streams.size()) {
            throw new IllegalStateException("the checkpoint does not fit this run: it has " + n + " random streams, the method's "
                    + "start alone takes " + streams.size());
        }
        if (n > 0) {
            stream(n - 1);
        }
        for (int k = 0; k < n; k++) {
            streams.get(k).restore(states[k]);
        }
        RandomStream.restorable(root).restoreState(new org.apache.commons.rng.core.RandomProviderDefaultState(rootState));
        faults.restore(in);
    }

    /** The number of iterations the run will take (if not stopped early). */
    public int iterations() {
        return iterations;
    }
}
