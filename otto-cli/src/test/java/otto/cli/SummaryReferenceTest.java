package otto.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * {@code otto summary} on Stan-layout CSV files prints ArviZ's numbers: the reference chains of
 * {@code shared/reference/chains.csv} (4 × 1000 draws of seven quantities — i.i.d., AR(1) with φ =
 * 0.9 and 0.99, Cauchy, shifted and mis-scaled chains, a skewed one) are rewritten as one CmdStan
 * CSV per chain, summarised by the command, and every printed column compared with
 * {@code diagnostics.json} (ArviZ 0.23.4): moments and quantiles to the printed four significant
 * digits, R-hat and ESS to 1 % (the agreement {@code ArvizReferenceTest} holds the library to).
 */
class SummaryReferenceTest {
    @TempDir
    Path tmp;

    @Test
    void printsArvizNumbersForStanCsvFiles() throws IOException {
        Path shared = Path.of(System.getProperty("otto.shared", "../../shared"));
        List<String> lines = Files.readAllLines(shared.resolve("reference/chains.csv"));
        String[] header = lines.get(0).split(",");
        List<String> names = List.of(header).subList(2, header.length);
        List<String> files = new ArrayList<>();
        for (int chain = 1; chain <= 4; chain++) {
            StringBuilder sb = new StringBuilder("# model = reference\n# chain = " + chain + "\nlp__," + String.join(",", names) + "\n");
            for (String line : lines.subList(1, lines.size())) {
                String[] cells = line.split(",", 3);
                if (Integer.parseInt(cells[0]) == chain) {
                    sb.append("0,").append(cells[2]).append('\n');
                }
            }
            Path file = tmp.resolve("output_" + chain + ".csv");
            Files.writeString(file, sb.toString());
            files.add(file.toString());
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> args = new ArrayList<>(List.of("summary"));
        args.addAll(files);
        int status = Main.execute(args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(status).as(err.toString()).isZero();
        Map<String, String[]> printed = new HashMap<>();
        List<String> columns = null;
        for (String line : out.toString().lines().toList()) {
            String[] cells = line.trim().split("\\s+");
            if (cells.length > 0 && cells[0].equals("mean")) {
                columns = List.of(cells);
            } else if (columns != null && cells.length == columns.size() + 1) {
                printed.put(cells[0], cells);
            }
        }
        assertThat(columns).containsExactly("mean", "median", "sd", "mad", "q5", "q95", "rhat", "ess_bulk", "ess_tail");
        JsonNode values = new ObjectMapper().readTree(shared.resolve("reference/diagnostics.json").toFile()).get("values");
        for (String name : names) {
            String[] row = printed.get(name);
            assertThat(row).as("a row for %s", name).isNotNull();
            JsonNode ref = values.get(name);
            printedAs(name, "mean", row[1], ref.get("mean").asDouble());
            printedAs(name, "median", row[2], ref.get("q50").asDouble());
            printedAs(name, "sd", row[3], ref.get("sd").asDouble());
            printedAs(name, "q5", row[5], ref.get("q05").asDouble());
            printedAs(name, "q95", row[6], ref.get("q95").asDouble());
            within(name, "rhat", row[7], ref.get("rhat").asDouble(), 0.01);
            within(name, "ess_bulk", row[8], ref.get("ess_bulk").asDouble(), 0.01);
            within(name, "ess_tail", row[9], ref.get("ess_tail").asDouble(), 0.01);
        }
    }

    /** The printed value is the reference rounded to four significant digits (half a unit of the last one). */
    private static void printedAs(String name, String what, String text, double expected) {
        double v = Double.parseDouble(text);
        double unit = Math.pow(10, Math.floor(Math.log10(Math.abs(expected))) - 3);
        assertThat(Math.abs(v - expected)).as("%s %s: printed %s, ArviZ %s", name, what, text, expected).isLessThanOrEqualTo(0.5 * unit * 1.0001);
    }

    /** Within {@code relative} of the reference, plus the printed rounding (whole numbers, or three decimals for R-hat). */
    private static void within(String name, String what, String text, double expected, double relative) {
        double v = Double.parseDouble(text);
        double rounding = what.equals("rhat") ? 0.0005 : 0.5;
        assertThat(Math.abs(v - expected)).as("%s %s: printed %s, ArviZ %s", name, what, text, expected)
                .isLessThanOrEqualTo(relative * Math.abs(expected) + rounding);
    }
}
