package otto.cli.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reference draws to overlay on a run: a CmdStan CSV file (Stan's own or Otto's
 * {@code draws.csv}) or posteriordb's {@code draws.csv} layout (columns {@code chain,draw,theta[1],…}).
 * Names are matched Stan-style: {@code theta[1]} is Otto's {@code theta.1}, {@code L[2,1]} is
 * {@code L.2.1}.
 *
 * @param file      the file
 * @param draws     the reference draws of the run's quantities that it has, under the run's names
 * @param unmatched the reference's quantities that match none of the run's (by their own names)
 * @param missing   the run's quantities the reference lacks
 */
public record Reference(Path file, Samples draws, List<String> unmatched, List<String> missing) {
    /** Columns that number draws rather than hold them. */
    private static final Set<String> BOOKKEEPING = Set.of("chain", "draw", "iteration", ".chain", ".draw", ".iteration");

    /** Otto's name of a Stan-style name: {@code theta[1]} → {@code theta.1}, {@code L[2, 1]} → {@code L.2.1}. */
    public static String ottoName(String name) {
        String n = name.trim().replace(" ", "");
        int open = n.indexOf('[');
        if (open > 0 && n.endsWith("]")) {
            return n.substring(0, open) + "." + n.substring(open + 1, n.length() - 1).replace(',', '.');
        }
        return n;
    }

    /** Reads reference draws and matches them with the run's quantities {@code runNames}. */
    public static Reference read(Path file, List<String> runNames) {
        if (!Files.exists(file)) {
            throw new ReportInputException("--reference " + file + ": no such file");
        }
        Csv csv;
        try {
            csv = Csv.read(file, "reference draws in CSV (CmdStan or posteriordb layout)");
        } catch (ReportInputException e) {
            throw new ReportInputException("--reference " + e.getMessage());
        }
        if (csv.rows().isEmpty()) {
            throw new ReportInputException("--reference " + file + ":" + csv.headerLine() + ": no draws after the header");
        }
        int chain = csv.column("chain__");
        if (chain < 0) {
            chain = csv.column("chain");
        }
        if (chain < 0) {
            chain = csv.column(".chain");
        }
        List<Integer> keep = new ArrayList<>();
        List<String> runOrder = new ArrayList<>();
        List<String> unmatched = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (String runName : runNames) {
            for (int j = 0; j < csv.header().size(); j++) {
                String h = csv.header().get(j);
                if (ottoName(h).equals(runName) && !runOrder.contains(runName)) {
                    keep.add(j);
                    runOrder.add(runName);
                }
            }
        }
        for (String h : csv.header()) {
            if (h.endsWith("__") || BOOKKEEPING.contains(h.toLowerCase(Locale.ROOT))) {
                continue;
            }
            seen.add(h);
            if (!runNames.contains(ottoName(h))) {
                unmatched.add(h);
            }
        }
        if (keep.isEmpty()) {
            throw new ReportInputException("--reference " + file + ": no column matches a quantity of the run (the reference has "
                    + examples(seen) + "; the run has " + examples(runNames) + ")");
        }
        Samples split;
        try {
            split = Samples.split(csv, chain, keep);
        } catch (ReportInputException e) {
            throw new ReportInputException("--reference " + e.getMessage());
        }
        Samples draws = new Samples(List.copyOf(runOrder), split.values());
        List<String> missing = runNames.stream().filter(n -> !runOrder.contains(n)).toList();
        return new Reference(file, draws, List.copyOf(unmatched), missing);
    }

    /** The first few names and how many more. */
    static String examples(List<String> names) {
        if (names.isEmpty()) {
            return "no quantities";
        }
        int shown = Math.min(4, names.size());
        String s = String.join(", ", names.subList(0, shown));
        return names.size() > shown ? s + " … (" + names.size() + " in all)" : s;
    }
}
