package otto.diagnostics;

import java.util.Arrays;

/** Operations on draws laid out as {@code chains × draws}: splitting, pooling, rank normalisation. */
final class Chains {
    private Chains() {
    }

    /** Each chain cut into its first and last halves (the middle draw of an odd chain is dropped). */
    static double[][] split(double[][] chains) {
        int n = chains[0].length;
        int half = n / 2;
        double[][] out = new double[2 * chains.length][];
        for (int c = 0; c < chains.length; c++) {
            out[2 * c] = Arrays.copyOfRange(chains[c], 0, half);
            out[2 * c + 1] = Arrays.copyOfRange(chains[c], n - half, n);
        }
        return out;
    }

    /** All draws in one array. */
    static double[] pool(double[][] chains) {
        int total = 0;
        for (double[] c : chains) {
            total += c.length;
        }
        double[] all = new double[total];
        int o = 0;
        for (double[] c : chains) {
            System.arraycopy(c, 0, all, o, c.length);
            o += c.length;
        }
        return all;
    }

    /** Applies {@code f} to every draw. */
    static double[][] map(double[][] chains, java.util.function.DoubleUnaryOperator f) {
        double[][] out = new double[chains.length][];
        for (int c = 0; c < chains.length; c++) {
            out[c] = new double[chains[c].length];
            for (int i = 0; i < chains[c].length; i++) {
                out[c][i] = f.applyAsDouble(chains[c][i]);
            }
        }
        return out;
    }

    /**
     * Rank normalisation (Vehtari et al. 2021): average ranks over all draws, then
     * {@code Φ⁻¹((r - 3/8) / (S + 1/4))}.
     */
    static double[][] zScale(double[][] chains) {
        double[] all = pool(chains);
        int s = all.length;
        Integer[] order = new Integer[s];
        for (int i = 0; i < s; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(all[a], all[b]));
        double[] rank = new double[s];
        int i = 0;
        while (i < s) {
            int j = i;
            while (j + 1 < s && all[order[j + 1]] == all[order[i]]) {
                j++;
            }
            double r = 0.5 * (i + j) + 1.0;
            for (int k = i; k <= j; k++) {
                rank[order[k]] = r;
            }
            i = j + 1;
        }
        double[][] out = new double[chains.length][];
        int o = 0;
        for (int c = 0; c < chains.length; c++) {
            out[c] = new double[chains[c].length];
            for (int k = 0; k < chains[c].length; k++) {
                out[c][k] = NormalQuantile.of((rank[o++] - 0.375) / (s + 0.25));
            }
        }
        return out;
    }
}
