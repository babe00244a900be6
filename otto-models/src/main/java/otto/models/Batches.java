package otto.models;

/** Block sizes for the batched evaluations: keep a block's {@code points × observations} matrix in cache. */
final class Batches {
    /** Doubles in one block's predictor matrix (512 KiB). */
    private static final int BLOCK = 1 << 16;

    private Batches() {
    }

    /** How many points to evaluate together when each has {@code n} linear predictors. */
    static int chunk(int n) {
        return Math.max(1, BLOCK / Math.max(1, n));
    }
}
