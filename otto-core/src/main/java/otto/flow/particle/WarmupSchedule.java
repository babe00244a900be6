package otto.flow.particle;

import java.util.ArrayList;
import java.util.List;

/**
 * Stan's windowed warm-up: a fast initial buffer (step size only), slow windows that double in
 * length (metric estimated at the end of each), and a fast terminal buffer.
 */
final class WarmupSchedule {
    private final List<int[]> windows = new ArrayList<>();

    WarmupSchedule(int warmup) {
        int init = 75;
        int term = 50;
        int base = 25;
        if (warmup < 20) {
            return;
        }
        if (init + term + base > warmup) {
            init = (int) (0.15 * warmup);
            term = (int) (0.1 * warmup);
            base = warmup - init - term;
        }
        int end = warmup - term;
        int start = init;
        long size = base;   // long: near an int's warm-up, start + 2 × size passes Integer.MAX_VALUE
        while (start < end) {
            long stop = start + size;
            if (stop + 2 * size > end) {
                stop = end;
            }
            windows.add(new int[] {start, (int) stop});
            start = (int) stop;
            size *= 2;
        }
    }

    /** The slow windows as {@code [start, end)} iteration ranges. */
    List<int[]> windows() {
        return windows;
    }
}
