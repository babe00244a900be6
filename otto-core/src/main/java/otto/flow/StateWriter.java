package otto.flow;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Where a {@link Checkpointable} state writes itself: numbers, arrays (each with its length, or
 * absent), strings and named sections, in the order {@link StateReader} reads them back. Doubles
 * are written as their exact bits, so a restored state goes on bit for bit.
 */
public final class StateWriter {
    private final DataOutputStream out;

    StateWriter(OutputStream out) {
        this.out = new DataOutputStream(out);
    }

    /** Marks the start of a part (a method's state, a component), checked by {@link StateReader#section}. */
    public void section(String name) throws IOException {
        string("§" + name);
    }

    public void writeInt(int v) throws IOException {
        out.writeInt(v);
    }

    public void writeLong(long v) throws IOException {
        out.writeLong(v);
    }

    public void writeDouble(double v) throws IOException {
        out.writeLong(Double.doubleToRawLongBits(v));
    }

    public void writeBoolean(boolean v) throws IOException {
        out.writeBoolean(v);
    }

    /** A string (UTF-8, any length), or null. */
    public void string(String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    /** An array of doubles with its length, or null. */
    public void doubles(double[] a) throws IOException {
        doubles(a, a == null ? 0 : a.length);
    }

    /** The first {@code n} values of {@code a} (or null), with their count. */
    public void doubles(double[] a, int n) throws IOException {
        if (a == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(n);
        for (int i = 0; i < n; i++) {
            out.writeLong(Double.doubleToRawLongBits(a[i]));
        }
    }

    /** Rows of doubles (each possibly null), or null. */
    public void doubles(double[][] a) throws IOException {
        if (a == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(a.length);
        for (double[] row : a) {
            doubles(row);
        }
    }

    /** An array of longs with its length, or null. */
    public void longs(long[] a) throws IOException {
        if (a == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(a.length);
        for (long v : a) {
            out.writeLong(v);
        }
    }

    /** Bytes with their count, or null. */
    public void bytes(byte[] b) throws IOException {
        if (b == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(b.length);
        out.write(b);
    }

    void flush() throws IOException {
        out.flush();
    }
}
