package otto.cli.report;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/** A minimal PNG encoder (8-bit RGB, no interlace) and the viridis colour map, for heat maps. */
final class Png {
    /** Viridis at 0, 1/8, …, 1 (matplotlib's values). */
    private static final int[] VIRIDIS = {0x440154, 0x46327e, 0x365c8d, 0x277f8e, 0x1fa187, 0x4ac16d, 0xa0da39, 0xd0e11c, 0xfde725};

    private Png() {
    }

    /** Viridis at u in [0, 1] as 0xRRGGBB, interpolated linearly between its nine stops. */
    static int viridis(double u) {
        double t = Math.max(0, Math.min(1, Double.isNaN(u) ? 0 : u)) * (VIRIDIS.length - 1);
        int k = Math.min(VIRIDIS.length - 2, (int) Math.floor(t));
        double w = t - k;
        int a = VIRIDIS[k];
        int b = VIRIDIS[k + 1];
        int r = (int) Math.round(((a >> 16) & 255) * (1 - w) + ((b >> 16) & 255) * w);
        int g = (int) Math.round(((a >> 8) & 255) * (1 - w) + ((b >> 8) & 255) * w);
        int bl = (int) Math.round((a & 255) * (1 - w) + (b & 255) * w);
        return (r << 16) | (g << 8) | bl;
    }

    /** A PNG of {@code width × height} pixels, {@code rgb[y * width + x]} = 0xRRGGBB, the first row at the top. */
    static byte[] encode(int width, int height, int[] rgb) {
        byte[] raw = new byte[height * (1 + 3 * width)];
        int k = 0;
        for (int y = 0; y < height; y++) {
            raw[k++] = 0;   // filter: none
            for (int x = 0; x < width; x++) {
                int c = rgb[y * width + x];
                raw[k++] = (byte) (c >> 16);
                raw[k++] = (byte) (c >> 8);
                raw[k++] = (byte) c;
            }
        }
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        deflater.setInput(raw);
        deflater.finish();
        ByteArrayOutputStream z = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        while (!deflater.finished()) {
            int n = deflater.deflate(buf);
            z.write(buf, 0, n);
        }
        deflater.end();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        byte[] header = new byte[13];
        putInt(header, 0, width);
        putInt(header, 4, height);
        header[8] = 8;   // bit depth
        header[9] = 2;   // colour type: RGB
        chunk(out, "IHDR", header);
        chunk(out, "IDAT", z.toByteArray());
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] len = new byte[4];
        putInt(len, 0, data.length);
        out.writeBytes(len);
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(t);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        byte[] c = new byte[4];
        putInt(c, 0, (int) crc.getValue());
        out.writeBytes(c);
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}
