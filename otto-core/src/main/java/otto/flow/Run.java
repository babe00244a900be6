package otto.flow;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntPredicate;
import otto.model.Target;

/**
 * The one driver every method shares: it starts a {@link Flow} on a {@link Target} with a seed,
 * steps it, records monitors to a {@link Trace} at a fixed interval, applies stopping rules,
 * reports progress, times the iterations, hands what the run produces to a {@link RunListener} as
 * it comes, writes checkpoints and continues from them.
 *
 * <pre>{@code
 * Result r = Run.of(model, new Mala(Mala.Settings.defaults())).seed(42).threads(2).execute();
 * List<Summary> summaries = r.summary(model);     // mean, sd, quantiles, ESS, R-hat, MCSE per quantity
 * }</pre>
 *
 * <p><b>Checkpoints.</b> With {@link #checkpoint(Path, Checkpoint.Interval)} the run saves its
 * whole state — the method's ({@link Checkpointable}), every random stream, the trace, the faults,
 * the iteration and the timings — to one file, atomically, at the interval and when it is
 * {@linkplain #interruptWhen interrupted}; {@link #resume(Checkpoint)} continues from such a file
 * and ends with the same draws, bit for bit, as the run that was never stopped. Writing checkpoints
 * changes nothing in the results.
 *
 * <pre>{@code
 * Run.of(model, flow).seed(42).checkpoint(file, Checkpoint.Interval.seconds(60)).execute();   // killed …
 * Result r = Run.of(model, flow).seed(42).checkpoint(file, Checkpoint.Interval.seconds(60))
 *         .resume(Checkpoint.read(file)).execute();                                        // … and continued
 * }</pre>
 */
public final class Run {
    /** The stop reason of a run ended by {@link #interruptWhen}. */
    public static final String INTERRUPTED = "interrupted";
    /** The longest time new trace rows and draws wait before the listener is flushed. */
    static final long FLUSH_NANOS = 1_000_000_000L;

    private final Target target;
    private final Flow flow;
    private long seed = 1;
    private int threads = 1;
    private int recordEvery = 0;
    private ProgressListener progress;
    private StoppingRule stoppingRule;
    private RunListener listener;
    private IntPredicate interrupt;
    private Path checkpointFile;
    private Checkpoint.Interval checkpointInterval = Checkpoint.Interval.never();
    private Checkpoint resumeFrom;
    private final Map<String, String> extraIdentity = new LinkedHashMap<>();

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

    /** Told of new trace rows and draws as they come (see {@link RunListener}). */
    public Run listener(RunListener listener) {
        this.listener = listener;
        return this;
    }

    /**
     * Asked after every iteration, with the iterations done: when it says yes (a Ctrl-C, say), the
     * run stops there — writing a checkpoint first, if it writes any — and ends with stop reason
     * {@value #INTERRUPTED}, the draws made so far (a sampler's kept draws; for the other methods,
     * draws from the current state) and the trace.
     */
    public Run interruptWhen(IntPredicate requested) {
        this.interrupt = requested;
        return this;
    }

    /**
     * Writes checkpoints to {@code file} at {@code interval} (and when interrupted), each atomically
     * replacing the last. The method must be {@link Checkpointable} (all of Otto's are).
     */
    public Run checkpoint(Path file, Checkpoint.Interval interval) {
        this.checkpointFile = java.util.Objects.requireNonNull(file, "file");
        this.checkpointInterval = java.util.Objects.requireNonNull(interval, "interval");
        return this;
    }

    /**
     * Continues from {@code checkpoint} instead of starting afresh: the flow is started again with
     * the same seed, then its state, the random streams, the trace and the faults are put back
     * as they were.
     *
     * @throws IllegalArgumentException (at {@link #execute()}) if the checkpoint belongs to another run
     */
    public Run resume(Checkpoint checkpoint) {
        this.resumeFrom = checkpoint;
        return this;
    }

    /**
     * Adds an entry to what identifies this run in its checkpoints ({@link #identity()}), such as
     * the model's name or a digest of its data: a checkpoint whose entries differ is refused.
     */
    public Run identify(String key, String value) {
        extraIdentity.put(key, value);
        return this;
    }

