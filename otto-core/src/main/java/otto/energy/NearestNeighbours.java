package otto.energy;

import java.util.Arrays;
import otto.flow.Parallel;

/**
 * The squared distance from each of {@code n} points (row-major {@code n × d}) to its k-th nearest
 * neighbour among the others, by a k-d tree or by blocked brute force.
 *
 * <p>Both searches compute every squared distance the same way, {@code Σ_c (x_c - y_c)²} summed in
 * coordinate order without fused multiply–adds, so they return the same numbers bit for bit, and
 * each point's answer is computed on its own: the results do not depend on the thread count.
 * The points must be distinct (a point's own index is skipped, not points equal to it).
 */
final class NearestNeighbours {
    /** Points per leaf of the k-d tree. */
    static final int LEAF_SIZE = 8;

    private NearestNeighbours() {
    }

    /** k-th neighbour squared distances by a k-d tree: {@code O(n log n)} in low dimension. */
    static double[] kdTree(double[] x, int n, int d, int k, Parallel parallel) {
        KdTree tree = new KdTree(x, n, d);
        double[] out = new double[n];
        parallel.forRanges(n, (from, to) -> {
            double[] best = new double[k];
            double[] offset = new double[d];
            double[] q = new double[d];
            for (int i = from; i < to; i++) {
                System.arraycopy(x, i * d, q, 0, d);
                Arrays.fill(best, Double.POSITIVE_INFINITY);
                Arrays.fill(offset, 0.0);
                tree.search(0, q, i, 0.0, offset, best);
                out[i] = best[k - 1];
            }
        });
        return out;
    }

    /**
     * k-th neighbour squared distances by brute force, {@code O(n² d)}: the candidates are copied
     * in tiles, coordinate-major, that stay in the first-level cache while every query of a block
     * runs over them; the inner loop runs over the tile's points and vectorises.
     */
    static double[] bruteForce(double[] x, int n, int d, int k, Parallel parallel) {
        int tile = tileSize(d);
        double[] out = new double[n];
        parallel.forRanges(n, (from, to) -> {
            int m = to - from;
            double[] best = new double[m * k];
            Arrays.fill(best, Double.POSITIVE_INFINITY);
            double[] t = new double[d * tile];
            double[] acc = new double[tile];
            for (int j0 = 0; j0 < n; j0 += tile) {
                int b = Math.min(tile, n - j0);
                for (int jj = 0; jj < b; jj++) {
                    int o = (j0 + jj) * d;
                    for (int c = 0; c < d; c++) {
                        t[c * tile + jj] = x[o + c];
                    }
                }
                for (int i = from; i < to; i++) {
                    Arrays.fill(acc, 0, b, 0.0);
                    int o = i * d;
                    for (int c = 0; c < d; c++) {
                        double xc = x[o + c];
                        int to2 = c * tile;
                        for (int jj = 0; jj < b; jj++) {
                            double diff = xc - t[to2 + jj];
                            acc[jj] += diff * diff;
                        }
                    }
                    int bo = (i - from) * k;
                    double worst = best[bo + k - 1];
                    for (int jj = 0; jj < b; jj++) {
                        double s = acc[jj];
                        if (s < worst && j0 + jj != i) {
                            insert(best, bo, k, s);
                            worst = best[bo + k - 1];
                        }
                    }
                }
            }
            for (int i = from; i < to; i++) {
                out[i] = best[(i - from) * k + k - 1];
            }
        });
        return out;
    }

    /** Candidates per tile: about 32 KiB of coordinates, between 16 and 512 points. */
    static int tileSize(int d) {
        return Math.max(16, Math.min(512, 4096 / d));
    }

    /** Inserts {@code s} into the ascending {@code best[o, o + k)}, dropping the largest. */
    static void insert(double[] best, int o, int k, double s) {
        int p = o + k - 1;
        while (p > o && best[p - 1] > s) {
            best[p] = best[p - 1];
            p--;
        }
        best[p] = s;
    }

