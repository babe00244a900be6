package otto.flow.particle;

import java.util.Arrays;
import otto.flow.Parallel;
import otto.flow.RandomStream;

/**
 * The pairwise work of the deterministic particle flows: kernel-weighted sums over all pairs of a
 * cloud of {@code n} particles in {@code ℝ^d}, and the median of the pairwise squared distances,
 * in {@code O(n·d + block²)} memory — never an {@code n × n} matrix.
 *
 * <p><b>Layout.</b> The cloud is centred (distances and the flows' velocities do not change, and
 * the expansion {@code ‖x - y‖² = ‖x‖² + ‖y‖² - 2x·y} then loses accuracy only relative to the
 * cloud's spread, not its distance from the origin). Rows are processed in blocks of
 * {@link #rows} particles, whose outputs the block owns; for each block the columns go by in
 * tiles of {@link #cols} (a tile of kernel values is 32 KiB, so it stays in the L1 cache). A
 * block's coordinates, a tile's distances and kernel values and the block's sums are held as one
 * {@code double[]} per coordinate, column or output, each a contiguous run over the block's rows:
 * every inner loop is {@code out[r] = fma(b3, w3[r], fma(b2, w2[r], fma(b1, w1[r], fma(b0, w0[r],
 * out[r]))))} over separate arrays with no offsets, the one shape the JIT of JDK 17 was measured to
 * vectorise (30 GFlop/s per core at a run of 1024; the same loop over one array with offsets runs
 * scalar, at a third of that). The other index is unrolled by four into the fused multiply–adds.
 *
 * <p><b>Vector API.</b> When the JVM runs with {@code --add-modules jdk.incubator.vector} (and
 * {@code otto.vector} is not {@code false}) the tile loops are {@code VectorPairwise}'s: the
 * distances four columns × four vectors of rows at a time with the inner products in registers, the
 * sums four outputs × two vectors of rows at a time across a tile, the median's band test a vector
 * at a time. Every value goes through the same operations in the same order as here, so the two
 * give the same numbers bit for bit (tested); at {@code n = 1024, d = 16} the kernel sums took
 * about 2.3 ms on one thread instead of 3.3, the median's pass 0.65 ms instead of 1.0, when each
 * pair was still computed twice ({@code docs/performance.md}).
 *
 * <p><b>Symmetry and determinism.</b> Block and tile sizes depend on {@code n} only, never on the
 * number of threads. The median's pass takes the pairs {@code i < j} of each block's rows, and each
 * block counts its own. The kernel sums compute each pair's kernel value once, for a pair of blocks,
 * and add it to both blocks' sums: the tile as it is to the block of its rows, at once, and
 * transposed to the block of its columns, kept apart until the chunk of {@link #CHUNK} block rows
 * is done and then added in the order of the rows (see {@link #sums}). So every output is computed
 * by the same sequence of floating-point operations on one thread or many, and results are
 * identical bit for bit.
 *
 * <p><b>Exponentials.</b> A Gaussian kernel needs one {@code exp} per pair; {@code Math.exp}
 * costs about 3 ns here, as much as the rest of a pair's work at {@code d = 16}, and is not
 * vectorised. {@link #expNegative} evaluates {@code exp(-t)}, {@code t ≥ 0}, as
 * {@code p(-t/512)^512} with {@code p} a degree-11 polynomial (eleven fused multiply–adds; the
 * degree-15 Taylor polynomial took sixteen) and nine squarings: plain multiply–adds that the JIT
 * vectorises (0.85 ns per value measured with the Taylor polynomial), relative error below
 * {@code 1e-13} (the squarings multiply the polynomial's rounding error by 512). Arguments beyond
 * 256 are clamped there: a kernel value below {@code e^{-256} ≈ 7e-112} counts as
 * {@code e^{-256}} — invisible next to the self term {@code k(x, x) = 1} every sum contains.
 */
final class Pairwise {
    /**
     * The fewest random pairs whose distances bracket the median before the exact selection pass
     * ({@code pairs^{2/3}}, up to eight times this, are drawn).
     */
    static final int BRACKET_SAMPLE = 8192;
    /** The bracket's half-width in standard errors of the sample quantile. */
    private static final double BRACKET_Z = 4.0;
    static final double EXP_CLAMP = 256.0;
    /**
     * {@code q(t) = Σ_k Q_k t^k}, the degree-10 polynomial closest to {@code (e^t - 1)/t} on
     * {@code [-1/2, 0]} in the maximum norm (Chebyshev interpolation, mpmath {@code chebyfit} at 50
     * digits): {@code 1 + t q(t)} is within {@code 4·10⁻¹⁹} of {@code e^t} relative, and exactly 1 at
     * {@code t = 0}. (Degree 9 gave {@code 1.08·10⁻¹³} after the nine squarings, past
     * {@link #expNegative}'s bound.)
     */
    static final double Q10 = 1.994692898079028e-08;
    static final double Q9 = 2.6975028932872563e-07;
    static final double Q8 = 2.7519016924164968e-06;
    static final double Q7 = 2.4800009927947966e-05;
    static final double Q6 = 0.0001984122793902707;
    static final double Q5 = 0.0013888888172333307;
    static final double Q4 = 0.008333333325682696;
    static final double Q3 = 0.041666666666189636;
    static final double Q2 = 0.1666666666666514;
    static final double Q1 = 0.49999999999999983;
    static final double Q0 = 1.0;
    private static final int TILE = 4096;
    /** Row blocks per chunk of the kernel sums (their transposed sums are kept until the chunk ends). */
    static final int CHUNK = 8;

