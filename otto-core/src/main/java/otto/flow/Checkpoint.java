package otto.flow;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * A checkpoint of a {@link Run}: everything needed to continue it as if it had never stopped,
 * read from the file {@link Run#checkpoint(Path, Interval)} writes. {@link Run#resume(Checkpoint)}
 * continues from it.
 *
 * <p><b>Format</b> (version {@value #VERSION}, big-endian): the 16 bytes {@code OTTO-CHECKPOINT\n}, the
 * format version, the run's identity (pairs of strings: method, each setting, seed, iterations,
 * record interval, dimension, and what the caller adds, such as the model and a digest of its
 * data), the iterations done, the iterations planned, the elapsed seconds, the seconds of each
 * iteration done, the trace, the faults, the state of every random stream (Commons RNG's saved
 * state; the Ziggurat normal sampler keeps none of its own), the method's own state
 * ({@link Checkpointable}), and last the CRC-32 of all that precedes it. The file is written
 * atomically ({@link AtomicFile}): a reader finds the previous checkpoint or the new one whole.
 * A damaged or truncated file is refused, not half-read.
 */
public final class Checkpoint {
    /** The format version. */
    public static final int VERSION = 3;
    private static final byte[] MAGIC = "OTTO-CHECKPOINT\n".getBytes(StandardCharsets.US_ASCII);

    private final Path file;
    private final Map<String, String> identity;
    private final int iteration;
    private final int total;
    private final double elapsed;
    private final byte[] bytes;
    private final int bodyOffset;

    private Checkpoint(Path file, Map<String, String> identity, int iteration, int total, double elapsed, byte[] bytes,
                       int bodyOffset) {
        this.file = file;
        this.identity = identity;
        this.iteration = iteration;
        this.total = total;
        this.elapsed = elapsed;
        this.bytes = bytes;
        this.bodyOffset = bodyOffset;
    }

    /** When a run writes checkpoints: every so many iterations, or every so many seconds of wall time. */
    public record Interval(int iterations, double seconds) {
        public Interval {
            if (iterations < 0 || !(seconds >= 0) || Double.isInfinite(seconds) || iterations > 0 && seconds > 0) {
                throw new IllegalArgumentException("a checkpoint interval is a positive number of iterations or of seconds");
            }
        }

        /** Every {@code n} iterations. */
        public static Interval iterations(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("checkpoint every " + n + " iterations: must be at least 1");
            }
            return new Interval(n, 0);
        }

        /** Every {@code s} seconds (checked after each iteration). */
        public static Interval seconds(double s) {
            if (!(s > 0) || Double.isInfinite(s)) {
                throw new IllegalArgumentException("checkpoint every " + s + " seconds: must be positive and finite");
            }
            return new Interval(0, s);
        }

        /** No periodic checkpoints (one is still written when the run is interrupted). */
        public static Interval never() {
            return new Interval(0, 0);
        }

        boolean periodic() {
            return iterations > 0 || seconds > 0;
        }

        @Override
        public String toString() {
            return iterations > 0 ? iterations + " iterations" : seconds > 0 ? seconds + " s" : "never";
        }
    }

    /**
     * Reads a checkpoint file and checks it whole (its format and checksum).
     *
     * @throws IOException if the file cannot be read, is not a checkpoint, is of another format
     *                     version, or is damaged or truncated (the message says which)
     */
    public static Checkpoint read(Path file) throws IOException {
        byte[] b;
        try {
            b = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IOException(file + ": no such checkpoint file", e);
        }
        if (b.length < MAGIC.length + 4 + 8 || !Arrays.equals(Arrays.copyOf(b, MAGIC.length), MAGIC)) {
            throw new IOException(file + ": not an Otto checkpoint");
        }
        CRC32 crc = new CRC32();
        crc.update(b, 0, b.length - 8);
        long stored = 0;
        for (int i = b.length - 8; i < b.length; i++) {
            stored = (stored << 8) | (b[i] & 0xFF);
        }
        if (crc.getValue() != stored) {
            throw new IOException(file + ": the checkpoint is damaged (its checksum does not match)");
        }
        try {
            ByteArrayInputStream bin = new ByteArrayInputStream(b, MAGIC.length, b.length - 8 - MAGIC.length);
            StateReader in = new StateReader(bin);
            int version = in.readInt();
            if (version != VERSION) {
                throw new IOException(file + ": checkpoint format version " + version + ", this Otto reads version " + VERSION);
            }
            int n = in.readInt();
            Map<String, String> id = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                id.put(in.string(), in.string());
            }
            int iteration = in.readInt();
            int total = in.readInt();
            double elapsed = in.readDouble();
            int offset = b.length - 8 - bin.available();
            return new Checkpoint(file, Collections.unmodifiableMap(id), iteration, total, elapsed, b, offset);
        } catch (EOFException e) {
            throw new IOException(file + ": the checkpoint is truncated", e);
        }
    }

    /** The file it was read from. */
    public Path file() {
        return file;
    }

    /** What identifies the run it belongs to ({@link Run#identity()}). */
    public Map<String, String> identity() {
        return identity;
    }

    /** The iterations done when it was written. */
    public int iteration() {
        return iteration;
    }

    /** The iterations the run plans. */
    public int totalIterations() {
        return total;
    }

    /** The run's wall time up to the checkpoint. */
    public double elapsedSeconds() {
        return elapsed;
    }

    /**
     * How a run with identity {@code expected} differs from the one this checkpoint belongs to, in
     * words ({@code "seed: 1 in the checkpoint, 2 now"}), or null when it is the same run.
     */
    public String mismatch(Map<String, String> expected) {
        for (Map.Entry<String, String> e : identity.entrySet()) {
            String now = expected.get(e.getKey());
            if (!e.getValue().equals(now)) {
                return e.getKey() + ": " + e.getValue() + " in the checkpoint, " + (now == null ? "not set" : now) + " now";
            }
        }
        for (String k : expected.keySet()) {
            if (!identity.containsKey(k)) {
                return k + ": not in the checkpoint, " + expected.get(k) + " now";
            }
        }
        return null;
    }

    /** The rest of the checkpoint, after its header, for {@link Run} to restore from. */
    StateReader body() {
        return new StateReader(new ByteArrayInputStream(bytes, bodyOffset, bytes.length - 8 - bodyOffset));
    }

    /** Writes a checkpoint: the header, then {@code body}, then the checksum, atomically. */
    static void write(Path file, Map<String, String> identity, int iteration, int total, double elapsed, Body body)
            throws IOException {
        AtomicFile.write(file, raw -> {
            CRC32 crc = new CRC32();
            OutputStream checked = new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    crc.update(b);
                    raw.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    crc.update(b, off, len);
                    raw.write(b, off, len);
                }
            };
            checked.write(MAGIC);
            StateWriter out = new StateWriter(new java.io.BufferedOutputStream(checked, 1 << 16));
            out.writeInt(VERSION);
            out.writeInt(identity.size());
            for (Map.Entry<String, String> e : identity.entrySet()) {
                out.string(e.getKey());
                out.string(e.getValue());
            }
            out.writeInt(iteration);
            out.writeInt(total);
            out.writeDouble(elapsed);
            body.write(out);
            out.flush();
            long v = crc.getValue();
            for (int i = 7; i >= 0; i--) {
                raw.write((int) (v >>> (8 * i)) & 0xFF);
            }
        });
    }

    /** Writes the body of a checkpoint. */
    @FunctionalInterface
    interface Body {
        void write(StateWriter out) throws IOException;
    }
}
