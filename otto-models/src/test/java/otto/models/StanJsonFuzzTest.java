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
 * Fuzzes the Stan-JSON data reader ({@link StanData#read}) and every model of the zoo that reads
 * it: any bytes either make a model or fail with a {@link DataException} naming the file.
 * Seeds and the crashes kept as regression cases are in
 * {@code src/test/resources/otto/models/StanJsonFuzzTestInputs/}; see docs/robustness.md.
 */
class StanJsonFuzzTest {
    private static Path dir;
    private static Path file;

    @BeforeAll
    static void folder() throws IOException {
        dir = Files.createTempDirectory("otto-fuzz");
        file = dir.resolve("data.json");
    }

    @AfterAll
    static void clean() throws IOException {
        Files.deleteIfExists(file);
        Files.deleteIfExists(dir);
    }

    @FuzzTest
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void stanJson(byte[] input) {
        Hostile.write(file, input);
        Hostile.readsOrFailsClearly(file.toString(), () -> {
            StanData data = StanData.read(file);
            for (ModelZoo.Entry entry : ModelZoo.entries()) {
                Hostile.readsOrFailsClearly(file.toString(), () -> entry.create(data));
            }
            for (String name : data.names()) {
                Hostile.readsOrFailsClearly(file.toString(), () -> data.integer(name));
                Hostile.readsOrFailsClearly(file.toString(), () -> data.real(name));
                Hostile.readsOrFailsClearly(file.toString(), () -> data.length(name));
            }
        });
    }
}
