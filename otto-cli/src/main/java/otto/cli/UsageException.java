package otto.cli;

/** A user's mistake (bad option, bad input file): exit status 2 and a one-line message. */
final class UsageException extends RuntimeException {
    UsageException(String message) {
        super(message);
    }
}
