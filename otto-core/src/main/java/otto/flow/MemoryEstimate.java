package otto.flow;

import java.util.List;
import java.util.Locale;

/**
 * What a run of a flow will hold in memory, estimated from its settings before it starts: the
 * arrays that grow with the settings (chains × draws × d kept draws, particles × d arrays, a grid's
 * cells × the solver's arrays, d × d covariances) and the copies the result and its summaries make
 * of them. It is a figure to within a small factor (tests hold it within 3 of the memory measured),
 * for stating what a large run needs and refusing what cannot fit, not an accounting.
 *
 * @param bytes    the estimate, in bytes (0: small or unknown)
 * @param detail   what dominates it, in words ({@code 4 chains × 1000 draws × d = 10 kept}); empty when small
 * @param settings the names of the settings the dominant part grows with, as {@link Flow#settings()}
 *                 names them ({@code particles}, {@code chains}, {@code draws}, {@code cells} …); empty
 *                 when it grows with the model's dimension only
 */
public record MemoryEstimate(long bytes, String detail, List<String> settings) {
    /**
     * The bytes a run holds per random stream: {@link RunContext} keeps one for every chain or
     * particle (a generator of 256 bits of state and its wrapper; about 150 bytes measured).
     */
    public static final int STREAM_BYTES = 160;

    /** Nothing to speak of. */
    public static final MemoryEstimate SMALL = new MemoryEstimate(0, "", List.of());

    public MemoryEstimate {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must be non-negative, got " + bytes);
        }
        detail = detail == null ? "" : detail;
        settings = List.copyOf(settings);
    }

    /** The bytes of {@code count} doubles, saturating at {@link Long#MAX_VALUE} (0 for a count below 0). */
    public static long doubles(double count) {
        double b = 8 * count;
        return b >= Long.MAX_VALUE ? Long.MAX_VALUE : b > 0 ? (long) Math.ceil(b) : 0;
    }

    /**
     * The bytes of kept draws: {@code chains × draws × (d + extra)} doubles (the draws and
     * {@code extra} sampler columns such as {@code lp__}), {@code copies} times over (the draws,
     * their constrained copy in the result, the summaries' working arrays).
     */
    public static long draws(int chains, int draws, int dimension, int extra, int copies) {
        return doubles((double) chains * draws * (dimension + extra) * copies);
    }

    /**
     * Both estimates together: the sum of their bytes (saturating at {@link Long#MAX_VALUE}), with
     * the detail and settings of the larger of the two, which is what the run is bound by.
     */
    public MemoryEstimate plus(MemoryEstimate other) {
        return sum(this, other);
    }

    /**
     * The estimates of a run's parts together: the sum of their bytes (saturating at
     * {@link Long#MAX_VALUE}), with the detail and settings of the largest part (the first of equals).
     */
    public static MemoryEstimate sum(MemoryEstimate... parts) {
        long total = 0;
        MemoryEstimate largest = SMALL;
        for (MemoryEstimate p : parts) {
            total = total + p.bytes < 0 ? Long.MAX_VALUE : total + p.bytes;
            if (p.bytes > largest.bytes) {
                largest = p;
            }
        }
        return new MemoryEstimate(total, largest.detail, largest.settings);
    }

    /** A size in words: {@code 3.2 GiB}, {@code 512 MiB}, {@code 40 KiB}. */
    public static String size(long bytes) {
        if (bytes >= 1L << 30) {
            return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
        }
        if (bytes >= 1L << 20) {
            return String.format(Locale.ROOT, "%.0f MiB", bytes / (double) (1L << 20));
        }
        return String.format(Locale.ROOT, "%.0f KiB", bytes / (double) (1L << 10));
    }
}
