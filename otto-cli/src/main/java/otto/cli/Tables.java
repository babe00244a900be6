package otto.cli;

import java.util.List;
import java.util.Locale;

/** Aligned plain-text tables and the number formats the printed tables share. */
final class Tables {
    private Tables() {
    }

    /**
     * Rows (the first is the header) as aligned columns two spaces apart; {@code right[j]} says
     * whether column j is right-aligned. Trailing spaces are trimmed.
     */
    static String format(List<String[]> rows, boolean[] right) {
        int columns = right.length;
        int[] width = new int[columns];
        for (String[] r : rows) {
            for (int j = 0; j < columns; j++) {
                width[j] = Math.max(width[j], r[j].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        StringBuilder line = new StringBuilder();
        for (String[] r : rows) {
            line.setLength(0);
            for (int j = 0; j < columns; j++) {
                if (j > 0) {
                    line.append("  ");
                }
                String pad = " ".repeat(width[j] - r[j].length());
                line.append(right[j] ? pad + r[j] : r[j] + pad);
            }
            int end = line.length();
            while (end > 0 && line.charAt(end - 1) == ' ') {
                end--;
            }
            sb.append(line, 0, end).append('\n');
        }
        return sb.toString();
    }

    /** Columns right-aligned except the first. */
    static boolean[] numeric(int columns) {
        boolean[] right = new boolean[columns];
        java.util.Arrays.fill(right, 1, columns, true);
        return right;
    }

    /** Four significant digits, as stansummary prints; empty for NaN. */
    static String sig(double v) {
        if (Double.isNaN(v)) {
            return "";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        return String.format(Locale.ROOT, "%.4g", v);
    }

    /** A whole number (effective sample sizes); empty for NaN. */
    static String whole(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.0f", v);
    }

    /** R-hat with three decimals; empty for NaN. */
    static String rhat(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.3f", v);
    }
}
