package otto.cli.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Draws of named quantities, per chain: {@code values[j][c][i]} is draw i of chain c of quantity j.
 * Chains may have different lengths (reference draws); a run's chains all have the same.
 *
 * @param names  the quantities
 * @param values per quantity, per chain, the draws
 */
public record Samples(List<String> names, double[][][] values) {
    /** The number of chains. */
    public int chains() {
        return values.length == 0 ? 0 : values[0].length;
    }

    /** The length of the shortest chain. */
    public int draws() {
        int n = Integer.MAX_VALUE;
        for (double[] c : values.length == 0 ? new double[0][] : values[0]) {
            n = Math.min(n, c.length);
        }
        return values.length == 0 || n == Integer.MAX_VALUE ? 0 : n;
    }

    /** The draws of every chain, pooled in chain order. */
    public double[] pooled(int j) {
        int n = 0;
        for (double[] c : values[j]) {
            n += c.length;
        }
        double[] out = new double[n];
        int k = 0;
        for (double[] c : values[j]) {
            System.arraycopy(c, 0, out, k, c.length);
            k += c.length;
        }
        return out;
    }

    /** The index of a quantity, or -1. */
    public int index(String name) {
        return names.indexOf(name);
    }

    /**
     * The columns of a CSV split into chains where the value of the chain column changes (one chain
     * when {@code chainColumn < 0}), keeping the columns {@code keep} (indices into the header).
     */
    static Samples split(Csv csv, int chainColumn, List<Integer> keep) {
        int rows = csv.rows().size();
        List<int[]> bounds = new ArrayList<>();
        int start = 0;
        for (int i = 1; i <= rows; i++) {
            boolean end = i == rows || chainColumn >= 0
                    && !csv.rows().get(i)[chainColumn].equals(csv.rows().get(start)[chainColumn]);
            if (end) {
                bounds.add(new int[] {start, i});
                start = i;
            }
        }
        double[][][] values = new double[keep.size()][bounds.size()][];
        List<String> names = new ArrayList<>();
        for (int k = 0; k < keep.size(); k++) {
            int j = keep.get(k);
            names.add(csv.header().get(j));
            for (int c = 0; c < bounds.size(); c++) {
                int[] b = bounds.get(c);
                double[] v = new double[b[1] - b[0]];
                for (int i = b[0]; i < b[1]; i++) {
                    v[i - b[0]] = csv.number(i, j);
                }
                values[k][c] = v;
            }
        }
        return new Samples(List.copyOf(names), values);
    }

    /** Only the named quantities, in the given order. */
    Samples select(List<String> wanted) {
        double[][][] v = new double[wanted.size()][][];
        for (int k = 0; k < wanted.size(); k++) {
            v[k] = values[index(wanted.get(k))];
        }
        return new Samples(List.copyOf(wanted), v);
    }

    /** Per quantity, its draws of every chain: a name-keyed view. */
    Map<String, double[][]> byName() {
        Map<String, double[][]> m = new LinkedHashMap<>();
        for (int j = 0; j < names.size(); j++) {
            m.put(names.get(j), values[j]);
        }
        return m;
    }
}
