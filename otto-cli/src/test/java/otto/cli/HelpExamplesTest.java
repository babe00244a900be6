package otto.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The examples every command's {@code --help} shows, run as written, in order, each in a fresh
 * JVM, in a scratch folder holding a copy of {@code examples/} (and {@code ../shared} beside it,
 * as beside the repository): every one exits 0 with no error, except those that cannot run
 * as written here, each for the reason given (the shell's part of the completion examples is
 * replaced by a check of the script).
 */
class HelpExamplesTest {
    @TempDir
    Path tmp;

    // in an order where each example finds the run folders the ones before it made (summary reads report's runs/eight)
    static final List<String> COMMANDS = List.of("", "run", "report", "summary", "models", "completion", "help");

    /** The lines under "Examples:" of a command's help, continuations joined and comments dropped. */
    static List<String> examples(String command) {
        StringWriter out = new StringWriter();
        List<String> args = new ArrayList<>();
        if (!command.isEmpty()) {
            args.add(command);
        }
        args.add("--help");
        assertThat(Main.execute(args.toArray(new String[0]), new PrintWriter(out, true), new PrintWriter(new StringWriter(), true)))
                .isZero();
        List<String> lines = new ArrayList<>();
        boolean in = false;
        for (String line : out.toString().lines().toList()) {
            if (in && line.isBlank()) {
                break;
            }
            if (in) {
                lines.add(line);
            }
            in |= line.equals("Examples:");
        }
        return ExamplesTest.commands(lines);
    }

    @Test
    void everyCommandsHelpExamplesRunAsWritten() throws Exception {
        Path work = ExamplesTest.workspace(tmp);
        Path shared = Path.of("../../shared").toAbsolutePath().normalize();
        if (Files.isDirectory(shared)) {
            Files.createSymbolicLink(tmp.resolve("shared"), shared);
        }
        int ran = 0;
        for (String command : COMMANDS) {
            List<String> examples = examples(command);
            assertThat(examples).as("the examples of otto " + command + " --help").isNotEmpty()
                    .allMatch(e -> e.startsWith("otto ") || e.equals("source <(otto completion)"));
            for (String example : examples) {
                if (example.contains("output_1.csv")) {
                    continue;   // Stan's own output files, which are not here (SummaryReferenceTest reads such files)
                }
                if (example.contains(">") || example.contains("<(")) {
                    // a shell redirection or process substitution of 'otto completion': its script is checked here
                    Otto.Outcome o = ExamplesTest.java(work, List.of(Main.class.getName(), "completion"));
                    assertThat(o.status()).isZero();
                    assertThat(o.out()).contains("complete -F");
                    continue;
                }
                if (example.contains("../shared/") && !Files.isDirectory(shared)) {
                    continue;
                }
                List<String> words = new ArrayList<>(Arrays.asList(example.split("\\s+")));
                words.set(0, Main.class.getName());
                Otto.Outcome o = ExamplesTest.java(work, words);
                ran++;
                if (example.startsWith("otto run --resume")) {
                    // shown for a run that was stopped; the one before it here ran to the end, which it says
                    assertThat(o.status()).as(example + "\n" + o.err()).isEqualTo(2);
                    assertThat(o.err().strip()).as(example).endsWith("its run is complete (stop_reason: completed); nothing to resume");
                    continue;
                }
                assertThat(o.status()).as(example + "\n" + o.err()).isZero();
                assertThat(o.err()).as(example).doesNotContain("Exception", "error:", "WARN");
                assertThat(o.out()).as(example).isNotBlank();
            }
        }
        assertThat(ran).isGreaterThanOrEqualTo(20);
    }
}