    /** The kernels a tile can hold. */
    enum Kind {
        /** {@code exp(-‖x - y‖² / h)}. */
        GAUSSIAN,
        /** {@code (1 + ‖x - y‖² / h)^{-1/2}}; its cube is available alongside. */
        INVERSE_MULTIQUADRIC
    }

    final int n;
    final int d;
    /** Particles per row block: 64 to 256, by {@code n} alone. */
    final int rows;
    /** Particles per column tile ({@code rows × cols = 4096}). */
    final int cols;
    private final Parallel parallel;
    /** The tile loops: plain Java or the Vector API (the same numbers bit for bit). */
    private final Tiles tiles;
    /** The centred cloud, {@code n × d} row-major. */
    final double[] xc;
    /** The cloud's mean (subtracted). */
    final double[] centre;
    private final double[] sq;
    private final ThreadLocal<Scratch> scratch;
    /** The kernel sums' accumulators, {@code [which][block][output][row]}. */
    private final double[][][][] acc = new double[2][][][];
    /** The transposed sums of a chunk's tiles, {@code [which][I - first][J][output][row]}. */
    private final double[][][][][] parts = new double[2][][][][];
    private double[][] bands;
    private long[] bandLength;
    private double[] sample;
    private int[] samplePairs;
    private double[] all;
    private boolean lastExact;
    /** The bracket's half-width in standard errors (a field so that tests can make it miss). */
    double bracketZ = BRACKET_Z;
    private double previousMedian = Double.NaN;
    private double warmWidth;
    /** The exponentially weighted root mean square of the median's relative changes (NaN before two calls). */
    private double changeRms = Double.NaN;

    Pairwise(int n, int d, Parallel parallel) {
        this(n, d, parallel, DefaultTiles.TILES);
    }

