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
}
