package otto.ad;

/** Values, gradients, Hessian–vector products and Hessians of a {@link ScalarFunction}. */
public final class Gradients {
    private Gradients() {
    }

    /** The value of {@code f} at {@code x}, with its gradient written into {@code gradient} (if non-null). */
    public static double valueAndGradient(ScalarFunction f, double[] x, double[] gradient) {
        Tape tape = Tape.create();
        Var in = tape.variable(x);
        Var out = f.apply(in);
        if (gradient == null) {
            return out.value();
        }
        tape.backward(out);
        double[] g = in.adj;
        if (g == null) {
            java.util.Arrays.fill(gradient, 0.0);
        } else {
            System.arraycopy(g, 0, gradient, 0, g.length);
        }
        return out.value();
    }

    /**
     * The exact Hessian–vector product {@code ∇²f(x) v} (forward-over-reverse), written into
     * {@code hv}; the gradient is written into {@code gradient} if non-null. Returns {@code f(x)}.
     */
    public static double hessianVectorProduct(ScalarFunction f, double[] x, double[] v,
                                              double[] gradient, double[] hv) {
        Tape tape = Tape.withTangents();
        Var in = tape.variable(x, v);
        Var out = f.apply(in);
        tape.backward(out);
        copyOrZero(in.adj, gradient);
        copyOrZero(in.adjTan, hv);
        return out.value();
    }

    /** The full Hessian ({@code d × d}, row-major) by {@code d} Hessian–vector products, symmetrised. */
    public static void hessian(ScalarFunction f, double[] x, double[] hessian) {
        int d = x.length;
        double[] e = new double[d];
        double[] hv = new double[d];
        for (int j = 0; j < d; j++) {
            e[j] = 1.0;
            hessianVectorProduct(f, x, e, null, hv);
            e[j] = 0.0;
            for (int i = 0; i < d; i++) {
                hessian[i * d + j] = hv[i];
            }
        }
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < i; j++) {
                double s = 0.5 * (hessian[i * d + j] + hessian[j * d + i]);
                hessian[i * d + j] = s;
                hessian[j * d + i] = s;
            }
        }
    }

    private static void copyOrZero(double[] from, double[] to) {
        if (to == null) {
            return;
        }
        if (from == null) {
            java.util.Arrays.fill(to, 0.0);
        } else {
            System.arraycopy(from, 0, to, 0, from.length);
        }
    }
}
