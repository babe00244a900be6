package otto.cli;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the CmdStan-CSV reader and {@code otto summary} on what it reads: any bytes either give a
 * summary or fail with a {@link UsageException} naming the file. Seeds and the crashes kept as
 * regression cases are in {@code src/test/resources/otto/cli/CmdStanCsvFuzzTestInputs/}; see
 * docs/robustness.md.
 */
class CmdStanCsvFuzzTest {
    private static final PrintWriter NOWHERE = new PrintWriter(Writer.nullWriter());
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
    void cmdStanCsv(byte[] input) {
        Path file = Hostile.write(dir.resolve("output.csv"), input);
        Hostile.readsOrFailsClearly(file.toString(), () -> SummaryCommand.summarise(List.of(file), NOWHERE, NOWHERE));
    }
}
