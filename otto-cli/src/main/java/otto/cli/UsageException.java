package otto.cli;

import otto.models.DataException;

/**
 * A user's mistake (bad option, bad input file): exit status 2 and a one-line message. The message
 * often quotes what the user gave, so its line breaks and other control characters are written as
 * escapes ({@link DataException#printable}): a value with a line break in it is still one line.
 */
final class UsageException extends RuntimeException {
    UsageException(String message) {
        super(DataException.printable(message));
    }
}
