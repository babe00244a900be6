package otto.models;

import otto.model.Model;

/** Small synthetic data sets for the regression models. */
final class GlmTestData {
    private GlmTestData() {
    }

    static Model regression(String name) {
        if (!name.equals("linear_regression")) {
            return GlmTest.glm(name, 7, 50, 3);
        }
        StringBuilder x = new StringBuilder("[");
        StringBuilder y = new StringBuilder("[");
        for (int i = 0; i < 30; i++) {
            double a = Math.sin(i);
            double b = Math.cos(3 * i);
            x.append(i == 0 ? "" : ",").append("[1,").append(a).append(',').append(b).append(']');
            y.append(i == 0 ? "" : ",").append(1 + 2 * a - b + 0.3 * Math.sin(7 * i));
        }
        return ModelZoo.get(name).create(StanData.parse("{\"N\":30,\"K\":3,\"X\":" + x + "],\"y\":" + y + "]}", "test"));
    }
}
