package otto.flow;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads back what a {@link StateWriter} wrote, in the same order. A value that does not fit the
 * state being restored (an array of another length, a missing section) is an
 * {@link IllegalStateException} naming what was expected: a checkpoint of another run, or of
 * another version, never silently half-restored.
 */
public final class StateReader {
    private final DataInputStream in;

    StateReader(InputStream in) {
        this.in = new DataInputStream(in);
    }

    /** Checks that the part {@code name} starts here. */
    public void section(String name) throws IOException {
        String s = string();
        if (!("§" + name).equals(s)) {
            throw new IllegalStateException("the checkpoint does not fit this run: expected the state of " + name + ", found "
                    + (s == null ? "nothing" : s.startsWith("§") ? "that of " + s.substring(1) : "other data"));
        }
    }

    public int readInt() throws IOException {
        return in.readInt();
    }

    public long readLong() throws IOException {
        return in.readLong();
    }

    public double readDouble() throws IOException {
        return Double.longBitsToDouble(in.readLong());
    }

    public boolean readBoolean() throws IOException {
        return in.readBoolean();
    }

    /** A string or null. */
    public String string() throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    /** An array of doubles, or null. */
    public double[] doubles() throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = Double.longBitsToDouble(in.readLong());
        }
        return a;
    }

    /** An array of doubles of exactly {@code length} values (not null). */
    public double[] doubles(int length) throws IOException {
        double[] a = doubles();
        if (a == null || a.length != length) {
            throw new IllegalStateException("the checkpoint does not fit this run: expected " + length + " values, found "
                    + (a == null ? "none" : a.length));
        }
        return a;
    }

    /** Reads an array of exactly {@code into.length} values into {@code into}. */
    public void doublesInto(double[] into) throws IOException {
        System.arraycopy(doubles(into.length), 0, into, 0, into.length);
    }

    /** Rows of doubles (each possibly null), or null. */
    public double[][] doubleRows() throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        double[][] a = new double[n][];
        for (int i = 0; i < n; i++) {
            a[i] = doubles();
        }
        return a;
    }

    /** An array of longs, or null. */
    public long[] longs() throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        long[] a = new long[n];
        for (int i = 0; i < n; i++) {
            a[i] = in.readLong();
        }
        return a;
    }

    /** Bytes, or null. */
    public byte[] bytes() throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }

    /** Checks that everything was read. */
    void end() throws IOException {
        if (in.read() >= 0) {
            throw new IllegalStateException("the checkpoint does not fit this run: it holds more state than this method has");
        }
    }

    /** A number of items that must be {@code expected}. */
    public int count(int expected, String what) throws IOException {
        int n = in.readInt();
        if (n != expected) {
            throw new IllegalStateException("the checkpoint does not fit this run: " + n + " " + what + ", this run has " + expected);
        }
        return n;
    }

    static IOException truncated(EOFException e) {
        return new IOException("the checkpoint ends too early (truncated)", e);
    }
}
