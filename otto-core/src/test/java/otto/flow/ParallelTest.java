package otto.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ParallelTest {

    @Test
    void everyBlockRunsOnceAndRangesCoverTheIndices() {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Parallel p = new Parallel(pool, 2);
            int[] hits = new int[1003];
            p.forRanges(hits.length, (from, to) -> {
                assertThat(to).isGreaterThan(from);
                for (int i = from; i < to; i++) {
                    hits[i]++;
                }
            });
            assertThat(hits).containsOnly(1);
            int[] small = new int[3];
            p.forRanges(3, (from, to) -> small[from] += to - from);
            assertThat(small[0] + small[1] + small[2]).isEqualTo(3);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aBlocksExceptionReachesTheCaller() {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Parallel p = new Parallel(pool, 2);
            assertThatThrownBy(() -> p.forEach(4, b -> {
                if (b == 2) {
                    throw new ArithmeticException("block 2 failed");
                }
            })).isInstanceOf(ArithmeticException.class).hasMessage("block 2 failed");
        } finally {
            pool.shutdownNow();
        }
        assertThat(Parallel.serial().threads()).isEqualTo(1);
    }

    /**
     * Calls in quick succession (helpers linger and join the next call), calls from inside a block,
     * blocks that take long and a pool that is shut down: every block runs exactly once, the
     * lowest-numbered block's exception is the one rethrown, nothing hangs, and a shut-down pool's
     * threads end once their lingering is over. With as many threads as processors (helpers spin
     * and linger, on a machine of two or more) and with one more (nothing spins).
     */
    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void lingeringHelpersRunEveryBlockOnceAndLetThePoolEnd(int beyondProcessors) throws Exception {
        int threads = Math.max(2, Runtime.getRuntime().availableProcessors()) + beyondProcessors;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        Parallel p = new Parallel(pool, threads);
        java.util.concurrent.atomic.AtomicIntegerArray hits = new java.util.concurrent.atomic.AtomicIntegerArray(64);
        for (int call = 0; call < 2000; call++) {
            int blocks = 2 + call % 7;
            int base = call % 8 * 8;
            p.forEach(blocks, b -> hits.incrementAndGet(base + b));
        }
        int total = 0;
        for (int i = 0; i < hits.length(); i++) {
            total += hits.get(i);
        }
        assertThat(total).isEqualTo(java.util.stream.IntStream.range(0, 2000).map(c -> 2 + c % 7).sum());
        int[] nested = new int[16];
        p.forEach(4, outer -> p.forEach(4, inner -> nested[4 * outer + inner]++));
        assertThat(nested).containsOnly(1);
        int[] slow = new int[3];
        p.forEach(3, b -> {
            java.util.concurrent.locks.LockSupport.parkNanos(5_000_000L * b);
            slow[b]++;
        });
        assertThat(slow).containsOnly(1);
        assertThatThrownBy(() -> p.forEach(6, b -> {
            if (b >= 3) {
                throw new IllegalStateException("block " + b);
            }
        })).hasMessage("block 3");
        pool.shutdown();
        assertThat(pool.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        int[] after = new int[5];
        p.forEach(5, b -> after[b]++);
        assertThat(after).as("a shut-down pool: the caller runs every block").containsOnly(1);
    }

    @Test
    void publicFactory() {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            assertThat(Parallel.of(pool, 2).threads()).isEqualTo(2);
            assertThat(Parallel.of(pool, 1)).isSameAs(Parallel.serial());
            assertThatThrownBy(() -> Parallel.of(pool, 0)).isInstanceOf(IllegalArgumentException.class);
        } finally {
            pool.shutdownNow();
        }
    }
}