    Pairwise(int n, int d, Parallel parallel, Tiles tiles) {
        this.n = n;
        this.d = d;
        this.parallel = parallel;
        this.tiles = tiles;
        this.rows = n >= 2048 ? 256 : n >= 1024 ? 128 : 64;
        this.cols = TILE / rows;
        this.xc = new double[n * d];
        this.centre = new double[d];
        this.sq = new double[n];
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(rows, cols, d));
    }

    /** The threads the pairwise work is spread over. */
    Parallel parallel() {
        return parallel;
    }

    /** Loads a cloud ({@code n × d} row-major): centres it and squares its norms. */
    void load(double[] x) {
        Arrays.fill(centre, 0.0);
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < d; k++) {
                centre[k] += x[i * d + k];
            }
        }
        for (int k = 0; k < d; k++) {
            centre[k] /= n;
        }
        parallel.forRanges(n, (from, to) -> {
            for (int i = from; i < to; i++) {
                double s = 0.0;
                for (int k = 0; k < d; k++) {
                    double v = x[i * d + k] - centre[k];
                    xc[i * d + k] = v;
                    s += v * v;
                }
                sq[i] = s;
            }
        });
    }

    /**
     * Saves what the median search carries from one call to the next (the last median and the
     * width of its warm bracket, which decide whether the next call draws random pairs).
     */
    void save(otto.flow.StateWriter out) throws java.io.IOException {
        out.writeDouble(previousMedian);
        out.writeDouble(warmWidth);
        out.writeDouble(changeRms);
        out.writeBoolean(lastExact);
    }

    void restore(otto.flow.StateReader in) throws java.io.IOException {
        previousMedian = in.readDouble();
        warmWidth = in.readDouble();
        changeRms = in.readDouble();
        lastExact = in.readBoolean();
    }

    /** The number of row blocks. */
    private int blocks() {
        return (n + rows - 1) / rows;
    }

    /** Whether the last {@link #medianSquaredDistance} was exact (rather than sampled). */
    boolean lastMedianExact() {
        return lastExact;
    }

    /**
     * The median of the squared distances {@code ‖θ_i - θ_j‖²} over the {@code n(n-1)/2} pairs
     * {@code i < j} of the loaded cloud (the mean of the two middle values when their number is
     * even).
     *
     * <p>Exact when there are at most {@code exactPairs} pairs: {@code S} random pairs from
     * {@code rng} ({@code S = pairs^{2/3}} within {@code [8192, 65536]}, balancing the sample's
     * selection against the band's) give two values that bracket the median with near certainty
     * (four standard errors of the sample quantile either side), one blocked pass over all pairs
     * counts the distances below the bracket and collects those inside it ({@code 4/√S} of the
     * pairs), and selection among the collected values gives the median. If the bracket missed (a chance of
     * about 6·10⁻⁵), the pass is repeated with a bracket twice as wide, then four times, then open
     * on the side that missed. From one step to the next the median moves little: the next call
     * first tries the last median widened by four times the root mean square of its recent relative
     * changes (an exponentially weighted mean over about ten calls; at least 10⁻⁴, and only while
     * that is at most 2 %), with no sample and a band of a fraction of a percent of the pairs, and
     * falls back to sampling if that misses (at SVGD's steady state on a standard normal, n = 1024,
     * d = 16: 3 calls in 10 000; eight times the last change alone missed one call in twenty, with
     * a band two thirds wider). The bracket decides only how much
     * is collected, never the value.
     * Beyond {@code exactPairs} pairs it is the median of {@code samplePairs} pairs drawn at random
     * (with replacement) from {@code rng}: relative error of order {@code 1/√samplePairs}.
     */
    double medianSquaredDistance(RandomStream rng, long exactPairs, int samplePairs) {
        long pairs = (long) n * (n - 1) / 2;
        if (pairs == 0) {
            throw new IllegalStateException("the median distance needs at least two particles");
        }
        if (pairs > exactPairs) {
            lastExact = false;
            double[] s = sampleDistances(rng, samplePairs);
            return Select.median(s, samplePairs);
        }
        lastExact = true;
        long lowRank = (pairs - 1) / 2;
        long highRank = pairs / 2;
        boolean bracketed = pairs > 8L * BRACKET_SAMPLE;
        // the sample's cost grows like its size, the band's like pairs/√size: balanced near pairs^{2/3}
        int m = (int) Math.min(8L * BRACKET_SAMPLE, Math.max(BRACKET_SAMPLE, Math.pow(pairs, 2.0 / 3.0)));
        if (bracketed && warmWidth > 0) {
            // the last median, widened by four times the RMS of its recent relative changes (at least 10⁻⁴)
            double lo = previousMedian * (1 - warmWidth);
            double hi = previousMedian * (1 + warmWidth);
            double median = select(bandPass(lo, hi), lowRank, highRank);
            if (!Double.isNaN(median)) {
                remember(median);
                return median;
            }
        }
        double[] s = bracketed ? sampleDistances(rng, m) : null;
        double lo = Double.NEGATIVE_INFINITY;
        double hi = Double.POSITIVE_INFINITY;
        double z = bracketZ;
        boolean openLow = !bracketed;
        boolean openHigh = !bracketed;
        while (true) {
            if (bracketed) {
                double se = Math.sqrt(0.25 / m);
                int rLow = (int) Math.floor(m * ((double) lowRank / pairs - z * se)) - 1;
                int rHigh = (int) Math.ceil(m * ((double) highRank / pairs + z * se)) + 1;
                lo = openLow || rLow < 0 ? Double.NEGATIVE_INFINITY : Select.kth(s, m, rLow);
                hi = openHigh || rHigh >= m ? Double.POSITIVE_INFINITY : Select.kth(s, m, rHigh);
            }
            long[] counts = bandPass(lo, hi);
            double median = select(counts, lowRank, highRank);
            if (!Double.isNaN(median)) {
                remember(median);
                return median;
            }
            boolean missLow = lowRank < counts[0];
            boolean missHigh = highRank >= counts[0] + counts[1];
            // a wider bracket, and open after two widenings (sample ranks are re-selected from s)
            if (z >= 4 * bracketZ) {
                openLow |= missLow;
                openHigh |= missHigh;
            }
            z *= 2;
        }
    }

    /**
     * The median from a band pass's counts {@code (below, inside)} and collected values, or NaN if
     * the band does not hold both middle ranks.
     */
    private double select(long[] counts, long lowRank, long highRank) {
        long below = counts[0];
        long inside = counts[1];
        if (lowRank < below || highRank >= below + inside) {
            return Double.NaN;
        }
        if (all == null || all.length < inside) {
            all = new double[(int) Math.max(inside, 2L * (all == null ? 0 : all.length))];
        }
        int at = 0;
        for (int b = 0; b < bands.length; b++) {
            int len = (int) bandLength[b];
            System.arraycopy(bands[b], 0, all, at, len);
            at += len;
        }
        int kLow = (int) (lowRank - below);
        int size = (int) inside;
        double low = Select.kth(all, size, kLow);
        if (highRank == lowRank) {
            return low;
        }
        double high = Double.POSITIVE_INFINITY;
        for (int i = kLow + 1; i < size; i++) {
            high = Math.min(high, all[i]);
        }
        return 0.5 * (low + high);
    }

    /**
     * Keeps the median for the next call's bracket: four times the root mean square of the recent
     * relative changes (at least 10⁻⁴); beyond 2 % the next call samples its bracket again.
     */
    private void remember(double median) {
        double change = previousMedian > 0 ? Math.abs(median - previousMedian) / previousMedian : Double.NaN;
        if (Double.isFinite(change)) {
            changeRms = Double.isNaN(changeRms) ? change : Math.sqrt(0.9 * changeRms * changeRms + 0.1 * change * change);
        } else {
            changeRms = Double.NaN;
        }
        double width = Math.max(4 * changeRms, 1e-4);
        warmWidth = median > 0 && width <= 0.02 ? width : 0.0;
        previousMedian = median;
    }

    /**
     * Squared distances of {@code m} random pairs {@code i ≠ j}: the pairs drawn in order from
     * {@code rng}, their distances computed across the threads.
     */
    private double[] sampleDistances(RandomStream rng, int m) {
        if (sample == null || sample.length < m) {
            sample = new double[m];
            samplePairs = new int[2 * m];
        }
        for (int s = 0; s < m; s++) {
            int i = Math.min(n - 1, (int) (rng.nextDouble() * n));
            int j = Math.min(n - 2, (int) (rng.nextDouble() * (n - 1)));
            samplePairs[2 * s] = i;
            samplePairs[2 * s + 1] = j >= i ? j + 1 : j;
        }
        double[] out = sample;
        int[] pairs = samplePairs;
        parallel.forRanges(m, (from, to) -> {
            for (int s = from; s < to; s++) {
                int oi = pairs[2 * s] * d;
                int oj = pairs[2 * s + 1] * d;
                double dist = 0.0;
                for (int k = 0; k < d; k++) {
                    double t = xc[oi + k] - xc[oj + k];
                    dist += t * t;
                }
                out[s] = dist;
            }
        });
        return sample;
    }

    /**
     * One pass over the pairs {@code i < j}: per row block, the number of squared distances below
     * the band and the distances in it (into {@link #bands}). Returns the totals. For a finite
     * bracket the band is {@code |fl(v - mid)| ≤ half} with {@code mid, half} its centre and
     * half-width, and "below" is {@code fl(v - mid) < -half}: rounding {@code v ↦ fl(v - mid)} is
     * monotone, so the three sets are still ordered and partition the distances exactly, and the
     * test is one well-predicted branch (two comparisons would mispredict half the time); with an
     * open side the plain comparisons are used.
     */
    private long[] bandPass(double lo, double hi) {
        int blocks = blocks();
        if (bands == null || bands.length != blocks) {
            bands = new double[blocks][];
            bandLength = new long[blocks];
        }
        long[] below = new long[blocks];
        boolean finite = lo > Double.NEGATIVE_INFINITY && hi < Double.POSITIVE_INFINITY;
        double mid = finite ? 0.5 * lo + 0.5 * hi : 0.0;
        double half = finite ? 0.5 * hi - 0.5 * lo : 0.0;
        parallel.forEach(blocks, blk -> {
            Scratch s = scratch.get();
            int i0 = blk * rows;
            int bi = Math.min(rows, n - i0);
            s.loadBlock(xc, sq, d, i0, bi);
            double[] buf = bands[blk] == null ? new double[4 * rows] : bands[blk];
            int len = 0;
            double[] under = s.count;
            Arrays.fill(under, 0.0);
            // the tile holding the diagonal starts at i0, so that its pairs i < j are jj > ii
            for (int j0 = i0; j0 < n; j0 += cols) {
                int bj = Math.min(cols, n - j0);
                if (len + bi * bj > buf.length) {
                    buf = Arrays.copyOf(buf, Math.max(2 * buf.length, len + bi * bj));
                }
                if (finite) {
                    len = tiles.band(xc, sq, d, s.xt, s.sq, bi, i0, j0, bj, s.w, mid, half, under, buf, len);
                    continue;
                }
                tiles.distances(xc, sq, d, s.xt, s.sq, bi, j0, bj, s.w, false, 0.0);
                for (int jj = 0; jj < bj; jj++) {
                    len = filterOpen(s.w[jj], Math.min(bi, j0 + jj - i0), lo, hi, under, buf, len);
                }
            }
            double count = 0.0;
            for (int ii = 0; ii < bi; ii++) {
                count += under[ii];
            }
            bands[blk] = buf;
            bandLength[blk] = len;
            below[blk] = (long) count;
        });
        long b = 0;
        long m = 0;
        for (int k = 0; k < blocks; k++) {
            b += below[k];
            m += bandLength[k];
        }
        return new long[] {b, m};
    }

    /**
     * Counts {@code fl(v - mid) < -half} into {@code under} and appends {@code |fl(v - mid)| ≤ half}
     * to {@code buf}. {@code [t < -half]} is computed without a branch, in a loop the JIT vectorises:
     * {@code -half - t > 0} exactly when {@code t < -half}, and scaled by {@code 2^2000} any positive
     * double reaches 1.
     */
    static int filter(double[] w, int end, double mid, double half, double[] under, double[] buf, int len) {
        double neg = -half;
        for (int ii = 0; ii < end; ii++) {
            under[ii] += Math.min(1.0, Math.max(0.0, (neg - (w[ii] - mid)) * 0x1p1000 * 0x1p1000));
        }
        for (int ii = 0; ii < end; ii++) {
            double v = w[ii];
            if (Math.abs(v - mid) <= half) {
                buf[len++] = v;
            }
        }
        return len;
    }

    /** As {@link #filter} for a bracket {@code [lo, hi]} with an infinite side. */
    private static int filterOpen(double[] w, int end, double lo, double hi, double[] under, double[] buf, int len) {
        for (int ii = 0; ii < end; ii++) {
            double v = w[ii];
            if (v < lo) {
                under[ii] += 1.0;
            } else if (v <= hi) {
                buf[len++] = v;
            }
        }
        return len;
    }

    /**
     * Kernel-weighted sums over all pairs (the diagonal {@code j = i} included):
     * {@code out1[i, c] = Σ_j k(θ_i, θ_j) b1[j, c]} for {@code c < m1}, and, for the inverse
     * multiquadric only (else pass {@code b3 = null}), {@code out3[i, c] = Σ_j k(θ_i, θ_j)³ b3[j, c]}.
     * {@code b} and {@code out} arrays are {@code n × m} row-major. The kernel is
     * {@code exp(-‖x - y‖²/h)} or {@code (1 + ‖x - y‖²/h)^{-1/2}}.
     *
     * <p>Each pair's kernel value is computed once. The row blocks go by in chunks of
     * {@link #CHUNK}: first, in parallel, each block {@code I} of the chunk computes its tiles
     * against the blocks {@code J ≥ I}, adds them to its own sums and keeps their transposed sums for
     * {@code J} apart; then, in parallel over the blocks {@code J}, those are added to {@code J}'s sums
     * in the order of {@code I}. So every block's sums receive their contributions in an order fixed
     * by {@code n}, whatever the number of threads, with two hand-offs per chunk.
     */
    void sums(Kind kind, double h, double[] b1, int m1, double[] out1, double[] b3, int m3, double[] out3) {
        if (b3 != null && kind != Kind.INVERSE_MULTIQUADRIC) {
            throw new IllegalArgumentException("cubed kernel sums are for the inverse multiquadric");
        }
        double invH = 1.0 / h;
        int mm3 = b3 == null ? 0 : m3;
        int blocks = blocks();
        double[][][] acc1 = accumulators(0, blocks, m1);
        double[][][] acc3 = accumulators(1, blocks, mm3);
        double[][][][] part1 = transposedSums(0, blocks, m1);
        double[][][][] part3 = transposedSums(1, blocks, mm3);
        for (int first = 0; first < blocks; first += CHUNK) {
            int chunk = Math.min(CHUNK, blocks - first);
            int from = first;
            // one task a block row, the longest first (rows further down have fewer tiles), taken
            // in turn by whichever thread is free: the threads end within the shortest row
            parallel.forEach(chunk, t -> {
                Scratch s = scratch.get();
                s.ensure(m1, mm3);
                rowOfTiles(kind, s, from + t, from, invH, b1, m1, acc1, part1, b3, mm3, acc3, part3);
            });
            boolean end = first + chunk == blocks;
            parallel.forEach(end ? blocks : blocks - from - 1, k -> {
                int bJ = end ? k : from + 1 + k;
                if (bJ > from) {
                    addParts(part1, from, Math.min(from + chunk, bJ), bJ, m1, acc1[bJ]);
                    addParts(part3, from, Math.min(from + chunk, bJ), bJ, mm3, acc3[bJ]);
                }
                if (end) {
                    int j0 = bJ * rows;
                    int bj = Math.min(rows, n - j0);
                    unload(acc1[bJ], m1, j0, bj, out1);
                    unload(acc3[bJ], mm3, j0, bj, out3);
                }
            });
        }
    }

    /**
     * Block {@code I}'s tiles against the blocks {@code J ≥ I}: added to its sums, and transposed
     * into {@code part[I - from][J]} for {@code J > I}.
     */
    private void rowOfTiles(Kind kind, Scratch s, int bI, int from, double invH, double[] b1, int m1, double[][][] acc1,
                            double[][][][] part1, double[] b3, int mm3, double[][][] acc3, double[][][][] part3) {
        int i0 = bI * rows;
        int bi = Math.min(rows, n - i0);
        s.loadBlock(xc, sq, d, i0, bi);
        for (int j0 = i0; j0 < n; j0 += cols) {
            int bj = Math.min(cols, n - j0);
            int bJ = j0 / rows;
            kernelTile(kind, s, bi, j0, bj, invH, mm3 > 0);
            tiles.accumulate(s.w, bi, bj, j0, b1, m1, acc1[bI]);
            if (mm3 > 0) {
                tiles.accumulate(s.w3, bi, bj, j0, b3, mm3, acc3[bI]);
            }
            if (bJ != bI) {
                // the same values, transposed, for block J's rows j0 … j0+bj-1
                int jo = j0 - bJ * rows;
                transpose(s.w, bi, bj, s.wt);
                transposedTile(s, bi, bj, i0, b1, m1, part1[bI - from][bJ], jo);
                if (mm3 > 0) {
                    transpose(s.w3, bi, bj, s.wt);
                    transposedTile(s, bi, bj, i0, b3, mm3, part3[bI - from][bJ], jo);
                }
            }
        }
    }

    /** {@code acc[c][·] += part[I - from][bJ][c][·]} for {@code I = from … to - 1}, in that order. */
    private void addParts(double[][][][] part, int from, int to, int bJ, int m, double[][] acc) {
        if (m == 0) {
            return;
        }
        int bj = Math.min(rows, n - bJ * rows);
        for (int bI = from; bI < to; bI++) {
            double[][] p = part[bI - from][bJ];
            for (int c = 0; c < m; c++) {
                double[] a = acc[c];
                double[] q = p[c];
                for (int jj = 0; jj < bj; jj++) {
                    a[jj] += q[jj];
                }
            }
        }
    }

    /** {@code out[(j0 + jj)·m + c] = acc[c][jj]}. */
    private static void unload(double[][] acc, int m, int j0, int bj, double[] out) {
        for (int c = 0; c < m; c++) {
            double[] a = acc[c];
            for (int jj = 0; jj < bj; jj++) {
                out[(j0 + jj) * m + c] = a[jj];
            }
        }
    }

    /** The kernel values of a tile into {@code s.w} (and their cubes into {@code s.w3} if wanted). */
    private void kernelTile(Kind kind, Scratch s, int bi, int j0, int bj, double invH, boolean cube) {
        if (kind == Kind.GAUSSIAN) {
            tiles.distances(xc, sq, d, s.xt, s.sq, bi, j0, bj, s.w, true, invH);
        } else {
            tiles.distances(xc, sq, d, s.xt, s.sq, bi, j0, bj, s.w, false, 0.0);
            for (int jj = 0; jj < bj; jj++) {
                inverseMultiquadric(s.w[jj], s.w3[jj], bi, invH, cube);
            }
        }
    }

    /**
     * {@code part[c][jo + jj] = Σ_ii s.wt[ii][jj] b[(i0+ii)·m + c]}: the transposed tile's sums over
     * block I's rows, in row order.
     */
    private void transposedTile(Scratch s, int bi, int bj, int i0, double[] b, int m, double[][] part, int jo) {
        for (int c = 0; c < m; c++) {
            Arrays.fill(s.ot[c], 0, bj, 0.0);
        }
        tiles.accumulate(s.wt, bj, bi, i0, b, m, s.ot);
        for (int c = 0; c < m; c++) {
            System.arraycopy(s.ot[c], 0, part[c], jo, bj);
        }
    }

    /** {@code wt[ii][jj] = w[jj][ii]} for {@code ii < bi, jj < bj}. */
    static void transpose(double[][] w, int bi, int bj, double[][] wt) {
        int jj = 0;
        for (; jj + 4 <= bj; jj += 4) {
            double[] w0 = w[jj];
            double[] w1 = w[jj + 1];
            double[] w2 = w[jj + 2];
            double[] w3 = w[jj + 3];
            for (int ii = 0; ii < bi; ii++) {
                double[] t = wt[ii];
                t[jj] = w0[ii];
                t[jj + 1] = w1[ii];
                t[jj + 2] = w2[ii];
                t[jj + 3] = w3[ii];
            }
        }
        for (; jj < bj; jj++) {
            double[] w0 = w[jj];
            for (int ii = 0; ii < bi; ii++) {
                wt[ii][jj] = w0[ii];
            }
        }
    }

    /** The kernel sums' accumulators {@code [block][output][row]}, zeroed ({@code which}: 0 or 1). */
    private double[][][] accumulators(int which, int blocks, int m) {
        double[][][] a = acc[which];
        if (a == null || a[0].length < m) {
            a = new double[blocks][m][rows];
            acc[which] = a;
        }
        for (double[][] blk : a) {
            for (int c = 0; c < m; c++) {
                Arrays.fill(blk[c], 0.0);
            }
        }
        return a;
    }

    /**
     * The transposed sums of a chunk's tiles, {@code [I - first][J][output][row]} ({@code which}: 0
     * or 1), for {@code CHUNK} block rows: at most {@code CHUNK · n · m} numbers.
     */
    private double[][][][] transposedSums(int which, int blocks, int m) {
        double[][][][] p = parts[which];
        if (m > 0 && (p == null || p[0][0].length < m)) {
            p = new double[Math.min(CHUNK, blocks)][blocks][m][rows];
            parts[which] = p;
        }
        return p;
    }

    /**
     * {@code s.w[jj][ii] = ‖θ_{i0+ii} - θ_{j0+jj}‖²} for the block loaded in {@code s}, by
     * {@code ‖x‖² + ‖y‖² - 2 x·y} (clamped at 0), the inner products accumulated four
     * coordinates at a time along the block's rows.
     */
    static void distances(double[] xc, double[] sq, int d, double[][] xt, double[] sqI, int bi, int j0, int bj,
                          double[][] ws) {
        for (int jj = 0; jj < bj; jj++) {
            int j = j0 + jj;
            double[] w = ws[jj];
            int xo = j * d;
            int k;
            if (d >= 4) {
                double a0 = xc[xo];
                double a1 = xc[xo + 1];
                double a2 = xc[xo + 2];
                double a3 = xc[xo + 3];
                double[] t0 = xt[0];
                double[] t1 = xt[1];
                double[] t2 = xt[2];
                double[] t3 = xt[3];
                for (int ii = 0; ii < bi; ii++) {
                    w[ii] = Math.fma(a3, t3[ii], Math.fma(a2, t2[ii], Math.fma(a1, t1[ii], a0 * t0[ii])));
                }
                k = 4;
            } else {
                double a0 = xc[xo];
                double[] t0 = xt[0];
                for (int ii = 0; ii < bi; ii++) {
                    w[ii] = a0 * t0[ii];
                }
                k = 1;
            }
            for (; k + 4 <= d; k += 4) {
                double a0 = xc[xo + k];
                double a1 = xc[xo + k + 1];
                double a2 = xc[xo + k + 2];
                double a3 = xc[xo + k + 3];
                double[] t0 = xt[k];
                double[] t1 = xt[k + 1];
                double[] t2 = xt[k + 2];
                double[] t3 = xt[k + 3];
                for (int ii = 0; ii < bi; ii++) {
                    w[ii] = Math.fma(a3, t3[ii], Math.fma(a2, t2[ii], Math.fma(a1, t1[ii], Math.fma(a0, t0[ii], w[ii]))));
                }
            }
            for (; k < d; k++) {
                double a0 = xc[xo + k];
                double[] t0 = xt[k];
                for (int ii = 0; ii < bi; ii++) {
                    w[ii] = Math.fma(a0, t0[ii], w[ii]);
                }
            }
            double sj = sq[j];
            for (int ii = 0; ii < bi; ii++) {
                w[ii] = Math.max(0.0, sqI[ii] + sj - 2.0 * w[ii]);
            }
        }
    }

    /** {@code o[c][ii] += Σ_jj b[(j0+jj)·m + c] w[jj][ii]}, in column order, four columns at a time. */
    static void accumulate(double[][] w, int bi, int bj, int j0, double[] b, int m, double[][] out) {
        for (int c = 0; c < m; c++) {
            double[] o = out[c];
            int jj = 0;
            for (; jj + 4 <= bj; jj += 4) {
                int jb = (j0 + jj) * m + c;
                double b0 = b[jb];
                double b1 = b[jb + m];
                double b2 = b[jb + 2 * m];
                double b3 = b[jb + 3 * m];
                double[] w0 = w[jj];
                double[] w1 = w[jj + 1];
                double[] w2 = w[jj + 2];
                double[] w3 = w[jj + 3];
                for (int ii = 0; ii < bi; ii++) {
                    o[ii] = Math.fma(b3, w3[ii], Math.fma(b2, w2[ii], Math.fma(b1, w1[ii], Math.fma(b0, w0[ii], o[ii]))));
                }
            }
            for (; jj < bj; jj++) {
                double b0 = b[(j0 + jj) * m + c];
                double[] w0 = w[jj];
                for (int ii = 0; ii < bi; ii++) {
                    o[ii] = Math.fma(b0, w0[ii], o[ii]);
                }
            }
        }
    }

    /** {@code w[0, len) = (1 + w/h)^{-1/2}} and, if wanted, {@code w3 = w³}. */
    private static void inverseMultiquadric(double[] w, double[] w3, int len, double invH, boolean cube) {
        for (int i = 0; i < len; i++) {
            w[i] = 1.0 / Math.sqrt(Math.fma(w[i], invH, 1.0));
        }
        if (cube) {
            for (int i = 0; i < len; i++) {
                double k = w[i];
                w3[i] = k * k * k;
            }
        }
    }

    /**
     * {@code w[0, len) = exp(-scale · w)} for {@code w ≥ 0}: {@code p(t)^512} with
     * {@code t = -min(scale·w, 256)/512 ∈ [-1/2, 0]} and {@code p(t) = 1 + t q(t)} (see
     * {@link #Q0}), eleven fused multiply–adds by Horner's rule; relative error below {@code 1e-13}
     * (8.1·10⁻¹⁴ at worst on the test's 2001 points, computed exactly: the squarings multiply the
     * rounding errors by 512).
     */
    static void expNegative(double[] w, int len, double scale) {
        for (int i = 0; i < len; i++) {
            double t = Math.min(w[i] * scale, EXP_CLAMP) * (-1.0 / 512.0);
            double p = Q10;
            p = Math.fma(p, t, Q9);
            p = Math.fma(p, t, Q8);
            p = Math.fma(p, t, Q7);
            p = Math.fma(p, t, Q6);
            p = Math.fma(p, t, Q5);
            p = Math.fma(p, t, Q4);
            p = Math.fma(p, t, Q3);
            p = Math.fma(p, t, Q2);
            p = Math.fma(p, t, Q1);
            p = Math.fma(p, t, Q0);
            p = Math.fma(p, t, 1.0);
            p *= p;
            p *= p;
            p *= p;
            p *= p;
            p *= p;
            p *= p;
            p *= p;
            p *= p;
            p *= p;
            w[i] = p;
        }
    }

    /**
     * The loops over a tile: the block's rows {@code ii < bi} against the columns
     * {@code j0 … j0+bj-1}. Every implementation computes each value by the operations of the
     * plain-Java one ({@link ScalarTiles}) in the same order, so all give the same numbers.
     */
    interface Tiles {
        /** {@code "vector"} or {@code "scalar"}. */
        String name();

        /**
         * {@code w[jj][ii] = max(0, (sqI[ii] + sq[j]) - 2 Σ_k xt[k][ii] xc[j·d + k])} for {@code j = j0 + jj}
         * (the inner product a chain of fused multiply–adds in the order {@code k = 0 … d-1}, starting
         * from a product), then, if {@code gaussian}, {@link #expNegative} of it with scale {@code invH}.
         */
        void distances(double[] xc, double[] sq, int d, double[][] xt, double[] sqI, int bi, int j0, int bj,
                       double[][] w, boolean gaussian, double invH);

        /**
         * {@code out[c][ii] = fma(b[j·m + c], w[jj][ii], out[c][ii])} for {@code jj = 0 … bj-1} in order
         * ({@code j = j0 + jj}), every {@code c < m}.
         */
        void accumulate(double[][] w, int bi, int bj, int j0, double[] b, int m, double[][] out);

        /**
         * The band test of the median's pass on a tile's distances (see {@link Pairwise#filter}), as
         * {@link #distances} would compute them (scratch in {@code w}), for the pairs {@code i < j}:
         * rows {@code ii < min(bi, j0 + jj - i0)} of each column {@code jj}, the block's first row
         * being {@code i0}. The number of distances with {@code fl(v - mid) < -half} is added to
         * {@code under} (spread over its entries in any way: only their total is used), those with
         * {@code |fl(v - mid)| ≤ half} appended to {@code buf} from {@code len}, column by column in
         * row order; returns the new length ({@code buf} has room for all the tile's values).
         */
        int band(double[] xc, double[] sq, int d, double[][] xt, double[] sqI, int bi, int i0, int j0, int bj,
                 double[][] w, double mid, double half, double[] under, double[] buf, int len);
    }

    /** The tile loops in plain Java, shaped for the JIT's auto-vectoriser. */
    static final class ScalarTiles implements Tiles {
        @Override
        public String name() {
            return "scalar";
        }

        @Override
        public void distances(double[] xc, double[] sq, int d, double[][] xt, double[] sqI, int bi, int j0, int bj,
                              double[][] w, boolean gaussian, double invH) {
            Pairwise.distances(xc, sq, d, xt, sqI, bi, j0, bj, w);
            if (gaussian) {
                for (int jj = 0; jj < bj; jj++) {
                    expNegative(w[jj], bi, invH);
                }
            }
        }

        @Override
        public void accumulate(double[][] w, int bi, int bj, int j0, double[] b, int m, double[][] out) {
            Pairwise.accumulate(w, bi, bj, j0, b, m, out);
        }

        @Override
        public int band(double[] xc, double[] sq, int d, double[][] xt, double[] sqI, int bi, int i0, int j0, int bj,
                        double[][] w, double mid, double half, double[] under, double[] buf, int len) {
            Pairwise.distances(xc, sq, d, xt, sqI, bi, j0, bj, w);
            for (int jj = 0; jj < bj; jj++) {
                len = Pairwise.filter(w[jj], Math.min(bi, j0 + jj - i0), mid, half, under, buf, len);
            }
            return len;
        }
    }

    /** The implementation of the tile loops used, chosen when first needed. */
    private static final class DefaultTiles {
        static final Tiles TILES = select();

        private static Tiles select() {
            if ("false".equalsIgnoreCase(System.getProperty("otto.vector", "auto"))) {
                return new ScalarTiles();
            }
            Tiles v = vectorTiles();
            return v != null ? v : new ScalarTiles();
        }
    }

    /** The Vector API tile loops, or null where the module is absent or vectors are too short. */
    static Tiles vectorTiles() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return null;
        }
        try {
            Tiles v = (Tiles) Class.forName("otto.flow.particle.VectorPairwise").getDeclaredConstructor().newInstance();
            return VectorPairwise.usable() ? v : null;
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return null;
        }
    }

    /** {@code "vector"} or {@code "scalar"}: the tile loops this JVM uses. */
    static String implementation() {
        return DefaultTiles.TILES.name();
    }

    /** A thread's block and tile buffers: one array per coordinate, column and output. */
    private static final class Scratch {
        final double[][] xt;
        final double[] sq;
        final double[] count;
        final double[][] w;
        final double[][] w3;
        /** A tile transposed: {@code rows} arrays of {@code cols}. */
        final double[][] wt;
        /** A transposed tile's sums, {@code [output][column]}. */
        double[][] ot = new double[0][];
        private final int cols;

        Scratch(int rows, int cols, int d) {
            xt = new double[d][rows];
            sq = new double[rows];
            count = new double[rows];
            w = new double[cols][rows];
            w3 = new double[cols][rows];
            wt = new double[rows][cols];
            this.cols = cols;
        }

        void ensure(int m1, int m3) {
            int m = Math.max(m1, m3);
            if (ot.length < m) {
                ot = new double[m][cols];
            }
        }

        /** Copies the block's centred coordinates, transposed, and its squared norms. */
        void loadBlock(double[] xc, double[] sqAll, int d, int i0, int bi) {
            for (int ii = 0; ii < bi; ii++) {
                int o = (i0 + ii) * d;
                for (int k = 0; k < d; k++) {
                    xt[k][ii] = xc[o + k];
                }
                sq[ii] = sqAll[i0 + ii];
            }
        }
    }
}