    /**
     * A k-d tree over a copy of the points in tree order: split on the coordinate of largest
     * spread at its median, down to leaves of at most {@link #LEAF_SIZE} points. The search keeps
     * the per-coordinate offsets from the query to the current cell (Arya and Mount's incremental
     * distance), a lower bound on the squared distance to any point in it.
     */
    static final class KdTree {
        private final int d;
        private final double[] points;
        private final int[] index;
        /** Per node: the split coordinate, or -1 for a leaf. */
        private final int[] dim;
        private final double[] split;
        /** Per inner node its children; per leaf its range {@code [a, b)} of tree-order points. */
        private final int[] a;
        private final int[] b;
        private int nodes;

        KdTree(double[] x, int n, int d) {
            this.d = d;
            int[] perm = new int[n];
            for (int i = 0; i < n; i++) {
                perm[i] = i;
            }
            int capacity = 2 * Math.max(1, n);
            dim = new int[capacity];
            split = new double[capacity];
            a = new int[capacity];
            b = new int[capacity];
            build(x, perm, 0, n);
            points = new double[n * d];
            for (int i = 0; i < n; i++) {
                System.arraycopy(x, perm[i] * d, points, i * d, d);
            }
            index = perm;
        }

        /** Builds the subtree over {@code perm[from, to)} and returns its node. */
        private int build(double[] x, int[] perm, int from, int to) {
            int node = nodes++;
            if (to - from <= LEAF_SIZE) {
                dim[node] = -1;
                a[node] = from;
                b[node] = to;
                return node;
            }
            int widest = 0;
            double spread = -1.0;
            for (int c = 0; c < d; c++) {
                double min = Double.POSITIVE_INFINITY;
                double max = Double.NEGATIVE_INFINITY;
                for (int i = from; i < to; i++) {
                    double v = x[perm[i] * d + c];
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
                if (max - min > spread) {
                    spread = max - min;
                    widest = c;
                }
            }
            int mid = (from + to) >>> 1;
            select(x, perm, from, to - 1, mid, widest);
            dim[node] = widest;
            split[node] = x[perm[mid] * d + widest];
            a[node] = build(x, perm, from, mid);
            b[node] = build(x, perm, mid, to);
            return node;
        }

        /** Hoare's quickselect on coordinate c: perm[k] gets the k-th smallest of perm[l..r]. */
        private void select(double[] x, int[] perm, int l, int r, int k, int c) {
            while (r > l) {
                double pivot = x[perm[(l + r) >>> 1] * d + c];
                int i = l;
                int j = r;
                while (i <= j) {
                    while (x[perm[i] * d + c] < pivot) {
                        i++;
                    }
                    while (x[perm[j] * d + c] > pivot) {
                        j--;
                    }
                    if (i <= j) {
                        int t = perm[i];
                        perm[i] = perm[j];
                        perm[j] = t;
                        i++;
                        j--;
                    }
                }
                if (k <= j) {
                    r = j;
                } else if (k >= i) {
                    l = i;
                } else {
                    return;
                }
            }
        }

        /**
         * Updates {@code best} (ascending k smallest squared distances) with the points of the
         * subtree at {@code node}, skipping the point of original index {@code self}; {@code rd} is
         * the squared distance from {@code q} to the node's cell, {@code offset} its per-coordinate
         * parts.
         */
        void search(int node, double[] q, int self, double rd, double[] offset, double[] best) {
            int k = best.length;
            int c = dim[node];
            if (c < 0) {
                for (int p = a[node]; p < b[node]; p++) {
                    if (index[p] == self) {
                        continue;
                    }
                    int o = p * d;
                    double s = 0.0;
                    for (int e = 0; e < d; e++) {
                        double diff = q[e] - points[o + e];
                        s += diff * diff;
                    }
                    if (s < best[k - 1]) {
                        insert(best, 0, k, s);
                    }
                }
                return;
            }
            double diff = q[c] - split[node];
            int near = diff < 0 ? a[node] : b[node];
            int far = diff < 0 ? b[node] : a[node];
            search(near, q, self, rd, offset, best);
            double old = offset[c];
            double farRd = rd - old * old + diff * diff;
            if (farRd < best[k - 1]) {
                offset[c] = diff;
                search(far, q, self, farRd, offset, best);
                offset[c] = old;
            }
        }
    }
}
