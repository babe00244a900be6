package otto.model;

/** Sizes and Stan-style element names of array shapes. */
final class Shapes {
    private Shapes() {
    }

    static int size(int[] shape) {
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        return n;
    }

    /**
     * Element names in Stan's output order (first index fastest, as CmdStan writes matrices):
     * {@code beta.1}, {@code L.2.1}. {@code order[k]} is the row-major position of output column k.
     */
    static String[] names(String name, int[] shape, int[] order) {
        int n = size(shape);
        String[] out = new String[n];
        if (shape.length == 0) {
            out[0] = name;
            order[0] = 0;
            return out;
        }
        int[] idx = new int[shape.length];
        for (int k = 0; k < n; k++) {
            StringBuilder sb = new StringBuilder(name);
            int rowMajor = 0;
            for (int a = 0; a < shape.length; a++) {
                sb.append('.').append(idx[a] + 1);
                rowMajor = rowMajor * shape[a] + idx[a];
            }
            out[k] = sb.toString();
            order[k] = rowMajor;
            for (int a = 0; a < shape.length; a++) {
                if (++idx[a] < shape[a]) {
                    break;
                }
                idx[a] = 0;
            }
        }
        return out;
    }

    static String describe(int[] shape) {
        if (shape.length == 0) {
            return "";
        }
        StringBuilder sb = new StringBuilder("[");
        for (int a = 0; a < shape.length; a++) {
            sb.append(a == 0 ? "" : ",").append(shape[a]);
        }
        return sb.append(']').toString();
    }
}
