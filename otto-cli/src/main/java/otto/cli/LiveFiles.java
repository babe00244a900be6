package otto.cli;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import otto.flow.AtomicFile;
import otto.flow.Draws;
import otto.flow.Flow;
import otto.flow.RunFailedException;
import otto.flow.RunListener;
import otto.flow.Trace;
import otto.model.Model;

/**
 * The files of a run while it runs, so that a run that dies (Ctrl-C, a killed job, a machine that
 * sleeps) leaves what it did readable:
 *
 * <ul>
 *   <li>{@code run.json} when the run starts (stop reason {@code running}, the settings, the
 *       arguments that rerun it) and again after each checkpoint (its iteration);</li>
 *   <li>{@code trace.csv}, a row as each is recorded;</li>
 *   <li>for the chain methods, whose draws come one per iteration after warm-up,
 *       {@code partial/draws-1.csv … draws-C.csv}: one file per chain in CmdStan's layout (Stan's own
 *       one-file-per-chain form, readable by {@code otto summary partial/draws-*.csv} and by CmdStan's
 *       readers), a row per draw. At the end the chains are gathered into {@code draws.csv}, one after
 *       another as before, and the folder is removed. (draws.csv cannot itself grow during the run:
 *       its chains follow one another, and all chains advance together.)</li>
 * </ul>
 *
 * <p>Rows are appended only whole: each file's new rows are held in memory and written with one
 * call when the {@link otto.flow.Run} flushes (at most about a second after they come, before
 * each checkpoint and at the end), so a file always ends with a complete line. A file rewritten
 * whole (at the start, after a resume, when the trace gains a column) is written atomically. On
 * resume the files are written again from the checkpoint, which is the authority: rows written
 * after it are dropped and made again.
 */
final class LiveFiles implements RunListener, AutoCloseable {
    /** The folder of the chains' draws during a run. */
    static final String PARTIAL = "partial";

    private final Path dir;
    private final Model model;
    private final Path dataFile;
    private final Flow flow;
    private final long seed;
    private final IntFunction<Map<String, Object>> runJson;
    private Appender trace;
    private String traceHeader;
    private Appender[] chains;
    private boolean started;

    /**
     * @param runJson run.json while the run goes on, given the iteration of the last checkpoint (-1: none yet)
     */
    LiveFiles(Path dir, Model model, Path dataFile, Flow flow, long seed, IntFunction<Map<String, Object>> runJson) {
        this.dir = dir;
        this.model = model;
        this.dataFile = dataFile;
        this.flow = flow;
        this.seed = seed;
        this.runJson = runJson;
        try {
            // the JSON writer loads here, before the run's clock starts, not inside the first callback
            Output.jsonBytes(runJson.apply(-1));
        } catch (IOException e) {
            throw failed(e);
        }
    }

    /** Whether the run got as far as starting (and so wrote files). */
    boolean started() {
        return started;
    }

    @Override
    public void started(int iteration, Trace t, Draws kept) {
        try {
            // results of an earlier attempt (an interrupted run being resumed) are made again at the end
            for (String f : List.of("draws.csv", "summary.csv", "density.csv")) {
                Files.deleteIfExists(dir.resolve(f));
            }
            removeTemporary(dir);
            Output.writeJson(dir.resolve("run.json"), runJson.apply(iteration > 0 ? iteration : -1));
            rewriteTrace(t);
            removePartial();
            if (kept != null) {
                Files.createDirectories(dir.resolve(PARTIAL));
                Draws constrained = kept.constrain(model);
                chains = new Appender[kept.chains()];
                for (int c = 0; c < kept.chains(); c++) {
                    Path file = chainFile(c);
                    StringBuilder sb = new StringBuilder(chainPreamble(constrained, c, kept.chains()));
                    for (int i = 0; i < constrained.draws(); i++) {
                        Output.drawRow(sb, constrained, c, i);
                    }
                    AtomicFile.write(file, sb.toString());
                    chains[c] = new Appender(file);
                }
            }
            started = true;
        } catch (IOException e) {
            throw failed(e);
        }
    }

    private String chainPreamble(Draws constrained, int c, int count) throws IOException {
        StringWriter w = new StringWriter();
        Output.writePreamble(w, model, dataFile, flow.name(), seed, flow.settings());
        w.write("# layout = chain " + (c + 1) + " of " + count + " (column chain__), written as the run goes; at the end the "
                + "chains are gathered into draws.csv\n");
        w.write(Output.drawsHeader(constrained));
        return w.toString();
    }

    private Path chainFile(int c) {
        return dir.resolve(PARTIAL).resolve("draws-" + (c + 1) + ".csv");
    }

    private void rewriteTrace(Trace t) throws IOException {
        if (trace != null) {
            trace.close();
        }
        Path file = dir.resolve("trace.csv");
        Output.writeTrace(file, t);
        traceHeader = Output.traceHeader(t);
        trace = new Appender(file);
    }

    @Override
    public void traced(Trace t, int from) {
        try {
            if (!Output.traceHeader(t).equals(traceHeader)) {
                // a monitor appeared that earlier rows lack: the file is written again with the new header
                rewriteTrace(t);
                return;
            }
            for (int r = from; r < t.size(); r++) {
                Output.traceRow(trace.rows, t.row(r));
            }
        } catch (IOException e) {
            throw failed(e);
        }
    }

    @Override
    public void drew(Draws draws) {
        Draws constrained = draws.constrain(model);
        for (int c = 0; c < constrained.chains(); c++) {
            for (int i = 0; i < constrained.draws(); i++) {
                Output.drawRow(chains[c].rows, constrained, c, i);
            }
        }
    }

    @Override
    public void flush() {
        try {
            if (trace != null) {
                trace.flush();
            }
            if (chains != null) {
                for (Appender a : chains) {
                    a.flush();
                }
            }
        } catch (IOException e) {
            throw failed(e);
        }
    }

    @Override
    public void checkpointed(int iteration, Path file) {
        try {
            Output.writeJson(dir.resolve("run.json"), runJson.apply(iteration));
        } catch (IOException e) {
            throw failed(e);
        }
    }

    @Override
    public void close() {
        try {
            flush();
        } catch (RunFailedException e) {
            // closing after a failure: what could be written was
        }
        if (trace != null) {
            trace.close();
        }
        if (chains != null) {
            for (Appender a : chains) {
                a.close();
            }
        }
    }

    /** Removes the chains' files (once draws.csv holds them). */
    void removePartial() throws IOException {
        removePartial(dir);
    }

    /** Removes the chains' files of the run folder {@code dir}. */
    static void removePartial(Path dir) throws IOException {
        Path p = dir.resolve(PARTIAL);
        if (!Files.isDirectory(p)) {
            return;
        }
        try (var files = Files.walk(p)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }

    /** Removes what a killed atomic write left: {@code *.tmp} files, never read. */
    static void removeTemporary(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }

    private RunFailedException failed(IOException e) {
        return new RunFailedException("cannot write the results to " + dir + ": " + RunCommand.describe(e), e);
    }

    /** A file that grows by whole rows: rows are gathered, then appended in one write. */
    private static final class Appender {
        final StringBuilder rows = new StringBuilder();
        private final FileChannel channel;

        Appender(Path file) throws IOException {
            channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        }

        void flush() throws IOException {
            if (rows.length() == 0) {
                return;
            }
            ByteBuffer b = ByteBuffer.wrap(rows.toString().getBytes(StandardCharsets.UTF_8));
            while (b.hasRemaining()) {
                channel.write(b);
            }
            rows.setLength(0);
        }

        void close() {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing left to write
            }
        }
    }
}
