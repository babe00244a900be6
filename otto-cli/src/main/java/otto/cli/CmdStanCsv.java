package otto.cli;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import otto.models.Inputs;

/**
 * Reads draws in CmdStan's CSV layout: {@code #} comment lines anywhere (settings before the
 * header, adaptation after it, timing at the end), one header line, then one row of numbers per
 * draw. A file is one chain, unless it has Otto's {@code chain__} column, which splits it into
 * chains (a new chain wherever the value changes). Cells may be decimal numbers, {@code nan},
 * {@code inf} or {@code -inf} (any case) or empty (missing, read as NaN).
 */
final class CmdStanCsv {
    /** The column Otto adds to tell chains apart in one file. */
    static final String CHAIN = "chain__";

    /** A decimal number as CmdStan writes it (no Java suffixes such as {@code 1d}, no hexadecimal). */
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    /**
     * One file's contents.
     *
     * @param file       the file
     * @param header     the column names
     * @param headerLine the line number of the header (from 1)
     * @param chains     the draws of each chain, {@code draws × columns}
     * @param lines      the line number of each draw, per chain
     */
    record Table(Path file, List<String> header, int headerLine, List<double[][]> chains, List<int[]> lines) {
    }

    /** The longest line read: a header of a million quantities is some 15 million characters. */
    static final int MAX_LINE = (int) Math.min(64L << 20, Runtime.getRuntime().maxMemory() / 32);

    private CmdStanCsv() {
    }

    /** Reads one file; a malformed file is a {@link UsageException} naming the file and line. */
    static Table read(Path file) {
        List<String> header = null;
        int headerLine = 0;
        List<double[]> rows = new ArrayList<>();
        List<Integer> rowLines = new ArrayList<>();
        if (Files.isDirectory(file)) {
            throw new UsageException(file + ": is a folder, not a CSV file");
        }
        // the draws are kept in memory: refuse, before the heap runs out, a file whose numbers cannot fit
        long maxCells = Runtime.getRuntime().maxMemory() / 2 / Double.BYTES;
        long cellsRead = 0;
        try (Inputs.Lines r = Inputs.Lines.of(checked(file), MAX_LINE)) {
            String line;
            int number = 0;
            while ((line = r.next()) != null) {
                number++;
                String t = line.trim();
                if (t.isEmpty() || t.startsWith("#")) {
                    continue;
                }
                String[] cells = t.split(",", -1);
                if (header == null) {
                    for (int j = 0; j < cells.length; j++) {
                        cells[j] = otto.models.DataException.printable(cells[j].trim());
                        if (cells[j].isEmpty()) {
                            throw new UsageException(file + ":" + number + ": empty column name in the header");
                        }
                    }
                    header = List.of(cells);
                    headerLine = number;
                    continue;
                }
                if (cells.length != header.size()) {
                    throw new UsageException(file + ":" + number + ": " + cells.length + " values, the header (line "
                            + headerLine + ") has " + header.size());
                }
                cellsRead += cells.length;
                if (cellsRead > maxCells) {
                    throw new UsageException(file + ":" + number + ": more draws than fit in memory here ("
                            + Inputs.mib(Runtime.getRuntime().maxMemory()) + " Java heap); give fewer or shorter files");
                }
                double[] row = new double[cells.length];
                for (int j = 0; j < cells.length; j++) {
                    String cell = cells[j].trim();
                    row[j] = parse(cell);
                    if (Double.isNaN(row[j]) && !isNan(cell)) {
                        throw new UsageException(file + ":" + number + ": column " + header.get(j) + " is not a number: '"
                                + truncate(cell) + "'");
                    }
                }
                rows.add(row);
                rowLines.add(number);
            }
        } catch (NoSuchFileException e) {
            throw new UsageException(file + ": no such file");
        } catch (CharacterCodingException e) {
            throw new UsageException(file + ": not a text (UTF-8) file");
        } catch (IOException e) {
            throw new UsageException(file + ": cannot read: " + Inputs.describe(e));
        }
        if (header == null) {
            throw new UsageException(file + ": no header line: not a CmdStan CSV file");
        }
        if (rows.isEmpty()) {
            throw new UsageException(file + ":" + headerLine + ": no draws after the header");
        }
        return split(file, header, headerLine, rows, rowLines);
    }

    /** The file, once it is known to be a regular file (not a pipe or a device such as /dev/zero). */
    private static Path checked(Path file) {
        try {
            Inputs.checkFile(file, Long.MAX_VALUE);
        } catch (Inputs.Problem p) {
            throw new UsageException(file + ": " + p.getMessage());
        }
        return file;
    }

    private static Table split(Path file, List<String> header, int headerLine, List<double[]> rows, List<Integer> rowLines) {
        int chainColumn = header.indexOf(CHAIN);
        List<double[][]> chains = new ArrayList<>();
        List<int[]> lines = new ArrayList<>();
        int start = 0;
        for (int i = 1; i <= rows.size(); i++) {
            boolean end = i == rows.size()
                    || chainColumn >= 0 && Double.compare(rows.get(i)[chainColumn], rows.get(start)[chainColumn]) != 0;
            if (end) {
                chains.add(rows.subList(start, i).toArray(new double[0][]));
                lines.add(rowLines.subList(start, i).stream().mapToInt(Integer::intValue).toArray());
                start = i;
            }
        }
        return new Table(file, header, headerLine, chains, lines);
    }

    /**
     * A cell's value: a decimal number, {@code nan}, {@code inf}, {@code -inf} (any case) or
     * empty (NaN); NaN also for anything else, which {@link #isNan} tells apart.
     */
    static double parse(String cell) {
        if (DECIMAL.matcher(cell).matches()) {
            return Double.parseDouble(cell);
        }
        switch (cell.toLowerCase(Locale.ROOT)) {
            case "inf":
            case "+inf":
            case "infinity":
            case "+infinity":
                return Double.POSITIVE_INFINITY;
            case "-inf":
            case "-infinity":
                return Double.NEGATIVE_INFINITY;
            default:
                return Double.NaN;
        }
    }

    /** Whether a cell stands for a missing or undefined value. */
    static boolean isNan(String cell) {
        String c = cell.toLowerCase(Locale.ROOT);
        return c.isEmpty() || c.equals("nan") || c.equals("-nan") || c.equals("+nan") || c.equals("na");
    }

    private static String truncate(String s) {
        return otto.models.DataException.quote(s);
    }

    /** Column j of every chain, each cut to {@code n} draws: {@code chains × n}. */
    static double[][] column(List<double[][]> chains, int j, int n) {
        double[][] out = new double[chains.size()][n];
        for (int c = 0; c < chains.size(); c++) {
            for (int i = 0; i < n; i++) {
                out[c][i] = chains.get(c)[i][j];
            }
        }
        return out;
    }
}
