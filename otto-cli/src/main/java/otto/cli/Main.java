package otto.cli;

import java.io.PrintWriter;
import otto.flow.RunFailedException;
import otto.models.DataException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code otto} command: {@code models}, {@code run}, {@code summary}, {@code report},
 * {@code completion} and {@code help}. Exit status 0 on
 * success, 1 when a run failed, 2 for bad usage or bad input (one line naming the input).
 */
@Command(name = "otto", mixinStandardHelpOptions = true, usageHelpAutoWidth = true, versionProvider = Version.class,
        description = "Bayesian inference by Wasserstein gradient flows.",
        subcommands = {ModelsCommand.class, RunCommand.class, SummaryCommand.class, ReportCommand.class, CompletionCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Examples:",
                "  otto models",
                "  otto run eight_schools_noncentered --data examples/eight_schools.json",
                "  otto run funnel --method fbvi --seed 7 --out runs/funnel",
                "  otto run --config examples/eight_schools.yaml",
                "  otto summary runs/funnel/draws.csv",
                "  otto report runs/funnel",
                "  otto help run",
                "  source <(otto completion)",
                "", "Exit status: 0 success, 1 the run failed (it says why), 2 bad usage or bad input (one line naming it)."})
public final class Main implements Runnable {
    /** Exit status of a failed run. */
    public static final int RUN_FAILED = 1;
    /** Exit status of bad usage or bad input. */
    public static final int BAD_INPUT = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** {@code otto} alone: a usage error that lists the commands. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is needed: models, run, summary, report, completion or help");
    }

    /** The entry point of {@code java -jar otto.jar}: runs the command line and exits with its status. */
    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given streams; returns the exit status. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = commandLine();
        cl.setOut(out);
        cl.setErr(err);
        try {
            return cl.execute(args);
        } catch (OutOfMemoryError e) {
            // what the estimate before a run did not foresee: the run's folder keeps its last checkpoint
            err.println("error: out of memory (the Java heap holds " + otto.flow.MemoryEstimate.size(Runtime.getRuntime().maxMemory())
                    + "): run with more heap (OTTO_JAVA_OPTS=-Xmx…); a run stopped by it continues with otto run --resume DIR");
            err.flush();
            return RUN_FAILED;
        }
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        // picocli's own help command, given a version and examples as every other command has
        CommandLine help = cl.getSubcommands().get("help");
        help.getCommandSpec().versionProvider(new Version());
        help.getCommandSpec().usageMessage().footer("", "Examples:", "  otto help", "  otto help run", "  otto help report");
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("error: " + ex.getMessage() + " (see '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
            return BAD_INPUT;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            if (ex instanceof RunFailedException) {
                err.println("error: the run failed: " + ex.getMessage());
                return RUN_FAILED;
            }
            if (ex instanceof UsageException || ex instanceof DataException) {
                err.println("error: " + DataException.printable(String.valueOf(ex.getMessage())));
                return BAD_INPUT;
            }
            err.println("error: unexpected failure (a bug in otto; please report it with the trace below): " + ex);
            ex.printStackTrace(err);
            return RUN_FAILED;
        });
        return cl;
    }
}
