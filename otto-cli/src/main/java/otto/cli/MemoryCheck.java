package otto.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import otto.flow.Flow;
import otto.flow.MemoryEstimate;
import otto.flow.Run;

/**
 * Before a run starts: what it will hold in memory ({@link Run#memory}, the flow's
 * {@link Flow#memory} and the driver's), against the Java heap
 * ({@link Runtime#maxMemory()}). Above a quarter of the heap a one-line note on stderr says what the
 * run needs; above 80 % the run is refused (exit 2) with the settings to lower and the heap to ask
 * for, rather than failing with an out-of-memory error part way through. Nothing is allocated to
 * find out.
 */
final class MemoryCheck {
    /** The share of the heap above which the estimate is stated. */
    static final double NOTE = 0.25;
    /** The share of the heap above which the run is refused. */
    static final double REFUSE = 0.80;

    private MemoryCheck() {
    }

    /**
     * Checks a run of {@code method} against this JVM's heap.
     *
     * @throws UsageException if it cannot fit in the heap
     */
    static void before(Run run, String method, MethodOptions options, PrintWriter err, boolean quiet) {
        check(run.memory(), Runtime.getRuntime().maxMemory(), method, options, err, quiet);
    }

    /**
     * Checks an estimate {@code m} of a run of {@code method} against a heap of {@code heap} bytes:
     * a note on {@code err} above {@link #NOTE} of it (unless {@code quiet}), refused above
     * {@link #REFUSE}.
     *
     * @throws UsageException if it cannot fit
     */
    static void check(MemoryEstimate m, long heap, String method, MethodOptions options, PrintWriter err, boolean quiet) {
        if (m.bytes() <= NOTE * heap) {
            return;
        }
        String needs = method + " needs about " + MemoryEstimate.size(m.bytes())
                + (m.detail().isEmpty() ? "" : " (" + m.detail() + ")");
        String share = String.format(Locale.ROOT, "%.0f %%", 100.0 * m.bytes() / heap);
        String ofHeap = " the " + MemoryEstimate.size(heap) + " Java heap";
        if (m.bytes() > REFUSE * heap) {
            List<String> lower = new ArrayList<>();
            for (String s : m.settings()) {
                for (String o : options(s, method, options)) {
                    if (!lower.contains(options.label(o))) {
                        lower.add(options.label(o));
                    }
                }
            }
            String against = m.bytes() >= 10.0 * heap ? "far more than" + ofHeap
                    : m.bytes() > heap ? "more than" + ofHeap
                    : share + " of" + ofHeap + ", more than the " + Math.round(100 * REFUSE) + " % a run can use";
            // a heap the estimate is 80 % of, in whole GiB
            long gib = Math.max(1, (long) Math.ceil(m.bytes() / REFUSE / (1L << 30)));
            throw new UsageException("not enough memory: " + needs + ", " + against + "; "
                    + (lower.isEmpty() ? "" : "lower " + String.join(" or ", lower) + ", or ")
                    + "run with more heap (OTTO_JAVA_OPTS=-Xmx" + gib + "g)");
        }
        if (!quiet) {
            err.println("note: " + needs + ", " + share + " of" + ofHeap);
            err.flush();
        }
    }

    /**
     * The options of {@code otto run} that set a setting of {@code method} as {@link Flow#settings()}
     * names it: {@code --particles}, {@code --chains}, {@code --draws}, {@code --components},
     * {@code --samples} (ADVI's {@code grad_samples} too), {@code --grid} for {@code cells},
     * {@code --density-times}; the run's {@code iterations} are {@code --iterations}, or for the
     * chain methods {@code --warmup} and {@code --draws}; for the chain methods' {@code chains}, the
     * {@code --particles} the user gave instead of {@code --chains}.
     */
    static List<String> options(String setting, String method, MethodOptions options) {
        return switch (setting) {
            case "cells" -> List.of("--grid");
            case "grad_samples" -> List.of("--samples");
            case "chains" -> List.of(options.chains == null && options.particles != null ? "--particles" : "--chains");
            case "iterations" -> MethodOptions.ACCEPTS.getOrDefault(method, Set.of()).contains("--iterations")
                    ? List.of("--iterations") : List.of("--warmup", "--draws");
            default -> List.of("--" + setting.replace('_', '-'));
        };
    }
}
