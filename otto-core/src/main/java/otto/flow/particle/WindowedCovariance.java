package otto.flow.particle;

import java.util.List;

/**
 * The covariance of the warm-up draws, pooled over chains, over Stan's doubling windows
 * ({@link WarmupSchedule}); at the end of each window the estimate is shrunk towards the current
 * metric as towards a prior worth {@code 4d} draws: {@code (n Σ̂ + 4d Σ_old) / (n + 4d)}. (Stan
 * shrinks towards {@code 10⁻³ I}; shrinking towards the Laplace or previous estimate keeps an
 * early window of poorly mixed draws from undoing a good metric.) A window with fewer than
 * {@code max(10, 4d)} pooled draws is merged into the next rather than trusted.
 */
final class WindowedCovariance {
    private final List<int[]> windows;
    private final int d;
    private final boolean diagonal;
    private double[] sum;
    private double[] outer;
    private int count;

    WindowedCovariance(int warmup, int d, boolean diagonal) {
        this.windows = new WarmupSchedule(warmup).windows();
        this.d = d;
        this.diagonal = diagonal;
        reset();
    }

    /**
     * Adds the chains' positions at a warm-up iteration; at the end of a window returns the new
     * estimate ({@code d × d}), or null when there is none yet.
     */
    double[] observe(int iteration, double[] x, int chains, double[] current) {
        for (int[] w : windows) {
            if (iteration >= w[0] && iteration < w[1]) {
                for (int c = 0; c < chains; c++) {
                    accumulate(x, c * d);
                }
                return iteration == w[1] - 1 ? estimate(current) : null;
            }
        }
        return null;
    }

    private void accumulate(double[] x, int o) {
        count++;
        for (int i = 0; i < d; i++) {
            double xi = x[o + i];
            sum[i] += xi;
            for (int j = 0; j <= i; j++) {
                outer[i * d + j] += xi * x[o + j];
            }
        }
    }

    private double[] estimate(double[] current) {
        int n = count;
        if (n < Math.max(10, 4 * d)) {
            return null; // too few draws for a covariance in d dimensions: carry them into the next window
        }
        double prior = 4.0 * d;
        double[] next = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) {
                if (diagonal && i != j) {
                    continue;
                }
                double c = (outer[i * d + j] - sum[i] * sum[j] / n) / (n - 1.0);
                c = (n * c + prior * current[i * d + j]) / (n + prior);
                next[i * d + j] = c;
                next[j * d + i] = c;
            }
        }
        reset();
        return next;
    }

    void save(otto.flow.StateWriter out) throws java.io.IOException {
        out.doubles(sum);
        out.doubles(outer);
        out.writeInt(count);
    }

    void restore(otto.flow.StateReader in) throws java.io.IOException {
        sum = in.doubles(d);
        outer = in.doubles(d * d);
        count = in.readInt();
    }

    private void reset() {
        sum = new double[d];
        outer = new double[d * d];
        count = 0;
    }
}
