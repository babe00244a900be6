package otto.cli;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import otto.cli.report.Reference;
import otto.cli.report.RunFolder;

/**
 * Fuzzes the readers of {@code otto report}: a run folder whose {@code run.json},
 * {@code draws.csv}, {@code summary.csv}, {@code trace.csv} and {@code density.csv} come from the
 * input (cut at NUL bytes), and {@code --reference} draws. Any input either reads or fails with a
 * one-line {@code ReportInputException} naming the file; see docs/robustness.md.
 */
class ReportReadersFuzzTest {
    private static final String[] FILES = {"run.json", "draws.csv", "summary.csv", "trace.csv", "density.csv"};
    private static Path dir;

    @BeforeAll
    static void folder() {
        dir = Hostile.folder();
    }

    @AfterAll
    static void clean() {
        Hostile.delete(dir);
    }

    @FuzzTest
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void reportReaders(FuzzedDataProvider input) {
        Path run = dir.resolve("run");
        run.toFile().mkdirs();
        String[] parts = input.consumeRemainingAsString().split("\0", -1);
        for (int i = 0; i < FILES.length; i++) {
            Path f = run.resolve(FILES[i]);
            if (i < parts.length) {
                Hostile.write(f, parts[i].getBytes(StandardCharsets.UTF_8));
            } else {
                f.toFile().delete();
            }
        }
        Hostile.readsOrFailsClearly(run.toString(), () -> RunFolder.read(run));
        Path reference = Hostile.write(dir.resolve("reference.csv"), parts[parts.length > 1 ? 1 : 0].getBytes(StandardCharsets.UTF_8));
        Hostile.readsOrFailsClearly(reference.toString(), () -> Reference.read(reference, List.of("mu", "theta.1", "tau")));
    }
}
