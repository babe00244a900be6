package otto.bench;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import otto.model.Model;
import otto.models.ModelZoo;
import otto.models.StanData;

/**
 * The benchmark posterior the peer figures were measured on: a logistic regression with
 * {@code N × K} predictors uniform in (-1, 1) and fair-coin outcomes, seed 1.
 */
final class LogisticRegressionData {
    final int n;
    final int k;
    final double[] x;
    final double[] y;

    LogisticRegressionData(int n, int k) {
        this.n = n;
        this.k = k;
        UniformRandomProvider rng = RandomSource.L64_X256_MIX.create(1);
        x = new double[n * k];
        y = new double[n];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextDouble() * 2 - 1;
        }
        for (int i = 0; i < n; i++) {
            y[i] = rng.nextBoolean() ? 1 : 0;
        }
    }

    /** The zoo's {@code logistic_regression} model on these data. */
    Model model() {
        return ModelZoo.get("logistic_regression").create(StanData.parse(json(), "benchmark"));
    }

    /** These data as Stan JSON ({@code N, K, X, y}); each double written so it parses back exactly. */
    String json() {
        StringBuilder json = new StringBuilder("{\"N\":" + n + ",\"K\":" + k + ",\"X\":[");
        for (int i = 0; i < n; i++) {
            json.append(i == 0 ? "[" : ",[");
            for (int j = 0; j < k; j++) {
                json.append(j == 0 ? "" : ",").append(x[i * k + j]);
            }
            json.append(']');
        }
        json.append("],\"y\":[");
        for (int i = 0; i < n; i++) {
            json.append(i == 0 ? "" : ",").append((int) y[i]);
        }
        return json.append("]}").toString();
    }
}
