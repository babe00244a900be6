package otto.flow;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import otto.model.Target;

/**
 * A flow driven one step at a time, for benchmarks and tools that time or inspect single steps:
 * the same start as {@link Run} (seeded streams, the batched evaluator and the method's threads),
 * without the recording, stopping or timing. Close it to release the threads.
 *
 * <pre>{@code
 * try (Stepper s = Stepper.start(target, new Svgd(Svgd.Settings.defaults()), 1, 2)) {
 *     s.step();
 * }
 * }</pre>
 */
public final class Stepper implements AutoCloseable {
    private final ExecutorService pool;
    private final FlowState state;
    private final Faults faults = new Faults();
    private int iteration;

    private Stepper(Target target, Flow flow, long seed, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.pool = threads > 1 ? Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "otto-step");
            t.setDaemon(true);
            return t;
        }) : null;
        try {
            RunContext context = new RunContext(seed, target, new Parallel(pool, threads), faults, flow.iterations());
            this.state = flow.start(target, context);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Starts {@code flow} on {@code target} as a {@link Run} with this seed and number of threads
     * would.
     *
     * @throws RunFailedException if the method cannot start
     */
    public static Stepper start(Target target, Flow flow, long seed, int threads) {
        return new Stepper(target, flow, seed, threads);
    }

    /** Advances the flow by one iteration. */
    public void step() {
        state.step(iteration++);
    }

    /** The iterations taken so far. */
    public int iteration() {
        return iteration;
    }

    /** The flow's monitors now. */
    public Monitors record() {
        Monitors m = new Monitors();
        state.record(m);
        return m;
    }

    /** The flow's state (draws, info). */
    public FlowState state() {
        return state;
    }

    /** The faults met so far. */
    public Faults faults() {
        return faults;
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
