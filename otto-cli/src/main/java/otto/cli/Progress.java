package otto.cli;

import java.io.PrintWriter;
import java.util.Locale;
import otto.flow.Monitors;
import otto.flow.ProgressListener;

/** A one-line progress display on an interactive terminal: iteration, rate, ETA, free energy. */
final class Progress implements ProgressListener {
    private final PrintWriter err;
    private final long start = System.nanoTime();
    private boolean shown;

    private Progress(PrintWriter err) {
        this.err = err;
    }

    /** A progress display when a console is attached, otherwise null (quiet in pipes and CI). */
    static Progress forConsole(PrintWriter err) {
        return System.console() == null ? null : new Progress(err);
    }

    @Override
    public void progress(int iteration, int total, Monitors monitors) {
        double seconds = (System.nanoTime() - start) * 1e-9;
        double rate = iteration / Math.max(seconds, 1e-9);
        double eta = (total - iteration) / Math.max(rate, 1e-9);
        Double f = monitors.values().get(Monitors.FREE_ENERGY);
        err.printf(Locale.ROOT, "\r%6d/%d  %.0f it/s  ETA %.0f s%s   ", iteration, total, rate, eta,
                f == null || f.isNaN() ? "" : String.format(Locale.ROOT, "  F %.4g", f));
        err.flush();
        shown = true;
    }

    void done() {
        if (shown) {
            err.print("\r" + " ".repeat(70) + "\r");
            err.flush();
        }
    }
}