    /**
     * What identifies this run, as written in its checkpoints and compared on resume: the method,
     * each of its settings, the seed, the iterations, the record interval, the target's dimension,
     * and the entries given to {@link #identify}. The threads are not part of it: results do not
     * depend on them.
     */
    public Map<String, String> identity() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("method", flow.name());
        flow.settings().forEach((k, v) -> m.put("setting " + k, text(v)));
        m.put("seed", Long.toString(seed));
        m.put("iterations", Integer.toString(flow.iterations()));
        m.put("record every", Integer.toString(recordInterval()));
        m.put("dimension", Integer.toString(target.dimension()));
        m.putAll(extraIdentity);
        return m;
    }

    private static String text(Object v) {
        if (v instanceof double[] a) {
            return Arrays.toString(a);
        }
        if (v instanceof int[] a) {
            return Arrays.toString(a);
        }
        if (v instanceof long[] a) {
            return Arrays.toString(a);
        }
        if (v instanceof Object[] a) {
            return Arrays.deepToString(a);
        }
        return String.valueOf(v);
    }

    /**
     * Runs the flow (or continues it from a checkpoint).
     *
     * @throws RunFailedException if the method cannot start or go on, or a checkpoint cannot be written
     * @throws IllegalArgumentException if the checkpoint to resume from belongs to another run
     */
    public Result execute() {
        int total = flow.iterations();
        int every = recordInterval();
        Map<String, String> identity = identity();
        if (resumeFrom != null) {
            String why = resumeFrom.mismatch(identity);
            if (why != null) {
                throw new IllegalArgumentException("the checkpoint " + resumeFrom.file() + " belongs to another run (" + why + ")");
            }
        }
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
            if (resumeFrom != null) {
                done = restore(resumeFrom, state, context, trace, stepSeconds);
                start -= (long) (resumeFrom.elapsedSeconds() * 1e9);
            } else {
                record(state, trace, 0, start);
            }
            int streamedTrace = 0;
            int streamedDraws = 0;
            if (listener != null) {
                Draws kept = state instanceof IncrementalDraws g ? g.keptDraws(0) : null;
                listener.started(done, trace, kept);
                streamedTrace = trace.size();
                streamedDraws = kept == null ? 0 : kept.draws();
            }
            long lastFlush = System.nanoTime();
            long lastCheckpoint = lastFlush;
            int lastCheckpointIteration = done;
            for (int it = done; it < total; it++) {
                long t0 = System.nanoTime();
                state.step(it);
                long t1 = System.nanoTime();
                stepSeconds[it] = (t1 - t0) * 1e-9;
                done = it + 1;
                boolean last = done == total;
                boolean converged = state.converged();
                String stop = null;
                if (done % every == 0 || last || converged) {
                    Monitors m = record(state, trace, done, start);
                    if (progress != null) {
                        progress.progress(done, total, m);
                    }
                    if (converged && !last) {
                        stop = "converged";
                    } else if (stoppingRule != null && !last && stoppingRule.shouldStop(trace)) {
                        stop = "stopping rule";
                    }
                }
                boolean interrupted = stop == null && !last && interrupt != null && interrupt.test(done);
                long now = System.nanoTime();
                boolean checkpointNow = checkpointFile != null && !last && stop == null && (interrupted
                        || checkpointInterval.iterations() > 0 && done - lastCheckpointIteration >= checkpointInterval.iterations()
                        || checkpointInterval.seconds() > 0 && now - lastCheckpoint >= checkpointInterval.seconds() * 1e9);
                if (listener != null && (last || stop != null || interrupted || checkpointNow || now - lastFlush >= FLUSH_NANOS)) {
                    streamedTrace = emitTrace(trace, streamedTrace);
                    streamedDraws = emitDraws(state, streamedDraws);
                    listener.flush();
                    lastFlush = System.nanoTime();
                }
                if (checkpointNow) {
                    writeCheckpoint(identity, done, total, (System.nanoTime() - start) * 1e-9, stepSeconds, trace, context, state);
                    lastCheckpoint = System.nanoTime();
                    lastCheckpointIteration = done;
                    if (listener != null) {
                        listener.checkpointed(done, checkpointFile);
                    }
                }
                if (interrupted) {
                    stop = INTERRUPTED;
                }
                if (stop != null) {
                    reason = stop;
                    break;
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

    private int emitTrace(Trace trace, int from) {
        if (trace.size() > from) {
            listener.traced(trace, from);
        }
        return trace.size();
    }

    private int emitDraws(FlowState state, int from) {
        if (state instanceof IncrementalDraws g && g.keptDraws() > from) {
            listener.drew(g.keptDraws(from));
            return g.keptDraws();
        }
        return from;
    }

    private static Checkpointable checkpointable(FlowState state, String method) {
        if (state instanceof Checkpointable c) {
            return c;
        }
        throw new IllegalStateException("method " + method + " cannot be checkpointed (its state does not save itself)");
    }

    private void writeCheckpoint(Map<String, String> identity, int done, int total, double elapsed, double[] stepSeconds,
                                 Trace trace, RunContext context, FlowState state) {
        Checkpointable c = checkpointable(state, flow.name());
        try {
            Checkpoint.write(checkpointFile, identity, done, total, elapsed, out -> {
                out.section("run");
                out.doubles(stepSeconds, done);
                trace.save(out);
                context.save(out);
                out.section(flow.name());
                c.save(out);
            });
        } catch (IOException e) {
            throw new RunFailedException("cannot write the checkpoint " + checkpointFile + ": " + describe(e), e);
        }
    }

    private int restore(Checkpoint cp, FlowState state, RunContext context, Trace trace, double[] stepSeconds) {
        Checkpointable c = checkpointable(state, flow.name());
        int done = cp.iteration();
        if (done < 0 || done > stepSeconds.length) {
            throw new IllegalArgumentException("the checkpoint " + cp.file() + " is at iteration " + done + " of a run of "
                    + stepSeconds.length);
        }
        try {
            StateReader in = cp.body();
            in.section("run");
            double[] s = in.doubles(done);
            System.arraycopy(s, 0, stepSeconds, 0, done);
            trace.restore(in);
            context.restore(in);
            in.section(flow.name());
            c.restore(in);
            in.end();
        } catch (IOException e) {
            throw new IllegalArgumentException("the checkpoint " + cp.file() + " cannot be restored: " + describe(e), e);
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException("the checkpoint " + cp.file() + " cannot be restored: " + e.getMessage(), e);
        }
        return done;
    }

    private static String describe(IOException e) {
        if (e instanceof java.io.EOFException) {
            return "it ends too early";
        }
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private static Monitors record(FlowState state, Trace trace, int iteration, long start) {
        Monitors m = new Monitors();
        state.record(m);
        trace.add(iteration, (System.nanoTime() - start) * 1e-9, m.values());
        return m;
    }
}
