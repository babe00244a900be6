package otto.models;

/**
 * Data that a model cannot use: a missing field, a wrong shape, a non-integer where an integer is
 * needed, malformed JSON or CSV, a value outside its range. The message is one line that names
 * the input (file) and the field or line, and says what is wrong, e.g.
 * {@code data.json: field 'y' has 7 elements, expected N = 8}; the command line prints it as is
 * and exits with status 2.
 */
public class DataException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An error with a one-line message naming the input and the problem. */
    public DataException(String message) {
        super(message);
    }

    /** An error with a one-line message naming the input and the problem, and its cause. */
    public DataException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Text from an input as a message quotes it: at most 20 characters (then {@code …}), with line
     * breaks and other control characters written as escapes (a carriage return as backslash-r,
     * NUL as backslash-u0000), so that a message stays one line whatever the input holds.
     */
    public static String quote(String text) {
        return printable(text.length() > 20 ? text.substring(0, 20) + "…" : text);
    }

    /** Text with line breaks and other control characters written as escapes; otherwise unchanged. */
    public static String printable(String text) {
        StringBuilder b = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = Character.isISOControl(c) && c != '\t' || c == '\u2028' || c == '\u2029';
            if (control && b == null) {
                b = new StringBuilder(text.length() + 8).append(text, 0, i);
            }
            if (b != null) {
                if (!control) {
                    b.append(c);
                } else if (c == '\n') {
                    b.append("\\n");
                } else if (c == '\r') {
                    b.append("\\r");
                } else {
                    b.append(String.format("\\u%04x", (int) c));
                }
            }
        }
        return b == null ? text : b.toString();
    }
}
