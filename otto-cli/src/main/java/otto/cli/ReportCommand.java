package otto.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import otto.cli.report.Reference;
import otto.cli.report.ReportInputException;
import otto.cli.report.ReportPage;
import otto.cli.report.RunFolder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code otto report DIR}: a self-contained HTML page with the plots and diagnostics of a finished run. */
@Command(name = "report", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Write an HTML report of a finished run.",
                "Reads the folder otto run wrote (draws.csv, summary.csv, trace.csv, run.json and, for the grid methods, "
                        + "density.csv) and writes one self-contained page (no network needed to view it) with: the free "
                        + "energy along the run and the method's monitors; the summary table with problems flagged (R-hat > 1.01, "
                        + "bulk or tail ESS < 100, Pareto k-hat > 0.7, numerical faults, divergent or rejected moves); marginal "
                        + "densities, with reference draws overlaid when given; a pair plot; trace and rank plots of samplers; "
                        + "the grid density; and the run's settings and timing."},
        footer = {"",
                "Reference draws: a CmdStan CSV file (Stan's own output or Otto's draws.csv) or posteriordb's draws.csv "
                        + "layout (columns chain,draw,theta[1],...). Stan-style names match Otto's: theta[1] is theta.1.",
                "",
                "Exit status: 0 success, 2 bad usage or bad input (one line naming it).",
                "", "Examples:",
                "  otto run eight_schools_noncentered --data examples/eight_schools.json \\",
                "      --out runs/eight",
                "  otto report runs/eight",
                "  otto report runs/eight --reference \\",
                "      ../shared/posteriordb/eight_schools-eight_schools_noncentered/draws.csv",
                "  otto report runs/eight --params mu,tau,theta --out eight.html"})
final class ReportCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "a run folder written by otto run")
    Path dir;

    @Option(names = "--reference", paramLabel = "FILE", description = "reference draws to overlay (CmdStan CSV or posteriordb's draws.csv)")
    Path reference;

    @Option(names = "--out", paramLabel = "FILE", description = "the page to write (default: DIR/report.html)")
    Path out;

    @Option(names = "--params", paramLabel = "LIST", split = ",(?![^\\[]*\\])",
            description = "the quantities to plot, by name (theta.1 or theta[1]) or base name (theta: all its elements); "
                    + "default: all, up to " + ReportPage.MAX_MARGINALS + " marginals and " + ReportPage.MAX_CHAIN_PLOTS
                    + " trace and rank plots")
    List<String> params;

    @Option(names = "--quiet", description = "print nothing but errors")
    boolean quiet;

    @Override
    public void run() {
        try {
            write();
        } catch (ReportInputException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private void write() {
        Path page = target();
        RunFolder run = RunFolder.read(dir);
        List<String> chosen = params == null ? null : choose(run.draws().names());
        Reference ref = reference == null ? null : Reference.read(reference, run.draws().names());
        ReportPage report = new ReportPage(run, ref, chosen, Version.OTTO);
        String html = report.render();
        try {
            Files.writeString(page, html, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UsageException("--out " + page + ": cannot write: " + RunCommand.describe(e));
        }
        if (!quiet) {
            PrintWriter stdout = spec.commandLine().getOut();
            if (ref != null) {
                stdout.println("reference: " + ref.draws().names().size() + " of the run's " + run.draws().names().size()
                        + " quantities matched in " + reference
                        + (ref.unmatched().isEmpty() ? "" : "; not in the run: " + String.join(", ", ref.unmatched())));
            }
            for (String note : report.notes()) {
                stdout.println("note: " + note);
            }
            stdout.println("wrote " + page);
            stdout.flush();
        }
    }

    /** The page's path: --out, or report.html in --out when it is a folder, or DIR/report.html. */
    private Path target() {
        if (out == null) {
            return dir.resolve("report.html");
        }
        if (Files.isDirectory(out)) {
            return out.resolve("report.html");
        }
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new UsageException("--out " + out + ": the folder " + parent + " does not exist");
        }
        return out;
    }

    /** The quantities --params names: exact names (Stan-style too), or base names standing for all their elements. */
    private List<String> choose(List<String> names) {
        List<String> chosen = new ArrayList<>();
        for (String p : params) {
            String name = Reference.ottoName(p);
            if (name.isEmpty()) {
                continue;
            }
            List<String> hits = names.contains(name) ? List.of(name)
                    : names.stream().filter(n -> n.startsWith(name + ".")).toList();
            if (hits.isEmpty()) {
                throw new UsageException("--params " + p + ": no quantity of the run is named " + p + " (the run has "
                        + String.join(", ", names.size() > 12 ? names.subList(0, 12) : names) + (names.size() > 12 ? ", …)" : ")"));
            }
            for (String h : hits) {
                if (!chosen.contains(h)) {
                    chosen.add(h);
                }
            }
        }
        if (chosen.isEmpty()) {
            throw new UsageException("--params: no quantity named");
        }
        return chosen;
    }
}
