/**
 * The {@code otto} command line (picocli): {@code models}, {@code run} and {@code summary}, the
 * files a run writes ({@code draws.csv} in CmdStan's layout, {@code summary.csv},
 * {@code trace.csv}, {@code run.json}) and the reader of CmdStan CSV files.
 */
package otto.cli;
