package otto.flow;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The record of a run at recorded iterations: {@code iteration}, {@code seconds} (elapsed),
 * {@code free_energy} and {@code elbo} (= -free energy) when the method estimates them, then the
 * method's own monitors. Missing values are NaN.
 */
public final class Trace {
    /** Iteration column. */
    public static final String ITERATION = "iteration";
    /** Elapsed seconds column. */
    public static final String SECONDS = "seconds";
    /** ELBO column. */
    public static final String ELBO = "elbo";

    private final List<String> columns = new ArrayList<>(List.of(ITERATION, SECONDS, Monitors.FREE_ENERGY, ELBO));
    private final List<double[]> rows = new ArrayList<>();

    synchronized void add(int iteration, double seconds, Map<String, Double> monitors) {
        for (String k : monitors.keySet()) {
            if (!columns.contains(k)) {
                columns.add(k);
            }
        }
        double[] row = new double[columns.size()];
        java.util.Arrays.fill(row, Double.NaN);
        row[0] = iteration;
        row[1] = seconds;
        for (Map.Entry<String, Double> e : monitors.entrySet()) {
            row[columns.indexOf(e.getKey())] = e.getValue();
        }
        Double f = monitors.get(Monitors.FREE_ENERGY);
        if (f != null) {
            row[3] = -f;
        }
        rows.add(row);
    }

    synchronized void save(StateWriter out) throws java.io.IOException {
        out.section("trace");
        out.writeInt(columns.size());
        for (String c : columns) {
            out.string(c);
        }
        out.writeInt(rows.size());
        for (double[] row : rows) {
            out.doubles(row);
        }
    }

    /** Replaces this trace by the one {@link #save} wrote. */
    synchronized void restore(StateReader in) throws java.io.IOException {
        in.section("trace");
        columns.clear();
        rows.clear();
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            columns.add(in.string());
        }
        int m = in.readInt();
        for (int i = 0; i < m; i++) {
            rows.add(in.doubles());
        }
    }

    /** Column names. */
    public synchronized List<String> columns() {
        return List.copyOf(columns);
    }

    /** The number of rows. */
    public synchronized int size() {
        return rows.size();
    }

    /** Row {@code r}, padded with NaN to the current columns. */
    public synchronized double[] row(int r) {
        double[] src = rows.get(r);
        double[] out = new double[columns.size()];
        java.util.Arrays.fill(out, Double.NaN);
        System.arraycopy(src, 0, out, 0, src.length);
        return out;
    }

    /** The values of one column over all rows (NaN where missing). */
    public synchronized double[] column(String name) {
        int j = columns.indexOf(name);
        if (j < 0) {
            throw new IllegalArgumentException("no trace column " + name);
        }
        double[] out = new double[rows.size()];
        for (int r = 0; r < rows.size(); r++) {
            double[] row = rows.get(r);
            out[r] = j < row.length ? row[j] : Double.NaN;
        }
        return out;
    }

    /** All rows (copies, padded). */
    public synchronized List<double[]> rows() {
        List<double[]> out = new ArrayList<>(rows.size());
        for (int r = 0; r < rows.size(); r++) {
            out.add(row(r));
        }
        return Collections.unmodifiableList(out);
    }
}
