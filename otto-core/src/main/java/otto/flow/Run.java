package otto.flow;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import otto.model.Target;

/**
 * The one driver every method shares: it starts a {@link Flow} on a {@link Target} with a seed,
 * steps it, records monitors to a {@link Trace} at a fixed interval, applies stopping rules,
 * reports progress and times the iterations.
 *
 * <pre>{@code
 * Result r = Run.of(model, new Mala(Mala.Settings.defaults())).seed(42).threads(2).execute();
 * List<Summary> summaries = r.summary(model);     // mean, sd, quantiles, ESS, R-hat, MCSE per quantity
 * }</pre>
 */
public final class Run {
    private final Target target;
    private final Flow flow;
    private long seed = 1;
    private int threads = 1;
    private int recordEvery = 0;
    private ProgressListener progress;
    private StoppingRule stoppingRule;

    private Run(Target target, Flow flow) {
        this.target = target;
        this.flow = flow;
    }

    /** A run of {@code flow} on {@code target}. */
    public static Run of(Target target, Flow flow) {
        return new Run(target, flow);
    }

    /** The seed (default 1). */
    public Run seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** Threads for batched evaluation (default 1); results do not depend on it. */
    public Run threads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.threads = threads;
        return this;
    }

    /** Record the trace every {@code k} iterations (default: about 200 records per run). */
    public Run recordEvery(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("recordEvery must be at least 1, got " + k);
        }
        this.recordEvery = k;
        return this;
    }

    /** The interval the trace is recorded at: {@link #recordEvery(int)}'s, or the default for this flow. */
    public int recordInterval() {
        return recordEvery > 0 ? recordEvery : Math.max(1, flow.iterations() / 200);
    }

    /**
     * What this run will hold in memory, estimated from the settings before it starts (nothing is
     * allocated): the flow's {@link Flow#memory} on this target, and the driver's own, each
     * iteration's time (two arrays of the iterations) and the trace's records (with the copy the
     * results' writer makes, some 40 values each).
     */
    public MemoryEstimate memory() {
        long total = Math.max(0, flow.iterations());
        long records = total / recordInterval() + 2;
        MemoryEstimate driver = new MemoryEstimate(MemoryEstimate.doubles(2.0 * total + 40.0 * records), total
                + " iterations, the trace recorded every " + recordInterval(), List.of("iterations"));
        return flow.memory(target.dimension()).plus(driver);
    }

    /** Called after each recorded iteration. */
    public Run progress(ProgressListener listener) {
        this.progress = listener;
        return this;
    }

    /** An extra rule for stopping early. */
    public Run stopWhen(StoppingRule rule) {
        this.stoppingRule = rule;
        return this;
    }

    /**
     * Runs the flow.
     *
     * @throws RunFailedException if the method cannot start or go on
     */
    public Result execute() {
        int total = flow.iterations();
        int every = recordInterval();
        ExecutorService pool = threads > 1 ? Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "otto-eval");
            t.setDaemon(true);
            return t;
        }) : null;
        try {
            Faults faults = new Faults();
            RunContext context = new RunContext(seed, target, new Parallel(pool, threads), faults, total);
            Trace trace = new Trace();
            long start = System.nanoTime();
            FlowState state = flow.start(target, context);
            double[] stepSeconds = new double[total];
            String reason = "completed";
            int done = 0;
            record(state, trace, 0, start);
            for (int it = 0; it < total; it++) {
                long t0 = System.nanoTime();
                state.step(it);
                stepSeconds[it] = (System.nanoTime() - t0) * 1e-9;
                done = it + 1;
                boolean last = done == total;
                boolean converged = state.converged();
                if (done % every == 0 || last || converged) {
                    Monitors m = record(state, trace, done, start);
                    if (progress != null) {
                        progress.progress(done, total, m);
                    }
                    if (converged && !last) {
                        reason = "converged";
                        break;
                    }
                    if (stoppingRule != null && !last && stoppingRule.shouldStop(trace)) {
                        reason = "stopping rule";
                        break;
                    }
                }
            }
            Draws draws = state.draws();
            double totalSeconds = (System.nanoTime() - start) * 1e-9;
            double[] used = Arrays.copyOf(stepSeconds, done);
            Arrays.sort(used);
            double median = done == 0 ? 0.0 : (done % 2 == 1 ? used[done / 2] : 0.5 * (used[done / 2 - 1] + used[done / 2]));
            return new Result(flow.name(), flow.settings(), seed, threads, done, reason, totalSeconds, median,
                    trace, draws, faults, state.info());
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
    }

    private static Monitors record(FlowState state, Trace trace, int iteration, long start) {
        Monitors m = new Monitors();
        state.record(m);
        trace.add(iteration, (System.nanoTime() - start) * 1e-9, m.values());
        return m;
    }
}
