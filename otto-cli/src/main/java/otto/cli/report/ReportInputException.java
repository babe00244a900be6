package otto.cli.report;

/**
 * A user's mistake in the input of {@code otto report} (a folder that is not a run, a missing or
 * malformed file, a reference that matches nothing): the message is one line naming the input.
 */
public final class ReportInputException extends RuntimeException {
    /** A one-line message that names the input and the problem. */
    public ReportInputException(String message) {
        super(message);
    }
}
