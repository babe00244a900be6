package otto.cli.report;

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
 * A CSV file as Otto and CmdStan write them: {@code #} comment lines anywhere, one header line,
 * then rows of cells. Cells of numeric columns are decimal numbers, {@code nan}, {@code inf},
 * {@code -inf} (any case) or empty (missing, NaN). Every malformed input is a
 * {@link ReportInputException} naming the file and line.
 *
 * @param file     the file
 * @param comments the comment lines, without their {@code #}, trimmed
 * @param header   the column names
 * @param headerLine the line number of the header (from 1)
 * @param rows     the cells of each row
 * @param lines    the line number of each row
 */
record Csv(Path file, List<String> comments, List<String> header, int headerLine, List<String[]> rows, int[] lines) {
    /** The longest line read. */
    private static final int MAX_LINE = (int) Math.min(64L << 20, Runtime.getRuntime().maxMemory() / 32);
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    /** Reads a file; {@code what} says what the file should be, for the messages. */
    static Csv read(Path file, String what) {
        if (Files.isDirectory(file)) {
            throw new ReportInputException(file + ": is a folder, not " + what);
        }
        List<String> comments = new ArrayList<>();
        List<String> header = null;
        int headerLine = 0;
        List<String[]> rows = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        try {
            Inputs.checkFile(file, Long.MAX_VALUE);
        } catch (Inputs.Problem p) {
            throw new ReportInputException(file + ": " + p.getMessage());
        }
        // the cells are kept as text: refuse, before the heap runs out, a file whose cells cannot fit
        long maxCells = Runtime.getRuntime().maxMemory() / 2 / 64;
        long cellsRead = 0;
        try (Inputs.Lines r = Inputs.Lines.of(file, MAX_LINE)) {
            String line;
            int number = 0;
            while ((line = r.next()) != null) {
                number++;
                String t = line.trim();
                if (t.isEmpty()) {
                    continue;
                }
                if (t.startsWith("#")) {
                    comments.add(t.substring(1).trim());
                    continue;
                }
                String[] cells = t.split(",", -1);
                cellsRead += cells.length;
                if (cellsRead > maxCells) {
                    throw new ReportInputException(file + ":" + number + ": more cells than fit in memory here ("
                            + Inputs.mib(Runtime.getRuntime().maxMemory()) + " Java heap)");
                }
                for (int j = 0; j < cells.length; j++) {
                    cells[j] = unquote(cells[j].trim());
                }
                if (header == null) {
                    for (int j = 0; j < cells.length; j++) {
                        cells[j] = otto.models.DataException.printable(cells[j]);
                    }
                    for (String c : cells) {
                        if (c.isEmpty()) {
                            throw new ReportInputException(file + ":" + number + ": empty column name in the header");
                        }
                    }
                    header = List.of(cells);
                    headerLine = number;
                    continue;
                }
                if (cells.length != header.size()) {
                    throw new ReportInputException(file + ":" + number + ": " + cells.length + " values, the header (line "
                            + headerLine + ") has " + header.size());
                }
                rows.add(cells);
                lines.add(number);
            }
        } catch (NoSuchFileException e) {
            throw new ReportInputException(file + ": no such file");
        } catch (CharacterCodingException e) {
            throw new ReportInputException(file + ": not a text (UTF-8) file, not " + what);
        } catch (IOException e) {
            throw new ReportInputException(file + ": cannot read: " + Inputs.describe(e));
        }
        if (header == null) {
            throw new ReportInputException(file + ": no header line: not " + what);
        }
        return new Csv(file, List.copyOf(comments), header, headerLine, rows,
                lines.stream().mapToInt(Integer::intValue).toArray());
    }

    private static String unquote(String cell) {
        return cell.length() >= 2 && cell.startsWith("\"") && cell.endsWith("\"") ? cell.substring(1, cell.length() - 1) : cell;
    }

    /** The index of a column, or -1. */
    int column(String name) {
        return header.indexOf(name);
    }

    /** The index of a column that must be there. */
    int required(String name, String why) {
        int j = header.indexOf(name);
        if (j < 0) {
            throw new ReportInputException(file + ":" + headerLine + ": no column " + name + " in the header" + why);
        }
        return j;
    }

    /** The number in row i, column j; a cell that is not a number is an error naming the line. */
    double number(int i, int j) {
        String cell = rows.get(i)[j];
        double v = parse(cell);
        if (Double.isNaN(v) && !isNan(cell)) {
            throw new ReportInputException(file + ":" + lines[i] + ": column " + header.get(j) + " is not a number: '"
                    + otto.models.DataException.quote(cell) + "'");
        }
        return v;
    }

    /** A cell's value: a decimal number, {@code nan}, {@code inf}, {@code -inf} (any case); NaN for anything else. */
    static double parse(String cell) {
        if (DECIMAL.matcher(cell).matches()) {
            return Double.parseDouble(cell);
        }
        switch (cell.toLowerCase(Locale.ROOT)) {
            case "inf", "+inf", "infinity", "+infinity" -> {
                return Double.POSITIVE_INFINITY;
            }
            case "-inf", "-infinity" -> {
                return Double.NEGATIVE_INFINITY;
            }
            default -> {
                return Double.NaN;
            }
        }
    }

    /** Whether a cell stands for a missing or undefined value. */
    static boolean isNan(String cell) {
        String c = cell.toLowerCase(Locale.ROOT);
        return c.isEmpty() || c.equals("nan") || c.equals("-nan") || c.equals("+nan") || c.equals("na");
    }
}
