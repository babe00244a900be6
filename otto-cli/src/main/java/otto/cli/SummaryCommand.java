package otto.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import otto.diagnostics.Summary;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code otto summary FILE...}: the posterior summary of draws in CmdStan's CSV layout (Stan's own
 * output, one file per chain, or Otto's {@code draws.csv} with all chains and a {@code chain__}
 * column), with the columns of {@code stansummary} and {@code posterior::summarise_draws}.
 */
@Command(name = "summary", mixinStandardHelpOptions = true, versionProvider = Version.class, usageHelpAutoWidth = true,
        description = {"Summarise draws in CmdStan's CSV layout.",
                "Reads Stan's own output (one file per chain) or Otto's draws.csv (all chains, told apart by its "
                        + "chain__ column).",
                "Prints lp__ and every parameter (other __ columns are left out) with the columns of stansummary and "
                        + "posterior::summarise_draws: mean, median, sd, mad, q5, q95, rhat, ess_bulk, ess_tail."},
        footer = {"", "Examples:", "  otto summary runs/eight/draws.csv",
                "  otto summary output_1.csv output_2.csv output_3.csv output_4.csv"})
final class SummaryCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "CSV files, one chain each (or Otto's multi-chain draws.csv)")
    List<Path> files;

    @Override
    public void run() {
        summarise(files, spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    /** Reads the files and prints their summary; a malformed file is a {@link UsageException} naming it. */
    static void summarise(List<Path> files, PrintWriter out, PrintWriter err) {
        CmdStanCsv.Table first = null;
        List<double[][]> chains = new ArrayList<>();
        List<int[]> lines = new ArrayList<>();
        List<Path> origin = new ArrayList<>();
        for (Path f : files) {
            CmdStanCsv.Table t = CmdStanCsv.read(f);
            if (first == null) {
                first = t;
            } else if (!first.header().equals(t.header())) {
                throw new UsageException(f + ":" + t.headerLine() + ": the columns differ from those of " + first.file()
                        + " (" + difference(first.header(), t.header()) + ")");
            }
            chains.addAll(t.chains());
            lines.addAll(t.lines());
            for (int c = 0; c < t.chains().size(); c++) {
                origin.add(f);
            }
        }
        int shortest = chains.stream().mapToInt(c -> c.length).min().orElse(0);
        int longest = chains.stream().mapToInt(c -> c.length).max().orElse(0);
        if (shortest != longest) {
            err.printf(Locale.ROOT, "warning: the chains have %d to %d draws; using the first %d of each%n", shortest, longest,
                    shortest);
        }
        List<String> header = first.header();
        List<Summary> summaries = new ArrayList<>();
        for (int j = 0; j < header.size(); j++) {
            String name = header.get(j);
            if (name.endsWith("__") && !name.equals("lp__")) {
                continue;
            }
            double[][] column = CmdStanCsv.column(chains, j, shortest);
            String bad = firstNonFinite(column, lines, origin);
            if (bad != null) {
                err.println("warning: " + name + " has a draw that is not finite (" + bad + "); its summary is left empty");
                summaries.add(empty(name));
            } else {
                summaries.add(Summary.of(name, column));
            }
        }
        out.printf(Locale.ROOT, "%d chain%s, %d draws each%n%n", chains.size(), chains.size() == 1 ? "" : "s", shortest);
        out.print(table(summaries));
        out.flush();
        err.flush();
    }

    private static String difference(List<String> a, List<String> b) {
        for (int j = 0; j < Math.min(a.size(), b.size()); j++) {
            if (!a.get(j).equals(b.get(j))) {
                return "column " + (j + 1) + " is " + b.get(j) + ", not " + a.get(j);
            }
        }
        return b.size() + " columns, not " + a.size();
    }

    private static String firstNonFinite(double[][] column, List<int[]> lines, List<Path> origin) {
        for (int c = 0; c < column.length; c++) {
            for (int i = 0; i < column[c].length; i++) {
                if (!Double.isFinite(column[c][i])) {
                    return origin.get(c) + ":" + lines.get(c)[i];
                }
            }
        }
        return null;
    }

    private static Summary empty(String name) {
        double n = Double.NaN;
        return new Summary(name, n, n, n, n, n, n, n, n, n, n, n, n);
    }

    /** The summary as stansummary prints it: aligned, 4 significant digits. */
    static String table(List<Summary> summaries) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"", "mean", "median", "sd", "mad", "q5", "q95", "rhat", "ess_bulk", "ess_tail"});
        for (Summary s : summaries) {
            rows.add(new String[] {s.name(), Tables.sig(s.mean()), Tables.sig(s.median()), Tables.sig(s.sd()),
                    Tables.sig(s.mad()), Tables.sig(s.q5()), Tables.sig(s.q95()), Tables.rhat(s.rhat()),
                    Tables.whole(s.essBulk()), Tables.whole(s.essTail())});
        }
        return Tables.format(rows, Tables.numeric(10));
    }
}
