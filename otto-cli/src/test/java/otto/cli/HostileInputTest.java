package otto.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static otto.cli.Otto.otto;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import otto.cli.Otto.Outcome;

/**
 * Hostile inputs through the real command line ({@link Main#execute}): truncated files, wrong
 * types, NaN and infinite literals, deep nesting, enormous numbers, declared sizes that the data do
 * not bear out, binary garbage, empty files, devices, folders where files belong, files too large
 * for memory. Every one is exit status 2 with one line that names the input, and none runs out of
 * memory or hangs (each case is time-boxed). docs/robustness.md lists them.
 */
class HostileInputTest {
    @TempDir
    static Path tmp;

    /** A finished run folder to corrupt, one file at a time. */
    private static Path run;

    /**
     * One hostile input.
     *
     * @param name     what it is
     * @param file     the file name to write it to
     * @param content  its bytes (null: {@code make} makes it)
     * @param command  the command line, with {@code FILE} for the file
     * @param expected a part of the message
     */
    record Case(String name, String file, byte[] content, String command, String expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] repeat(String s, int n) {
        return text(s.repeat(n));
    }

    static byte[] garbage(long seed, int n) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        b[0] = (byte) 0xC3; // a lead byte followed by another lead byte: never UTF-8, whatever the seed
        b[1] = (byte) 0xC3;
        return b;
    }

    static final String EIGHT = "run eight_schools_noncentered --method fbvi --iterations 20 --quiet --out OUT --data FILE";
    static final String LOGISTIC = "run logistic_regression --method fbvi --iterations 20 --quiet --out OUT --data FILE";
    static final String SUMMARY = "summary FILE";
    static final String CONFIG = "run --config FILE --quiet --out OUT";

    static Stream<Case> cases() {
        List<Case> c = new ArrayList<>();
        // Stan JSON data
        c.add(new Case("json: empty file", "data.json", new byte[0], EIGHT, "empty"));
        c.add(new Case("json: blank file", "data.json", text(" \n\t\r\n"), EIGHT, "empty"));
        c.add(new Case("json: truncated", "data.json", text("{\"J\": 8, \"y\": [28, 8, -3"), EIGHT, "malformed JSON"));
        c.add(new Case("json: truncated in a string", "data.json", text("{\"J\": 2, \"y"), EIGHT, "malformed JSON"));
        c.add(new Case("json: wrong type", "data.json", text("{\"J\": \"two\", \"y\": [1, 2], \"sigma\": [1, 1]}"), EIGHT,
                "field 'J' should be an integer, found a string"));
        c.add(new Case("json: boolean for a number", "data.json", text("{\"J\": 2, \"y\": [true, 2], \"sigma\": [1, 1]}"), EIGHT,
                "field 'y[1]' should be a number, found a boolean"));
        c.add(new Case("json: null for a number", "data.json", text("{\"J\": 2, \"y\": [1, 2], \"sigma\": [null, 1]}"), EIGHT,
                "field 'sigma[1]' should be a number, found null"));
        c.add(new Case("json: NaN literal", "data.json", text("{\"J\": 2, \"y\": [NaN, 2], \"sigma\": [1, 1]}"), EIGHT,
                "malformed JSON at line 1"));
        c.add(new Case("json: Infinity literal", "data.json", text("{\"J\": 2, \"y\": [1, -Infinity], \"sigma\": [1, 1]}"), EIGHT,
                "malformed JSON at line 1"));
        c.add(new Case("json: \"NaN\" as text", "data.json", text("{\"J\": 2, \"y\": [\"NaN\", 2], \"sigma\": [1, 1]}"), EIGHT,
                "field 'y[1]' is NaN; a finite number is needed"));
        c.add(new Case("json: \"inf\" as text", "data.json", text("{\"J\": 2, \"y\": [1, 2], \"sigma\": [\"inf\", 1]}"), EIGHT,
                "field 'sigma[1]' is inf; a finite number is needed"));
        c.add(new Case("json: 1e400", "data.json", text("{\"J\": 2, \"y\": [1e400, 2], \"sigma\": [1, 1]}"), EIGHT,
                "field 'y[1]' = Infinity is out of range for a double"));
        c.add(new Case("json: -1e400", "data.json", text("{\"J\": 2, \"y\": [1, 2], \"sigma\": [1, -1e400]}"), EIGHT,
                "out of range for a double"));
        c.add(new Case("json: 30-digit integer", "data.json", text("{\"J\": 123456789012345678901234567890, \"y\": [1], \"sigma\": [1]}"),
                EIGHT, "field 'J' = 12345678901234567890… is too large for an integer"));
        c.add(new Case("json: 100000-digit integer", "data.json", text("{\"J\": " + "9".repeat(100_000) + "}"), EIGHT,
                "malformed JSON: Number value length (100000) exceeds the maximum"));
        c.add(new Case("json: 2e9 declared, 2 given", "data.json", text("{\"J\": 2000000000, \"y\": [1, 2], \"sigma\": [1, 1]}"),
                EIGHT, "field 'y' has 2 elements, expected J = 2000000000"));
        c.add(new Case("json: deep nesting", "data.json", repeat("[", 100_000), EIGHT, "malformed JSON: Document nesting depth (65) exceeds"));
        c.add(new Case("json: deep nesting in a field", "data.json", text("{\"J\": " + "[".repeat(50_000) + "1" + "]".repeat(50_000) + "}"),
                EIGHT, "malformed JSON: Document nesting depth (65) exceeds"));
        c.add(new Case("json: not an object", "data.json", text("[1, 2, 3]"), EIGHT, "expected a JSON object of data fields"));
        c.add(new Case("json: a field twice", "data.json", text("{\"J\": 2, \"J\": 3}"), EIGHT, "Duplicate Object property \"J\""));
        c.add(new Case("json: binary garbage", "data.json", garbage(1, 4096), EIGHT, "not UTF-8 text"));
        c.add(new Case("json: UTF-16", "data.json", "{\"J\": 1}".getBytes(StandardCharsets.UTF_16), EIGHT, "not UTF-8 text"));
        c.add(new Case("json: NUL bytes", "data.json", new byte[1000], EIGHT, "malformed JSON at line 1"));
        c.add(new Case("json: control character in a field name", "data.json", text("{\"J\": 2, \"y\u0007\r\": [1, 2], \"sigma\": [1, 1]}"),
                EIGHT, "malformed JSON at line 1, column 12: Illegal unquoted character"));
        // regressions read N and K from the file: the declared sizes are checked against the arrays first
        c.add(new Case("json: K = 2e9 over 1-column rows", "data.json",
                text("{\"N\": 2, \"K\": 2000000000, \"X\": [[1], [2]], \"y\": [0, 1]}"), LOGISTIC,
                "field 'K' = 2000000000 is too large: a model here has at most 1000000 parameters"));
        c.add(new Case("json: K = 2e9 with no rows", "data.json", text("{\"N\": 0, \"K\": 2000000000, \"X\": [], \"y\": []}"),
                LOGISTIC, "field 'K' = 2000000000 is too large"));
        c.add(new Case("json: N × K past an array", "data.json",
                text("{\"N\": 3, \"K\": 1000000000, \"X\": [[1], [2], [3]], \"y\": [0, 1, 1]}"), LOGISTIC,
                "field 'K' = 1000000000 is too large"));
        c.add(new Case("json: a row short of K", "data.json",
                text("{\"N\": 2, \"K\": 3, \"X\": [[1, 2, 3], [2]], \"y\": [0, 1]}"), LOGISTIC, "field 'X' row 2 has 1 columns, expected K = 3"));
        c.add(new Case("json: D = 2e9", "data.json", text("{\"D\": 2000000000}"), EIGHT.replace("eight_schools_noncentered", "funnel"),
                "field 'D' = 2000000000 is too large"));
        c.add(new Case("json: correlated_normal D = 2e9", "data.json", text("{\"D\": 2000000000}"),
                EIGHT.replace("eight_schools_noncentered", "correlated_normal"), "field 'D' = 2000000000 is too large"));

        // regression CSV
        c.add(new Case("csv: empty file", "data.csv", new byte[0], LOGISTIC, "empty CSV file"));
        c.add(new Case("csv: truncated row", "data.csv", text("y,x1,x2\n1,0.5,2\n0,1"), LOGISTIC, ":3: 2 cells, expected 3"));
        c.add(new Case("csv: wrong type", "data.csv", text("y,x1\n1,abc\n"), LOGISTIC, ":2: column 'x1' is not a number: 'abc'"));
        c.add(new Case("csv: NaN cell", "data.csv", text("y,x1\n1,NaN\n"), LOGISTIC, "column 'x1' is not a number: 'NaN'"));
        c.add(new Case("csv: Infinity cell", "data.csv", text("y,x1\n1,-Infinity\n"), LOGISTIC, "is not a number: '-Infinity'"));
        c.add(new Case("csv: NA cell", "data.csv", text("y,x1\n1,NA\n"), LOGISTIC, "is not a number: 'NA'"));
        c.add(new Case("csv: 1e400", "data.csv", text("y,x1\n1,1e400\n"), LOGISTIC, "column 'x1' is out of range: '1e400'"));
        c.add(new Case("csv: 400-digit number", "data.csv", text("y,x1\n1," + "9".repeat(400) + "\n"), LOGISTIC, "is out of range"));
        c.add(new Case("csv: hexadecimal", "data.csv", text("y,x1\n1,0x1p3\n"), LOGISTIC, "is not a number: '0x1p3'"));
        c.add(new Case("csv: no y", "data.csv", text("x1,x2\n1,2\n"), LOGISTIC, "no column named 'y'"));
        c.add(new Case("csv: y not 0 or 1", "data.csv", text("y,x1\n2,0.5\n"), LOGISTIC, "must be 0 or 1"));
        c.add(new Case("csv: binary garbage", "data.csv", garbage(2, 4096), LOGISTIC, "not UTF-8 text"));
        c.add(new Case("csv: CR inside a cell", "data.csv", text("y,x1\n1,2\r3\n"), LOGISTIC, "is not a number: '2\\r3'"));
        c.add(new Case("csv: unterminated quote", "data.csv", text("\"y,x1\n1,2\n"), LOGISTIC, "unterminated quote"));

        // CmdStan CSV
        c.add(new Case("cmdstan: empty file", "output.csv", new byte[0], SUMMARY, "no header line"));
        c.add(new Case("cmdstan: header only", "output.csv", text("lp__,theta\n"), SUMMARY, ":1: no draws after the header"));
        c.add(new Case("cmdstan: truncated mid-row", "output.csv", text("lp__,theta,mu\n-1,0.5,1\n-2,0.3"), SUMMARY,
                ":3: 2 values, the header (line 1) has 3"));
        c.add(new Case("cmdstan: wrong type", "output.csv", text("lp__,theta\n-1,true\n"), SUMMARY, "column theta is not a number: 'true'"));
        c.add(new Case("cmdstan: Java suffix", "output.csv", text("lp__,theta\n-1,1f\n"), SUMMARY, "is not a number: '1f'"));
        c.add(new Case("cmdstan: binary garbage", "output.csv", garbage(3, 4096), SUMMARY, "not a text (UTF-8) file"));
        c.add(new Case("cmdstan: NUL bytes", "output.csv", new byte[100_000], SUMMARY, "no header line"));
        c.add(new Case("cmdstan: a million columns, a short row", "output.csv",
                text("lp__," + String.join(",", java.util.Collections.nCopies(1_000_000, "t")).replace("t", "theta") + "\n1,2,3\n"),
                SUMMARY, ":2: 3 values, the header (line 1) has 1000001"));
        c.add(new Case("cmdstan: header in control characters", "output.csv", text("lp__,\u0001\u0002\nx,1\n"), SUMMARY,
                ":1: empty column name in the header"));
        c.add(new Case("cmdstan: control characters in a cell", "output.csv", text("lp__,theta\n1,1\u0000\u001b[2J\n"), SUMMARY,
                "column theta is not a number: '1\\u0000\\u001b[2J'"));

        // --config, YAML and JSON
        c.add(new Case("config: empty", "run.yaml", new byte[0], CONFIG, "empty"));
        c.add(new Case("config: binary garbage", "run.yaml", garbage(4, 2048), CONFIG, "not UTF-8 text"));
        c.add(new Case("config: truncated JSON", "run.json", text("{\"model\": \"funnel\", \"chains\": 4"), CONFIG, "malformed JSON"));
        c.add(new Case("config: NaN literal in JSON", "run.json", text("{\"model\": \"funnel\", \"step\": NaN}"), CONFIG,
                "malformed JSON"));
        c.add(new Case("config: .nan in YAML", "run.yaml", text("model: funnel\nstep: .nan\n"), CONFIG,
                "run.yaml:2: malformed YAML: Malformed numeric value '.nan"));
        c.add(new Case("config: .inf in YAML", "run.yaml", text("model: funnel\nstep: .inf\n"), CONFIG,
                "run.yaml:2: malformed YAML: Malformed numeric value '.inf"));
        c.add(new Case("config: NaN step as text", "run.yaml", text("model: funnel\nstep: NaN\n"), CONFIG, "step: expected a number, got the text 'NaN'"));
        c.add(new Case("config: 1e400 step", "run.yaml", text("model: funnel\nstep: 1e400\n"), CONFIG, "step must be positive, got Infinity"));
        c.add(new Case("config: 1e400 chains", "run.yaml", text("model: funnel\nchains: 1e400\n"), CONFIG, "chains: expected a whole number"));
        c.add(new Case("config: 30-digit chains", "run.yaml", text("model: funnel\nchains: 123456789012345678901234567890\n"), CONFIG,
                "chains: expected a whole number"));
        c.add(new Case("config: wrong type", "run.yaml", text("model: funnel\nchains: [4]\n"), CONFIG, "chains: expected a whole number, got a list"));
        c.add(new Case("config: deep nesting", "run.yaml", text("model: funnel\nbox: " + "[".repeat(100_000) + "\n"), CONFIG, "malformed YAML"));
        c.add(new Case("config: deep nesting in JSON", "run.json", repeat("[", 100_000), CONFIG, "malformed JSON"));
        c.add(new Case("config: a billion laughs", "run.yaml", text(laughs()), CONFIG, "box: expected a list of numbers or intervals, got a list"));
        c.add(new Case("config: a line break in a value", "run.yaml", text("model: \"fun\\nnel\\r\"\n"), CONFIG,
                "unknown model 'fun\\nnel\\r'"));
        c.add(new Case("config: too large", "run.yaml", text("# " + "x".repeat(2 << 20) + "\nmodel: funnel\n"), CONFIG,
                "more than the 1 MiB this reader takes"));
        return c.stream();
    }

    /** YAML's exponential entity expansion: nine levels of ten aliases each. */
    static String laughs() {
        StringBuilder b = new StringBuilder("model: funnel\nbox: [&a0 [lol, lol]");
        for (int i = 1; i < 10; i++) {
            b.append(", &a").append(i).append(" [");
            for (int j = 0; j < 10; j++) {
                b.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
            }
            b.append("]");
        }
        return b.append(", *a9]\n").toString();
    }

    @BeforeAll
    static void aRunToCorrupt() {
        run = tmp.resolve("run");
        Outcome o = otto("run", "std_normal", "--method", "fbvi", "--iterations", "20", "--quiet", "--out", run.toString());
        assertThat(o.status()).as(o.err()).isZero();
    }

    /** The checks every hostile input must pass: exit 2, nothing on stdout, one line naming the input. */
    static void refusedNaming(Outcome o, String input, String expected) {
        assertThat(o.status()).as(o.err()).isEqualTo(2);
        assertThat(o.out()).isEmpty();
        String err = o.err().strip();
        assertThat(err).startsWith("error: ").contains(input).contains(expected).doesNotContain("\n").doesNotContain("\r")
                .doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(Hostile.oneLine(err)).as(err).isTrue();
    }

    static String[] args(String command, Path file, Path out) {
        return command.replace("FILE", file.toString()).replace("OUT", out.toString()).replace("RUN", run.toString()).split(" ");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void hostileFileIsExitTwoNamingIt(Case c) throws IOException {
        Path dir = Files.createTempDirectory(tmp, "case");
        Path file = Files.write(dir.resolve(c.file()), c.content());
        Outcome o = otto(args(c.command(), file, dir.resolve("out")));
        refusedNaming(o, file.toString(), c.expected());
        assertThat(dir.resolve("out")).doesNotExist();
    }

    /** The inputs that are not a file's content: a folder, a device, a pipe, a missing or unreadable file, a file too large. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void notAFileIsExitTwoNamingIt(String what, String command, String name) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory(tmp, "case");
        Path out = dir.resolve("out");
        // a folder where a file belongs
        Path folder = Files.createDirectory(dir.resolve(name));
        refusedNaming(otto(args(command, folder, out)), folder.toString(), "is a folder");
        // a missing file, and a path through a file
        Path missing = dir.resolve("missing-" + name);
        refusedNaming(otto(args(command, missing, out)), missing.toString(), "no such file");
        Path plain = Files.writeString(dir.resolve("plain.txt"), "x");
        Path through = plain.resolve(name);
        refusedNaming(otto(args(command, through, out)), through.toString(), "no such file");
        // a device that never ends, and a pipe nobody writes to: neither is read at all
        Path zero = Files.createSymbolicLink(dir.resolve("zero-" + name), Path.of("/dev/zero"));
        refusedNaming(otto(args(command, zero, out)), zero.toString(), "not a regular file");
        Path fifo = dir.resolve("fifo-" + name);
        assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "mkfifo");
        refusedNaming(otto(args(command, fifo, out)), fifo.toString(), "not a regular file");
        // a file larger than the memory it would need (sparse: it takes no disk)
        Path huge = dir.resolve("huge-" + name);
        try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength(Math.max(3L << 30, Runtime.getRuntime().maxMemory() + (1L << 30)));
        }
        Outcome o = otto(args(command, huge, out));
        assertThat(o.status()).as(o.err()).isEqualTo(2);
        assertThat(o.err().strip()).startsWith("error: ").contains(huge.toString()).doesNotContain("\n");
        assertThat(out).doesNotExist();
    }

    static Stream<Arguments> commands() {
        return Stream.of(
                Arguments.of("--data (JSON)", EIGHT, "data.json"),
                Arguments.of("--data (CSV)", LOGISTIC, "data.csv"),
                Arguments.of("summary", SUMMARY, "output.csv"),
                Arguments.of("--config", CONFIG, "run.yaml"),
                Arguments.of("report --reference", "report RUN --reference FILE", "reference.csv"));
    }

    /** A run folder with one file corrupted: {@code otto report} names that file. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("corruptRuns")
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void corruptRunFolderIsExitTwoNamingTheFile(String what, String file, byte[] content, String expected) throws IOException {
        Path copy = Files.createTempDirectory(tmp, "corrupt");
        try (var files = Files.list(run)) {
            for (Path f : files.toList()) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        Path bad = copy.resolve(file);
        Files.deleteIfExists(bad);
        if (content == null) {
            Files.createDirectory(bad);
        } else {
            Files.write(bad, content);
        }
        Outcome o = otto("report", copy.toString());
        refusedNaming(o, bad.toString(), expected);
        assertThat(copy.resolve("report.html")).doesNotExist();
    }

    static Stream<Arguments> corruptRuns() {
        return Stream.of(
                Arguments.of("run.json empty", "run.json", new byte[0], "expected a JSON object"),
                Arguments.of("run.json truncated", "run.json", text("{\"method\": \"fbvi\", \"model\": "), "malformed JSON"),
                Arguments.of("run.json deep nesting", "run.json", repeat("[", 100_000), "malformed JSON"),
                Arguments.of("run.json binary", "run.json", garbage(5, 1000), "not UTF-8 text"),
                Arguments.of("run.json a folder", "run.json", null, "is a folder"),
                Arguments.of("draws.csv binary", "draws.csv", garbage(6, 1000), "not a text (UTF-8) file"),
                Arguments.of("draws.csv header only", "draws.csv", text("lp__,x.1,x.2\n"), "no draws after the header"),
                Arguments.of("draws.csv truncated", "draws.csv", text("lp__,x.1,x.2\n-1,0.5,0.1\n-2,0.3"), ":3: 2 values, the header"),
                Arguments.of("draws.csv NaN text", "draws.csv", text("lp__,x.1,x.2\n-1,0.5,zero\n"), "column x.2 is not a number: 'zero'"),
                Arguments.of("draws.csv empty", "draws.csv", new byte[0], "no header line"),
                Arguments.of("summary.csv wrong header", "summary.csv", text("a,b\n1,2\n"), "no column name in the header"),
                Arguments.of("summary.csv wrong type", "summary.csv", text("name,mean\nx.1,one\n"), "column mean is not a number: 'one'"),
                Arguments.of("trace.csv NUL bytes", "trace.csv", new byte[10_000], "no header line"),
                Arguments.of("trace.csv a folder", "trace.csv", null, "is a folder"));
    }

    @Test
    void anUnreadableFileIsExitTwo() throws IOException {
        Path f = Files.writeString(tmp.resolve("secret.json"), "{\"J\": 1, \"y\": [1], \"sigma\": [1]}");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("---------"));
        assumeTrue(!Files.isReadable(f), "running as root: every file is readable");
        refusedNaming(otto(args(EIGHT, f, tmp.resolve("never"))), f.toString(), "permission denied");
    }
}
