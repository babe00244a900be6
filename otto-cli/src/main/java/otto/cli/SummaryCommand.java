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

/** {@code otto summary FILE...}: the posterior summary of draws in CmdStan's CSV layout. */
@Command(name = "summary", mixinStandardHelpOptions = true,
        description = "Summarise draws in CmdStan's CSV layout (Stan's own output or Otto's draws.csv), one file per chain.",
        footer = {"", "Columns as stansummary / posterior::summarise_draws: mean, median, sd, mad, q5, q95, rhat, ess_bulk, ess_tail.",
                "", "Examples:", "  otto summary runs/eight/draws.csv", "  otto summary output_1.csv output_2.csv output_3.csv output_4.csv"})
final class SummaryCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "CSV files, one chain each (or Otto's multi-chain draws.csv)")
    List<Path> files;

    @Override
    public void run() {
        List<String> header = null;
        List<double[][]> chains = new ArrayList<>();
        for (Path f : files) {
            CmdStanCsv.Table t = CmdStanCsv.read(f);
            if (header == null) {
                header = t.header();
            } else if (!header.equals(t.header())) {
                throw new UsageException(f + ": its columns differ from " + files.get(0) + "'s");
            }
            chains.addAll(t.chains());
        }
        List<Summary> summaries = new ArrayList<>();
        for (int j = 0; j < header.size(); j++) {
            String name = header.get(j);
            if (name.endsWith("__") && !name.equals("lp__")) {
                continue;
            }
            summaries.add(Summary.of(name, CmdStanCsv.column(chains, j)));
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "%d chain%s, %d draws each%n%n", chains.size(), chains.size() == 1 ? "" : "s",
                chains.stream().mapToInt(c -> c.length).min().orElse(0));
        out.print(table(summaries));
        out.flush();
    }

    static String table(List<Summary> summaries) {
        String[] head = {"", "mean", "median", "sd", "mad", "q5", "q95", "rhat", "ess_bulk", "ess_tail"};
        List<String[]> rows = new ArrayList<>();
        rows.add(head);
        for (Summary s : summaries) {
            rows.add(new String[] {s.name(), Output.sig(s.mean()), Output.sig(s.median()), Output.sig(s.sd()),
                    Output.sig(s.mad()), Output.sig(s.q5()), Output.sig(s.q95()),
                    Double.isNaN(s.rhat()) ? "" : String.format(Locale.ROOT, "%.3f", s.rhat()),
                    Double.isNaN(s.essBulk()) ? "" : String.format(Locale.ROOT, "%.0f", s.essBulk()),
                    Double.isNaN(s.essTail()) ? "" : String.format(Locale.ROOT, "%.0f", s.essTail())});
        }
        int[] w = new int[head.length];
        for (String[] r : rows) {
            for (int j = 0; j < r.length; j++) {
                w[j] = Math.max(w[j], r[j].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            for (int j = 0; j < r.length; j++) {
                sb.append(j == 0 ? String.format("%-" + w[j] + "s", r[j]) : String.format("  %" + w[j] + "s", r[j]));
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
