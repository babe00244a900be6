package otto.cli;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/**
 * Fuzzes the {@code --config} reader, YAML and JSON, up to the method it configures: any bytes
 * either give the settings of a run or fail with a {@link UsageException} naming the file (the
 * settings a method refuses are an {@link IllegalArgumentException}, which {@code otto run} turns
 * into a usage error before anything runs). The first byte of an input picks YAML or JSON. Seeds and
 * the crashes kept as regression cases are in
 * {@code src/test/resources/otto/cli/ConfigFileFuzzTestInputs/}; see docs/robustness.md.
 */
class ConfigFileFuzzTest {
    private static Path dir;
    private static RunCommand run;
    private static CommandLine commandLine;

    @BeforeAll
    static void setUp() {
        dir = Hostile.folder();
        run = new RunCommand();
        commandLine = new CommandLine(run);
    }

    @AfterAll
    static void clean() {
        Hostile.delete(dir);
    }

    @FuzzTest
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void configFile(FuzzedDataProvider input) {
        boolean json = input.consumeBoolean();
        Path file = Hostile.write(dir.resolve(json ? "run.json" : "run.yaml"),
                input.consumeRemainingAsString().getBytes(StandardCharsets.UTF_8));
        var parsed = commandLine.parseArgs(); // back to the defaults: each input starts from a bare 'otto run'
        run.options.origins.clear();
        Hostile.readsOrFailsClearly(file.toString(), () -> {
            ConfigFile.apply(file, commandLine.getCommandSpec(), parsed, run.options.origins);
            try {
                run.options.flow(run.method, 2);
            } catch (IllegalArgumentException e) {
                if (e.getMessage() == null || e.getMessage().contains("\n")) {
                    throw new AssertionError("a setting refused without a one-line message: " + e.getMessage(), e);
                }
            }
        });
    }
}
