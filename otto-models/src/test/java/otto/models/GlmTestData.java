package otto.models;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import otto.model.Model;

/** Small synthetic, seeded data sets for the regression models. */
final class GlmTestData {
    private GlmTestData() {
    }

    /** The regression model {@code name} on {@code n × k} random data with a response of the right kind. */
    static Model glm(String name, long seed, int n, int k) {
        UniformRandomProvider rng = RandomSource.L64_X256_MIX.create(seed);
        StringBuilder x = new StringBuilder("[");
        StringBuilder y = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            x.append(i == 0 ? "" : ",").append('[');
            double eta = 0;
            for (int j = 0; j < k; j++) {
                double v = rng.nextDouble() * 2 - 1;
                eta += v * (j + 1) / k;
                x.append(j == 0 ? "" : ",").append(v);
            }
            x.append(']');
            y.append(i == 0 ? "" : ",");
            switch (name) {
                case "logistic_regression" -> y.append(rng.nextInt(2));
                case "poisson_regression" -> y.append(rng.nextInt(6));
                default -> y.append(eta + 0.5 * (rng.nextDouble() - 0.5));
            }
        }
        String json = "{\"N\":" + n + ",\"K\":" + k + ",\"X\":" + x + "],\"y\":" + y + "],\"prior_scale\":2.5}";
        return ModelZoo.get(name).create(StanData.parse(json, "test"));
    }

    static Model regression(String name) {
        return glm(name, 7, 50, 3);
    }
}
