package otto.flow.particle;

import java.util.Arrays;

/**
 * Order statistics by selection, not sorting: quickselect (Hoare partition around a median of
 * three) in expected linear time, falling back to sorting the remaining range if partitioning
 * stops making progress (an introselect-style guard, so the worst case is {@code O(m log m)}).
 * Ties are handled: elements equal to the pivot stop both scans, so an array of equal values
 * partitions in the middle.
 */
final class Select {
    private Select() {
    }

    /**
     * The {@code k}-th smallest (0-based) of {@code a[0, length)}; reorders that range so that
     * {@code a[k]} holds it, everything before is {@code ≤} it and everything after {@code ≥}.
     */
    static double kth(double[] a, int length, int k) {
        if (k < 0 || k >= length) {
            throw new IllegalArgumentException("rank " + k + " outside [0, " + length + ")");
        }
        int lo = 0;
        int hi = length - 1;
        int budget = 2 * (32 - Integer.numberOfLeadingZeros(length)) + 8;
        while (hi > lo) {
            if (budget-- == 0) {
                Arrays.sort(a, lo, hi + 1);
                return a[k];
            }
            int mid = (lo + hi) >>> 1;
            double x = a[lo];
            double y = a[mid];
            double z = a[hi];
            double p = x < y ? (y < z ? y : Math.max(x, z)) : (x < z ? x : Math.max(y, z));
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < p) {
                    i++;
                }
                while (a[j] > p) {
                    j--;
                }
                if (i <= j) {
                    double t = a[i];
                    a[i] = a[j];
                    a[j] = t;
                    i++;
                    j--;
                }
            }
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return a[k];
            }
        }
        return a[k];
    }

    /**
     * The median of {@code a[0, length)} (the mean of the two middle values when {@code length}
     * is even, as {@code numpy.median}); reorders that range.
     */
    static double median(double[] a, int length) {
        int k = (length - 1) / 2;
        double lower = kth(a, length, k);
        if (length % 2 == 1) {
            return lower;
        }
        double upper = Double.POSITIVE_INFINITY;
        for (int i = k + 1; i < length; i++) {
            upper = Math.min(upper, a[i]);
        }
        return 0.5 * (lower + upper);
    }
}
