package otto.cli;

import java.io.Console;
import java.io.PrintWriter;
import java.util.Locale;
import otto.flow.Monitors;
import otto.flow.ProgressListener;

/**
 * A one-line progress display on an interactive terminal: iteration, rate, time left, free
 * energy. Redrawn at most ten times a second.
 */
final class Progress implements ProgressListener {
    private static final long INTERVAL_NANOS = 100_000_000L;
    private final PrintWriter err;
    private final long start = System.nanoTime();
    private long last;
    private int width;
    private int first;

    private Progress(PrintWriter err) {
        this.err = err;
    }

    /** A progress display when the output is an interactive terminal, otherwise null (quiet in pipes and CI). */
    static Progress forConsole(PrintWriter err) {
        return interactive() ? new Progress(err) : null;
    }

    /**
     * Whether a terminal is attached. From JDK 22 {@link System#console()} is not null even when
     * redirected; {@code Console.isTerminal()} (looked up reflectively, as the baseline is 17) then tells.
     */
    static boolean interactive() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    /** A resumed run starts at this iteration: the rate counts only the iterations done since. */
    void startingAt(int iteration) {
        first = iteration;
    }

    @Override
    public void progress(int iteration, int total, Monitors monitors) {
        long now = System.nanoTime();
        if (iteration < total && width > 0 && now - last < INTERVAL_NANOS) {
            return;
        }
        last = now;
        double seconds = (now - start) * 1e-9;
        double rate = (iteration - first) / Math.max(seconds, 1e-9);
        double eta = (total - iteration) / Math.max(rate, 1e-9);
        Double f = monitors.values().get(Monitors.FREE_ENERGY);
        String line = String.format(Locale.ROOT, "%6d/%d  %.0f it/s  %.0f s left%s", iteration, total, rate, eta,
                f == null || f.isNaN() ? "" : String.format(Locale.ROOT, "  F %.4g", f));
        err.print("\r" + line + " ".repeat(Math.max(0, width - line.length())));
        err.flush();
        width = Math.max(width, line.length());
    }

    /** Clears the line. */
    void done() {
        if (width > 0) {
            err.print("\r" + " ".repeat(width) + "\r");
            err.flush();
        }
    }
}
