package otto.diagnostics;

import org.hipparchus.complex.Complex;
import org.hipparchus.transform.DftNormalization;
import org.hipparchus.transform.FastFourierTransformer;
import org.hipparchus.transform.TransformType;

/**
 * The (biased) autocovariance of a chain, {@code γ_t = (1/n) Σ_{i<n-t} (x_i - x̄)(x_{i+t} - x̄)},
 * for all lags at once by FFT on a zero-padded power-of-two length.
 */
final class Autocovariance {
    private static final FastFourierTransformer FFT = new FastFourierTransformer(DftNormalization.STANDARD);

    private Autocovariance() {
    }

    static double[] of(double[] x) {
        int n = x.length;
        double mean = 0.0;
        for (double v : x) {
            mean += v;
        }
        mean /= n;
        int m = Integer.highestOneBit(Math.max(1, 2 * n - 1));
        if (m < 2 * n) {
            m <<= 1;
        }
        double[] padded = new double[m];
        for (int i = 0; i < n; i++) {
            padded[i] = x[i] - mean;
        }
        Complex[] f = FFT.transform(padded, TransformType.FORWARD);
        for (int i = 0; i < m; i++) {
            double re = f[i].getReal();
            double im = f[i].getImaginary();
            f[i] = new Complex(re * re + im * im, 0.0);
        }
        Complex[] back = FFT.transform(f, TransformType.INVERSE);
        double[] acov = new double[n];
        for (int t = 0; t < n; t++) {
            acov[t] = back[t].getReal() / n;
        }
        return acov;
    }
}
