package otto.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

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
