/**
 * {@code otto report}: reads a finished run folder ({@code draws.csv}, {@code summary.csv},
 * {@code trace.csv}, {@code run.json} and, for the grid methods, {@code density.csv}) and optional
 * reference draws, and writes one self-contained HTML page with inline SVG plots: the free-energy
 * trace and the monitors, trace and rank plots, marginal densities with the reference overlaid,
 * pair plots, the grid density, and the summary table with problems flagged.
 *
 * <p>{@link otto.cli.report.RunFolder} and {@link otto.cli.report.Reference} read the inputs;
 * {@link otto.cli.report.Stats} holds the statistics of the plots (ranks, histogram bins, kernel
 * density estimates); {@link otto.cli.report.Flags} decides what is flagged;
 * {@link otto.cli.report.Svg} draws; {@link otto.cli.report.ReportPage} assembles the page.
 */
package otto.cli.report;
