package otto.models;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The property every fuzzer of a reader checks: an input either reads or fails with the readers'
 * own exception, whose message is one line naming the input; never another exception (a
 * NullPointerException, an IndexOutOfBounds, a NumberFormatException), never an Error (out of
 * memory, stack overflow). A violation is thrown on, for Jazzer to keep as a finding.
 */
final class Hostile {
    private Hostile() {
    }

    /** Runs {@code read}; a {@link DataException} must have a one-line message naming {@code source}. */
    static void readsOrFailsClearly(String source, Runnable read) {
        try {
            read.run();
        } catch (DataException e) {
            String m = e.getMessage();
            if (m == null || m.isBlank() || !oneLine(m) || !m.contains(source)) {
                throw new AssertionError("a DataException whose message is not one line naming " + source + ": " + m, e);
            }
        }
    }

    /** Whether a message is one printable line: no line break or other control character (a tab is allowed). */
    static boolean oneLine(String m) {
        return m.chars().noneMatch(c -> Character.isISOControl(c) && c != '\t' || c == '\u2028' || c == '\u2029');
    }

    /** Writes bytes to a file (the readers read files), or fails the test. */
    static Path write(Path file, byte[] bytes) {
        try {
            return Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
