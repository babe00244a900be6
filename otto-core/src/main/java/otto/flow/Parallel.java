package otto.flow;

import java.util.concurrent.ExecutorService;
import java.util.function.IntConsumer;

/**
 * The run's threads, for work split into independent blocks. A block must write only its own
 * outputs and compute them in an order that does not depend on which thread runs it; then the
 * results are the same, bit for bit, whatever the number of threads.
 */
public final class Parallel {
    private static final Parallel SERIAL = new Parallel(null, 1);
    private final ExecutorService pool;
    private final int threads;
    /**
     * Whether waiting threads spin (helpers for the next call, the caller for the last blocks):
     * only while there are no more threads than processors, where a spinning thread takes no
     * processor another needs.
     */
    private final boolean spin;

    Parallel(ExecutorService pool, int threads) {
        this.pool = pool;
        this.threads = pool == null ? 1 : threads;
        this.spin = this.threads <= Runtime.getRuntime().availableProcessors();
    }

    /** Everything on the calling thread. */
    public static Parallel serial() {
        return SERIAL;
    }

    /**
     * Work spread over {@code threads} threads of a pool the caller owns (and shuts down), for
     * using the block-parallel estimators outside a {@link Run} (benchmarks, tests, a caller's own
     * driver). Inside a run, take {@link RunContext#parallel()}. One thread is {@link #serial()}:
     * the calling thread, the pool unused. After each call up to {@code threads - 1} of the pool's
     * threads stay busy for another 0.5 ms, waiting for the next call (see {@link #forEach}); they
     * end on {@code shutdownNow} at once.
     *
     * @throws IllegalArgumentException if {@code threads < 1}
     */
    public static Parallel of(ExecutorService pool, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        java.util.Objects.requireNonNull(pool, "pool");
        return threads == 1 ? SERIAL : new Parallel(pool, threads);
    }

    /** The number of threads work is spread over. */
    public int threads() {
        return threads;
    }

    /**
     * Runs {@code block.accept(b)} for {@code b = 0 … blocks - 1} and waits for all of them; an
     * exception thrown by a block is rethrown here (the lowest-numbered block's, if several throw;
     * the others still run). The calling thread takes blocks too, alongside up to
     * {@code threads - 1} helpers, each taking the next block not yet taken.
     *
     * <p>Handing work to a parked pool thread and being woken when it is done cost about 30 µs each
     * on a virtual machine, as much as a small block: so a helper that has finished stays awake for
     * 0.5 ms and joins the next call at once if one comes (a flow's step makes several calls in a
     * row), and the caller waits for the last blocks by spinning for 0.2 ms before it parks; with
     * more threads than processors nothing spins. Which thread runs which block never changes a
     * result.
     */
    public void forEach(int blocks, IntConsumer block) {
        if (pool == null || blocks < 2) {
            for (int b = 0; b < blocks; b++) {
                block.accept(b);
            }
            return;
        }
        int helpers = Math.min(threads, blocks) - 1;
        // helpers still awake (working on their last block of the previous call, or lingering) join
        // this call; only the rest are handed to the pool, so no more than `threads` threads run
        int awake = Math.min(helpers, alive.get());
        Job job = new Job(blocks, block, awake);
        if (awake > 0) {
            offered = job;
        }
        for (int h = awake; h < helpers; h++) {
            alive.incrementAndGet();
            try {
                pool.submit(() -> help(job));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                alive.decrementAndGet();
                break; // the pool is shut down: the caller does the rest
            }
        }
        job.work();
        if (offered == job) {
            offered = null;
        }
        job.await(spin ? SPIN_NANOS : 0);
        for (Throwable c : job.thrown) {
            if (c != null) {
                throw c instanceof RuntimeException r ? r
                        : c instanceof Error err ? new RunFailedException(err.toString(), err)
                        : new RunFailedException(c.toString(), c);
            }
        }
    }

    /** How long a helper that has finished stays awake for the next call: 0.5 ms. */
    static final long LINGER_NANOS = 500_000;
    /** How long the caller spins for the last blocks before it parks: 0.2 ms. */
    private static final long SPIN_NANOS = 200_000;
    /** Helpers handed to the pool and not yet ended (working or lingering). */
    private final java.util.concurrent.atomic.AtomicInteger alive = new java.util.concurrent.atomic.AtomicInteger();
    /** The call lingering helpers may join, or null. */
    private volatile Job offered;

    /** A pool task: works on {@code first}, then on every call offered while it lingers. */
    private void help(Job first) {
        try {
            Job job = first;
            while (job != null) {
                job.work();
                job = linger(job);
            }
        } finally {
            alive.decrementAndGet();
        }
    }

    /** Waits up to {@link #LINGER_NANOS} for a call other than {@code last} that wants a helper. */
    private Job linger(Job last) {
        if (!spin) {
            return null;
        }
        long deadline = System.nanoTime() + LINGER_NANOS;
        while (System.nanoTime() < deadline && !Thread.currentThread().isInterrupted()) {
            Job o = offered;
            if (o != null && o != last && o.join()) {
                return o;
            }
            Thread.onSpinWait();
        }
        return null;
    }

    /** One call of {@link #forEach}: its blocks, handed out in order, and their completion. */
    private static final class Job {
        final int blocks;
        final IntConsumer block;
        /** How many awake helpers may join. */
        final int wanted;
        final Throwable[] thrown;
        final java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        final java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
        final java.util.concurrent.atomic.AtomicInteger joined = new java.util.concurrent.atomic.AtomicInteger();
        volatile Thread waiter;

        Job(int blocks, IntConsumer block, int wanted) {
            this.blocks = blocks;
            this.block = block;
            this.wanted = wanted;
            this.thrown = new Throwable[blocks];
        }

        /** Whether a lingering helper may join (at most {@link #wanted} do). */
        boolean join() {
            for (int j = joined.get(); j < wanted; j = joined.get()) {
                if (joined.compareAndSet(j, j + 1)) {
                    return true;
                }
            }
            return false;
        }

        /** Takes blocks until none is left. */
        void work() {
            for (int b = next.getAndIncrement(); b < blocks; b = next.getAndIncrement()) {
                try {
                    block.accept(b);
                } catch (RuntimeException | Error e) {
                    thrown[b] = e;
                }
                if (done.incrementAndGet() == blocks) {
                    Thread w = waiter;
                    if (w != null) {
                        java.util.concurrent.locks.LockSupport.unpark(w);
                    }
                }
            }
        }

        /** Returns when every block is done: spins for {@code spinNanos}, then parks until the last one. */
        void await(long spinNanos) {
            long deadline = System.nanoTime() + spinNanos;
            while (done.get() < blocks && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            if (done.get() < blocks) {
                waiter = Thread.currentThread();
                while (done.get() < blocks) {
                    java.util.concurrent.locks.LockSupport.parkNanos(this, 1_000_000);
                }
                waiter = null;
            }
        }
    }

    /**
     * Splits {@code [0, count)} into about {@code 4 × threads} contiguous ranges (none empty) and
     * runs {@code range.accept(from, to)} for each: a convenient form of {@link #forEach}.
     */
    public void forRanges(int count, Range range) {
        int blocks = Math.max(1, Math.min(count, threads == 1 ? 1 : 4 * threads));
        forEach(blocks, b -> range.accept((int) ((long) count * b / blocks), (int) ((long) count * (b + 1) / blocks)));
    }

    /** A contiguous range of indices {@code [from, to)}. */
    @FunctionalInterface
    public interface Range {
        void accept(int from, int to);
    }
}
