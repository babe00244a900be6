package otto.models;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What every reader of a user's file checks before and while it reads, so that a hostile file
 * (a folder, a device such as {@code /dev/zero}, a pipe, a file larger than memory, a line of a
 * gigabyte) is a one-line error rather than a hang or an {@link OutOfMemoryError}. Each reader
 * throws its own exception with the problem these methods describe.
 */
public final class Inputs {
    private Inputs() {
    }

    /** Why a file cannot be read. */
    public static final class Problem extends IOException {
        private static final long serialVersionUID = 1L;

        Problem(String message) {
            super(message);
        }
    }

    /**
     * Checks that {@code file} is a regular file of at most {@code maxBytes}.
     *
     * @throws Problem what is wrong, in words ({@code no such file}, {@code is a folder, not a file} …)
     */
    public static void checkFile(Path file, long maxBytes) throws Problem {
        if (Files.isDirectory(file)) {
            throw new Problem("is a folder, not a file");
        }
        if (!Files.exists(file)) {
            throw new Problem("no such file");
        }
        if (!Files.isRegularFile(file)) {
            throw new Problem("is not a regular file (a device, pipe or socket)");
        }
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new Problem("cannot read: " + describe(e));
        }
        if (size > maxBytes) {
            throw new Problem("is " + mib(size) + ", more than the " + mib(maxBytes) + " this reader takes here"
                    + " (the Java heap is " + mib(Runtime.getRuntime().maxMemory()) + ")");
        }
    }

    /** The largest file a reader that holds all of it in memory (with a parsed tree) should take: 1/16 of the heap. */
    public static long wholeFileLimit() {
        return Runtime.getRuntime().maxMemory() / 16;
    }

    /**
     * Reads a whole file as UTF-8 text (a byte-order mark dropped), checking it first with
     * {@link #checkFile}.
     *
     * @throws Problem what is wrong, in words
     */
    public static String readText(Path file, long maxBytes) throws Problem {
        checkFile(file, maxBytes);
        try {
            byte[] bytes = Files.readAllBytes(file);
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            return !text.isEmpty() && text.charAt(0) == '\uFEFF' ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            throw new Problem("not UTF-8 text");
        } catch (OutOfMemoryError e) {
            throw new Problem("too large to read into memory here (the Java heap is " + mib(Runtime.getRuntime().maxMemory()) + ")");
        } catch (IOException e) {
            throw new Problem("cannot read: " + describe(e));
        }
    }

    /**
     * Lines of text, as {@link java.io.BufferedReader#readLine} splits them ({@code \n},
     * {@code \r\n} or {@code \r}), but refusing a line longer than a limit instead of growing
     * without bound; a byte-order mark at the start is dropped.
     */
    public static final class Lines implements AutoCloseable {
        private final Reader in;
        private final int maxLine;
        private final char[] buffer = new char[8192];
        private int pos;
        private int end;
        private boolean first = true;
        private boolean skipLf;

        /** Lines of {@code in}, each of at most {@code maxLine} characters. */
        public Lines(Reader in, int maxLine) {
            this.in = in;
            this.maxLine = maxLine;
        }

        /** Lines of a UTF-8 file (malformed input is a {@link CharacterCodingException} while reading). */
        public static Lines of(Path file, int maxLine) throws IOException {
            return new Lines(Files.newBufferedReader(file, StandardCharsets.UTF_8), maxLine);
        }

        /**
         * The next line, or null at the end.
         *
         * @throws Problem for a line longer than the limit
         */
        public String next() throws IOException {
            StringBuilder line = null;
            while (true) {
                if (pos == end) {
                    end = in.read(buffer, 0, buffer.length);
                    pos = 0;
                    if (end <= 0) {
                        end = 0;
                        return line == null ? null : line.toString();
                    }
                }
                if (first) {
                    first = false;
                    if (buffer[pos] == '\uFEFF') {
                        pos++;
                        continue;
                    }
                }
                if (skipLf) {
                    skipLf = false;
                    if (buffer[pos] == '\n') {
                        pos++;
                        continue;
                    }
                }
                if (line == null) {
                    line = new StringBuilder();
                }
                int start = pos;
                while (pos < end && buffer[pos] != '\n' && buffer[pos] != '\r') {
                    pos++;
                }
                if (line.length() + (pos - start) > maxLine) {
                    throw new Problem("a line longer than " + maxLine + " characters");
                }
                line.append(buffer, start, pos - start);
                if (pos < end) {
                    skipLf = buffer[pos] == '\r';
                    pos++;
                    return line.toString();
                }
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /** An I/O error in words: the exception's name says more than its message (often just the path). */
    public static String describe(IOException e) {
        if (e instanceof Problem) {
            return e.getMessage();
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof NotDirectoryException) {
            return "a part of the path is a file, not a folder";
        }
        if (e instanceof CharacterCodingException) {
            return "not UTF-8 text";
        }
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return DataException.printable(f.getReason());
        }
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : DataException.printable(m);
    }

    /** A size in MiB (or KiB, bytes) for messages. */
    public static String mib(long bytes) {
        if (bytes >= 1L << 20) {
            return String.format(Locale.ROOT, "%.0f MiB", bytes / (double) (1L << 20));
        }
        if (bytes >= 1L << 10) {
            return String.format(Locale.ROOT, "%.0f KiB", bytes / 1024.0);
        }
        return bytes + " bytes";
    }
}
