package otto.models;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the regression-CSV reader ({@link StanData#fromCsv}) and the regression models on what it
 * reads: any bytes either make the models or fail with a {@link DataException} naming the file.
 * Seeds and the crashes kept as regression cases are in
 * {@code src/test/resources/otto/models/RegressionCsvFuzzTestInputs/}; see docs/robustness.md.
 */
class RegressionCsvFuzzTest {
    private static Path dir;
    private static Path file;

    @BeforeAll
    static void folder() throws IOException {
        dir = Files.createTempDirectory("otto-fuzz");
        file = dir.resolve("data.csv");
    }

    @AfterAll
    static void clean() throws IOException {
        Files.deleteIfExists(file);
        Files.deleteIfExists(dir);
    }

    @FuzzTest
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void regressionCsv(byte[] input) {
        Hostile.write(file, input);
        Hostile.readsOrFailsClearly(file.toString(), () -> {
            StanData data = StanData.fromCsv(file);
            for (String model : new String[] {"logistic_regression", "linear_regression", "poisson_regression"}) {
                Hostile.readsOrFailsClearly(file.toString(), () -> ModelZoo.create(model, data));
            }
        });
    }
}
