package otto.cli.report;

import java.util.Locale;

/** Escaping and number formats of the page. */
final class Html {
    private Html() {
    }

    /** Text and attribute values with {@code & < > "} escaped. */
    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Four significant digits, as the printed tables; empty for NaN. */
    static String sig(double v) {
        if (Double.isNaN(v)) {
            return "";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        return String.format(Locale.ROOT, "%.4g", v);
    }

    /** Four significant digits without trailing zeros ({@code 5}, {@code 0.25}); empty for NaN. */
    static String num(double v) {
        String s = sig(v).trim();
        if (s.contains(".") && !s.contains("e")) {
            s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return s;
    }

    /** A whole number; empty for NaN. */
    static String whole(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.0f", v);
    }

    /** An effective sample size: whole, but with a decimal just below 100 (99.6 is not shown as 100); empty for NaN. */
    static String ess(double v) {
        return Double.isNaN(v) ? "" : v < 100 && Math.round(v) >= 100 ? String.format(Locale.ROOT, "%.1f", Math.floor(v * 10) / 10)
                : String.format(Locale.ROOT, "%.0f", v);
    }

    /** Three decimals; empty for NaN. */
    static String fixed3(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.3f", v);
    }

    /** A duration in seconds, readably. */
    static String seconds(double s) {
        if (Double.isNaN(s)) {
            return "";
        }
        if (s < 1e-3) {
            return String.format(Locale.ROOT, "%.3g µs", s * 1e6);
        }
        if (s < 1) {
            return String.format(Locale.ROOT, "%.3g ms", s * 1e3);
        }
        if (s < 120) {
            return String.format(Locale.ROOT, "%.3g s", s);
        }
        return String.format(Locale.ROOT, "%.0f min %.0f s", Math.floor(s / 60), s % 60);
    }

    /** A name usable in an id: letters, digits, {@code - _ .}. */
    static String id(String s) {
        return s.replaceAll("[^A-Za-z0-9_.-]", "_");
    }
}
