package otto.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import otto.model.Model;

/** Every zoo model: gradients and Hessian-vector products against central finite differences at random points. */
class ZooGradientTest {
    static final Path SHARED = Path.of(System.getProperty("otto.shared", "../../shared"));

    static Stream<String> models() {
        return ModelZoo.names().stream();
    }

    static Model build(String name) {
        ModelZoo.Entry e = ModelZoo.get(name);
        if (!e.needsData()) {
            return e.create(StanData.empty());
        }
        if (name.endsWith("_regression")) {
            return GlmTestData.regression(name);
        }
        Path dir = posteriordbFolder(name);
        assumeTrue(dir != null, "shared posteriordb folder not found");
        return e.create(StanData.read(dir.resolve("data.json")));
    }

    static Path posteriordbFolder(String model) {
        Path root = SHARED.resolve("posteriordb");
        if (!Files.isDirectory(root)) {
            return null;
        }
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(p -> p.getFileName().toString().endsWith("-" + model)).findFirst().orElse(null);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    @ParameterizedTest
    @MethodSource("models")
    void gradientAndHessianVectorProductMatchFiniteDifferences(String name) {
        Model m = build(name);
        int d = m.dimension();
        UniformRandomProvider rng = RandomSource.L64_X256_MIX.create(name.hashCode());
        List<double[]> points = new ArrayList<>();
        double[] g = new double[d];
        while (points.size() < 3) {
            double[] x = new double[d];
            for (int i = 0; i < d; i++) {
                x[i] = rng.nextDouble() * 2 - 1;
            }
            if (Double.isFinite(m.logDensity(x, g))) {
                points.add(x);
            }
        }
        for (double[] x : points) {
            m.logDensity(x, g);
            double[] v = new double[d];
            for (int i = 0; i < d; i++) {
                v[i] = rng.nextDouble() - 0.5;
            }
            double h = 1e-5;
            // directional derivative: central difference, error O(h² f''') + O(ε f / h)
            double[] xp = x.clone();
            double[] xm = x.clone();
            for (int i = 0; i < d; i++) {
                xp[i] += h * v[i];
                xm[i] -= h * v[i];
            }
            double[] gp = new double[d];
            double[] gm = new double[d];
            double fp = m.logDensity(xp, gp);
            double fm = m.logDensity(xm, gm);
            double fd = (fp - fm) / (2 * h);
            double exact = 0;
            for (int i = 0; i < d; i++) {
                exact += g[i] * v[i];
            }
            double scale = 1 + Math.abs(exact) + 1e-11 * Math.abs(fp) / h;
            assertThat(Math.abs(fd - exact)).as("%s gradient", name).isLessThan(1e-5 * scale);
            double[] hv = new double[d];
            m.hessianVectorProduct(x, v, hv);
            for (int i = 0; i < d; i++) {
                double fdi = (gp[i] - gm[i]) / (2 * h);
                assertThat(Math.abs(fdi - hv[i])).as("%s Hv[%d]", name, i)
                        .isLessThan(1e-5 * (1 + Math.abs(hv[i]) + 1e-11 * Math.abs(gp[i]) / h));
            }
        }
    }
}
