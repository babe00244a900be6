package otto.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads draws in CmdStan's CSV layout: {@code #} comment lines anywhere (settings, adaptation,
 * timing), one header line, then one row of numbers per draw. A file is one chain, unless it has
 * Otto's {@code chain__} column, which splits it into chains.
 */
final class CmdStanCsv {
    /** Column names and the draws of each chain ({@code chain → draws × columns}). */
    record Table(List<String> header, List<double[][]> chains) {
    }

    private CmdStanCsv() {
    }

    static Table read(Path file) {
        List<String> header = null;
        List<double[]> rows = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = r.readLine()) != null) {
                number++;
                String t = line.trim();
                if (t.isEmpty() || t.startsWith("#")) {
                    continue;
                }
                String[] cells = t.split(",", -1);
                if (header == null) {
                    header = List.of(cells);
                    for (String h : header) {
                        if (h.isBlank()) {
                            throw new UsageException(file + ":" + number + ": empty column name in the header");
                        }
                    }
                    continue;
                }
                if (cells.length != header.size()) {
                    throw new UsageException(file + ":" + number + ": " + cells.length + " values, the header has " + header.size());
                }
                double[] row = new double[cells.length];
                for (int j = 0; j < cells.length; j++) {
                    try {
                        row[j] = Double.parseDouble(cells[j]);
                    } catch (NumberFormatException e) {
                        throw new UsageException(file + ":" + number + ": column " + header.get(j) + " is not a number: '"
                                + truncate(cells[j]) + "'");
                    }
                }
                rows.add(row);
            }
        } catch (NoSuchFileException e) {
            throw new UsageException(file + ": no such file");
        } catch (java.nio.charset.MalformedInputException e) {
            throw new UsageException(file + ": not a text (UTF-8) file");
        } catch (IOException e) {
            throw new UsageException(file + ": cannot read: " + e.getMessage());
        }
        if (header == null) {
            throw new UsageException(file + ": no header line: not a CmdStan CSV file");
        }
        if (rows.isEmpty()) {
            throw new UsageException(file + ": no draws after the header");
        }
        int chainColumn = header.indexOf("chain__");
        List<double[][]> chains = new ArrayList<>();
        if (chainColumn < 0) {
            chains.add(rows.toArray(new double[0][]));
        } else {
            int start = 0;
            for (int i = 1; i <= rows.size(); i++) {
                if (i == rows.size() || rows.get(i)[chainColumn] != rows.get(start)[chainColumn]) {
                    chains.add(rows.subList(start, i).toArray(new double[0][]));
                    start = i;
                }
            }
        }
        return new Table(header, chains);
    }

    private static String truncate(String s) {
        return s.length() > 20 ? s.substring(0, 20) + "…" : s;
    }

    /** Column j of every chain, trimmed to the shortest chain. */
    static double[][] column(List<double[][]> chains, int j) {
        int n = chains.stream().mapToInt(c -> c.length).min().orElse(0);
        double[][] out = new double[chains.size()][n];
        for (int c = 0; c < chains.size(); c++) {
            for (int i = 0; i < n; i++) {
                out[c][i] = chains.get(c)[i][j];
            }
        }
        return out;
    }

    static String describe(double[][] chains) {
        return Arrays.stream(chains).mapToInt(c -> c.length).boxed().toList().toString();
    }
}
