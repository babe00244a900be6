package otto.flow;

import org.apache.commons.rng.UniformRandomProvider;

/** Test access to the package-private parts of the driver: random streams and a threaded {@link Parallel}. */
public final class StreamAccess {
    private StreamAccess() {
    }

    /** A random stream over {@code rng}. */
    public static RandomStream of(UniformRandomProvider rng) {
        return new RandomStream(rng);
    }

    /** A {@link Parallel} over {@code pool} with {@code threads} threads. */
    public static Parallel parallel(java.util.concurrent.ExecutorService pool, int threads) {
        return new Parallel(pool, threads);
    }
}
