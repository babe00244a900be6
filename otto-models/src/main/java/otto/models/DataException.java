package otto.models;

/** Data that a model cannot use: the message names the input and the problem, on one line. */
public class DataException extends RuntimeException {
    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
