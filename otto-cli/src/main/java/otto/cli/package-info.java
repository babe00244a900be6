/**
 * The {@code otto} command line (picocli): {@link otto.cli.Main} with the commands {@code models}
 * (the table of built-in models), {@code run} (a method on a model, writing {@code draws.csv} in
 * CmdStan's layout, {@code summary.csv}, {@code trace.csv} and {@code run.json}) and
 * {@code summary} (reads CmdStan CSV files, Stan's own or Otto's) and {@code report} (an HTML page
 * of a finished run, in {@code otto.cli.report}). Exit status 0 on success, 1
 * when a run failed, 2 for bad usage or bad input, with one line naming the input.
 */
package otto.cli;
