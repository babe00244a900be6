package otto.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import otto.cli.report.ReportInputException;
import otto.models.DataException;

/**
 * The property every fuzzer of a reader checks: an input either reads or fails with the readers'
 * own exception ({@link UsageException}, {@link DataException}, {@link ReportInputException}),
 * whose message is one line naming the input; never another exception (a NullPointerException, an
 * IndexOutOfBounds, a NumberFormatException), never an Error (out of memory, stack overflow). A
 * violation is thrown on, for Jazzer to keep as a finding.
 */
final class Hostile {
    private static final List<Class<? extends RuntimeException>> CLEAR = List.of(UsageException.class, DataException.class,
            ReportInputException.class);

    private Hostile() {
    }

    /** Runs {@code read}; one of the readers' own exceptions must have a one-line message naming {@code source}. */
    static void readsOrFailsClearly(String source, Runnable read) {
        try {
            read.run();
        } catch (RuntimeException e) {
            if (CLEAR.stream().noneMatch(c -> c.isInstance(e))) {
                throw e;
            }
            String m = e.getMessage();
            if (m == null || m.isBlank() || !oneLine(m) || !m.contains(source)) {
                throw new AssertionError("a " + e.getClass().getSimpleName() + " whose message is not one line naming "
                        + source + ": " + m, e);
            }
        }
    }

    /** Whether a message is one printable line: no line break or other control character (a tab is allowed). */
    static boolean oneLine(String m) {
        return m.chars().noneMatch(c -> Character.isISOControl(c) && c != '\t' || c == '\u2028' || c == '\u2029');
    }

    /** Writes bytes to a file (the readers read files). */
    static Path write(Path file, byte[] bytes) {
        try {
            return Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new temporary folder for a fuzz test's files. */
    static Path folder() {
        try {
            return Files.createTempDirectory("otto-fuzz");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes a fuzz test's folder and the files in it. */
    static void delete(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
