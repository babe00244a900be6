package otto.flow;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
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

    Parallel(ExecutorService pool, int threads) {
        this.pool = pool;
        this.threads = pool == null ? 1 : threads;
    }

    /** Everything on the calling thread. */
    public static Parallel serial() {
        return SERIAL;
    }

    /**
     * Work spread over {@code threads} threads of a pool the caller owns (and shuts down), for
     * using the block-parallel estimators outside a {@link Run} (benchmarks, tests, a caller's own
     * driver). Inside a run, take {@link RunContext#parallel()}. One thread is {@link #serial()}:
     * the calling thread, the pool unused.
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
     * the others still run). The calling thread takes blocks too, alongside {@code threads - 1}
     * of the pool's (one hand-off per helper rather than per block), each taking the next block
     * not yet taken.
     */
    public void forEach(int blocks, IntConsumer block) {
        if (pool == null || blocks < 2) {
            for (int b = 0; b < blocks; b++) {
                block.accept(b);
            }
            return;
        }
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        Throwable[] thrown = new Throwable[blocks];
        Runnable worker = () -> {
            for (int b = next.getAndIncrement(); b < blocks; b = next.getAndIncrement()) {
                try {
                    block.accept(b);
                } catch (RuntimeException | Error e) {
                    thrown[b] = e;
                }
            }
        };
        int helpers = Math.min(threads, blocks) - 1;
        List<Future<?>> futures = new ArrayList<>(helpers);
        for (int h = 0; h < helpers; h++) {
            futures.add(pool.submit(worker));
        }
        worker.run();
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RunFailedException("interrupted", e);
            } catch (ExecutionException e) {
                throw new RunFailedException(e.getCause().toString(), e.getCause());
            }
        }
        for (Throwable c : thrown) {
            if (c != null) {
                throw c instanceof RuntimeException r ? r
                        : c instanceof Error err ? new RunFailedException(err.toString(), err)
                        : new RunFailedException(c.toString(), c);
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
