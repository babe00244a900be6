package otto.models;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Data in Stan's JSON format (what CmdStan and posteriordb read): an object whose fields are
 * numbers or (nested) arrays of numbers. Regression data can also come from CSV
 * ({@link #fromCsv}).
 *
 * <p>Accessors validate types and shapes. Every error is a {@link DataException} with a one-line
 * message that names the source and the field, for example
 * {@code data.json: field 'y' has 7 elements, expected N = 8}. Instances are immutable.
 *
 * <pre>{@code
 * StanData data = StanData.read(Path.of("data.json"));
 * int n = data.integer("N");
 * double[] y = data.vector("y", "N");          // length checked against the field N
 * double[] x = data.matrix("X", "N", "K");     // N × K, row-major
 * double scale = data.real("prior_scale", 10); // optional, with a default
 * }</pre>
 */
public final class StanData {
    private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .build();
    /** A decimal number as CSV cells may hold it: no hexadecimal, no {@code d}/{@code f} suffixes, no words. */
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private final String source;
    private final Map<String, JsonNode> fields;

    private StanData(String source, Map<String, JsonNode> fields) {
        this.source = source;
        this.fields = fields;
    }

    /** No data: every accessor with a default returns it, every other reports a missing field. */
    public static StanData empty() {
        return new StanData("(no data)", Map.of());
    }

    /**
     * Reads a Stan-JSON file.
     *
     * @throws DataException if the file cannot be read or is not a JSON object
     */
    public static StanData read(Path file) {
        return parse(readText(file), file.toString());
    }

    /**
     * Parses Stan-JSON text; errors name it {@code JSON text}.
     *
     * @throws DataException if the text is not a JSON object
     */
    public static StanData parse(String text) {
        return parse(text, "JSON text");
    }

    /**
     * Parses Stan-JSON text; {@code source} names it in error messages (a file name, say).
     *
     * @throws DataException if the text is not a JSON object
     */
    public static StanData parse(String text, String source) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JacksonException e) {
            var loc = e.getLocation();
            String where = loc == null || loc.getLineNr() < 1 ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
            throw new DataException(source + ": malformed JSON" + where + ": " + firstLine(e.getOriginalMessage()));
        }
        if (root == null || root.isMissingNode() || root.isNull() && text.isBlank()) {
            throw new DataException(source + ": empty, expected a JSON object of data fields");
        }
        if (!root.isObject()) {
            throw new DataException(source + ": expected a JSON object of data fields, found " + kind(root));
        }
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            fields.put(e.getKey(), e.getValue());
        }
        return new StanData(source, fields);
    }

    /**
     * Reads a regression data set from CSV: a header line, then one row per observation. Column
     * {@code y} is the response and the other columns are the predictors, in order; the result has
     * the fields {@code N}, {@code K}, {@code X} ({@code N × K}) and {@code y}, as the regression
     * models read them.
     *
     * <p>Cells are separated by commas and must be decimal numbers; a cell may be quoted
     * ({@code "x1"}, as R writes headers). Blank lines and lines starting with {@code #} are
     * skipped; a UTF-8 byte-order mark and Windows line ends are accepted. Everything else — a row
     * with a different number of cells than the header, an empty or non-numeric cell
     * ({@code NA}), a header without {@code y}, a duplicated or empty column name, an unterminated
     * quote — is a {@link DataException} that names the file and the line.
     */
    public static StanData fromCsv(Path file) {
        String text = readText(file);
        String[] lines = text.split("\n", -1);
        String[] header = null;
        int yCol = -1;
        List<double[]> rows = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String where = file + ":" + (i + 1);
            List<String> cells = csvCells(line, where);
            if (header == null) {
                header = cells.toArray(new String[0]);
                Map<String, Integer> seen = new LinkedHashMap<>();
                for (int j = 0; j < header.length; j++) {
                    header[j] = header[j].trim();
                    header[j] = DataException.printable(header[j]);
                    if (header[j].isEmpty()) {
                        throw new DataException(where + ": column " + (j + 1) + " of the header has no name");
                    }
                    Integer before = seen.put(header[j], j);
                    if (before != null) {
                        throw new DataException(where + ": column name '" + header[j] + "' appears twice (columns "
                                + (before + 1) + " and " + (j + 1) + ")");
                    }
                }
                yCol = seen.getOrDefault("y", -1);
                if (yCol < 0) {
                    throw new DataException(where + ": no column named 'y' (the response) in the header "
                            + String.join(",", header));
                }
                if (header.length < 2) {
                    throw new DataException(where + ": only the response 'y' and no predictor columns in the header");
                }
                continue;
            }
            if (cells.size() != header.length) {
                throw new DataException(where + ": " + cells.size() + " cells, expected " + header.length + " as in the header");
            }
            double[] row = new double[header.length];
            for (int j = 0; j < row.length; j++) {
                String c = cells.get(j).trim();
                if (c.isEmpty()) {
                    throw new DataException(where + ": column '" + header[j] + "' is empty (missing values are not supported)");
                }
                if (!NUMBER.matcher(c).matches()) {
                    throw new DataException(where + ": column '" + header[j] + "' is not a number: '" + truncate(c) + "'");
                }
                row[j] = Double.parseDouble(c);
                if (!Double.isFinite(row[j])) {
                    throw new DataException(where + ": column '" + header[j] + "' is out of range: '" + truncate(c) + "'");
                }
            }
            rows.add(row);
        }
        if (header == null) {
            throw new DataException(file + ": empty CSV file, expected a header line");
        }
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        ArrayNode x = nodes.arrayNode();
        ArrayNode y = nodes.arrayNode();
        for (double[] row : rows) {
            ArrayNode r = x.addArray();
            for (int j = 0; j < row.length; j++) {
                if (j == yCol) {
                    y.add(row[j]);
                } else {
                    r.add(row[j]);
                }
            }
        }
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        fields.put("N", nodes.numberNode(rows.size()));
        fields.put("K", nodes.numberNode(header.length - 1));
        fields.put("X", x);
        fields.put("y", y);
        return new StanData(file.toString(), fields);
    }

    /** Where the data came from, as error messages name it. */
    public String source() {
        return source;
    }

    /** Whether the field is present. */
    public boolean has(String name) {
        return fields.containsKey(name);
    }

    /** The names of the fields present, in file order. */
    public List<String> names() {
        return List.copyOf(fields.keySet());
    }

    /**
     * A required integer.
     *
     * @throws DataException if missing or not an integer
     */
    public int integer(String name) {
        JsonNode n = require(name);
        if (n.isArray() && n.size() == 1 && !n.get(0).isArray()) {
            n = n.get(0);
        }
        return toInt(name, n);
    }

    /** An integer, or {@code fallback} when absent. */
    public int integer(String name, int fallback) {
        return has(name) ? integer(name) : fallback;
    }

    /**
     * A required real number (integers accepted).
     *
     * @throws DataException if missing, not a number or not finite
     */
    public double real(String name) {
        JsonNode n = require(name);
        if (n.isArray() && n.size() == 1 && !n.get(0).isArray()) {
            n = n.get(0);
        }
        return toReal(name, n);
    }

    /** A real number, or {@code fallback} when absent. */
    public double real(String name, double fallback) {
        return has(name) ? real(name) : fallback;
    }

    /**
     * A required vector of reals (integers accepted) of the given length.
     *
     * @throws DataException if missing, of another length, or an element is not a finite number
     */
    public double[] vector(String name, int length) {
        return vector(name, length, null);
    }

    /** A required vector of reals whose length is the value of the integer field {@code lengthField}. */
    public double[] vector(String name, String lengthField) {
        return vector(name, integer(lengthField), lengthField);
    }

    /**
     * A required array of integers of the given length.
     *
     * @throws DataException if missing, of another length, or an element is not an integer
     */
    public int[] integers(String name, int length) {
        return integers(name, length, null);
    }

    /** A required array of integers whose length is the value of the integer field {@code lengthField}. */
    public int[] integers(String name, String lengthField) {
        return integers(name, integer(lengthField), lengthField);
    }

    /**
     * A required {@code rows × cols} matrix, given as an array of rows, returned row-major.
     *
     * @throws DataException if missing, of another shape, or an element is not a finite number
     */
    public double[] matrix(String name, int rows, int cols) {
        return matrix(name, rows, null, cols, null);
    }

    /** A required matrix whose dimensions are the values of the integer fields {@code rowsField} and {@code colsField}. */
    public double[] matrix(String name, String rowsField, String colsField) {
        return matrix(name, integer(rowsField), rowsField, integer(colsField), colsField);
    }

    /**
     * The number of elements of an array field (for sizes the data implies).
     *
     * @throws DataException if missing or not an array
     */
    public int length(String name) {
        JsonNode n = require(name);
        if (!n.isArray()) {
            throw new DataException(source + ": field '" + DataException.printable(name) + "' should be an array, found " + kind(n));
        }
        return n.size();
    }

    @Override
    public String toString() {
        return "StanData" + names() + " from " + source;
    }

    // ---------------------------------------------------------------- internals

    private double[] vector(String name, int length, String lengthField) {
        JsonNode n = require(name);
        if (!n.isArray()) {
            if (length == 1) {
                return new double[] {toReal(name, n)};
            }
            throw new DataException(source + ": field '" + DataException.printable(name) + "' should be an array of " + expected(length, lengthField)
                    + " numbers, found " + kind(n));
        }
        if (n.size() != length) {
            throw new DataException(source + ": field '" + DataException.printable(name) + "' has " + n.size() + " elements, expected "
                    + expected(length, lengthField));
        }
        double[] v = new double[length];
        for (int i = 0; i < length; i++) {
            v[i] = toReal(name + "[" + (i + 1) + "]", n.get(i));
        }
        return v;
    }

    private int[] integers(String name, int length, String lengthField) {
        JsonNode n = require(name);
        if (!n.isArray()) {
            if (length == 1) {
                return new int[] {toInt(name, n)};
            }
            throw new DataException(source + ": field '" + DataException.printable(name) + "' should be an array of " + expected(length, lengthField)
                    + " integers, found " + kind(n));
        }
        if (n.size() != length) {
            throw new DataException(source + ": field '" + DataException.printable(name) + "' has " + n.size() + " elements, expected "
                    + expected(length, lengthField));
        }
        int[] v = new int[length];
        for (int i = 0; i < length; i++) {
            v[i] = toInt(name + "[" + (i + 1) + "]", n.get(i));
        }
        return v;
    }

    private double[] matrix(String name, int rows, String rowsField, int cols, String colsField) {
        JsonNode n = require(name);
        if (!n.isArray()) {
            throw new DataException(source + ": field '" + DataException.printable(name) + "' should be a " + expected(rows, rowsField) + " × "
                    + expected(cols, colsField) + " matrix (an array of rows), found " + kind(n));
        }
        if (n.size() != rows) {
            throw new DataException(source + ": field '" + DataException.printable(name) + "' has " + n.size() + " rows, expected " + expected(rows, rowsField));
        }
        // every row's shape is checked before the matrix is allocated: a declared size is believed
        // only as far as the data bear it out (a tiny file declaring K = 2000000000 allocates nothing)
        for (int i = 0; i < rows; i++) {
            JsonNode r = n.get(i);
            if (cols == 1 && !r.isArray()) {
                continue;
            }
            if (!r.isArray()) {
                throw new DataException(source + ": field '" + DataException.printable(name) + "' row " + (i + 1) + " should be an array of "
                        + expected(cols, colsField) + " numbers, found " + kind(r));
            }
            if (r.size() != cols) {
                throw new DataException(source + ": field '" + DataException.printable(name) + "' row " + (i + 1) + " has " + r.size()
                        + " columns, expected " + expected(cols, colsField));
            }
        }
        if (cols < 0) {
            throw new DataException(source + ": field '" + DataException.printable(name) + "': " + expected(cols, colsField) + " columns is negative");
        }
        long cells = (long) rows * cols;
        if (cells > Integer.MAX_VALUE - 8) {
            throw new DataException(source + ": field '" + DataException.printable(name) + "' has " + rows + " × " + cols + " = " + cells
                    + " elements, more than a Java array holds");
        }
        double[] m = new double[(int) cells];
        for (int i = 0; i < rows; i++) {
            JsonNode r = n.get(i);
            if (cols == 1 && !r.isArray()) {
                m[i] = toReal(name + "[" + (i + 1) + "]", r);
                continue;
            }
            for (int j = 0; j < cols; j++) {
                m[i * cols + j] = toReal(name + "[" + (i + 1) + "," + (j + 1) + "]", r.get(j));
            }
        }
        return m;
    }

    private static String expected(int length, String field) {
        return field == null ? Integer.toString(length) : field + " = " + length;
    }

    private JsonNode require(String name) {
        JsonNode n = fields.get(name);
        if (n == null) {
            throw new DataException(source + ": field '" + DataException.printable(name) + "' is missing");
        }
        return n;
    }

    private int toInt(String name, JsonNode n) {
        if (n.isIntegralNumber()) {
            if (n.canConvertToInt()) {
                return n.asInt();
            }
            throw new DataException(source + ": field '" + DataException.printable(name) + "' = " + DataException.quote(n.asString()) + " is too large for an integer");
        }
        if (n.isNumber()) {
            double v = n.asDouble();
            if (v == Math.rint(v) && Math.abs(v) <= Integer.MAX_VALUE) {
                return (int) v;
            }
        }
        throw new DataException(source + ": field '" + DataException.printable(name) + "' should be an integer, found " + kind(n));
    }

    private double toReal(String name, JsonNode n) {
        if (n.isNumber()) {
            double v = n.asDouble();
            if (!Double.isFinite(v)) {
                throw new DataException(source + ": field '" + DataException.printable(name) + "' = " + n.asString() + " is out of range for a double");
            }
            return v;
        }
        if (n.isString()) {
            String s = n.asString();
            if (s.equals("inf") || s.equals("Infinity") || s.equals("-inf") || s.equals("-Infinity") || s.equals("NaN")) {
                throw new DataException(source + ": field '" + DataException.printable(name) + "' is " + s + "; a finite number is needed");
            }
        }
        throw new DataException(source + ": field '" + DataException.printable(name) + "' should be a number, found " + kind(n));
    }

    private static String readText(Path file) {
        try {
            return Inputs.readText(file, Inputs.wholeFileLimit());
        } catch (Inputs.Problem e) {
            throw new DataException(file + ": " + e.getMessage());
        }
    }

    /** Splits one CSV line into cells: commas separate, a cell may be enclosed in double quotes ({@code ""} escapes one). */
    private static List<String> csvCells(String line, String where) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        int i = 0;
        int len = line.length();
        while (true) {
            int start = i;
            while (i < len && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
                i++;
            }
            if (i < len && line.charAt(i) == '"') {
                i++;
                while (true) {
                    if (i >= len) {
                        throw new DataException(where + ": unterminated quote in cell " + (cells.size() + 1)
                                + " (quoted cells cannot span lines)");
                    }
                    char c = line.charAt(i++);
                    if (c == '"') {
                        if (i < len && line.charAt(i) == '"') {
                            cell.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        cell.append(c);
                    }
                }
                while (i < len && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
                    i++;
                }
                if (i < len && line.charAt(i) != ',') {
                    throw new DataException(where + ": text after the closing quote of cell " + (cells.size() + 1));
                }
            } else {
                i = start;
                while (i < len && line.charAt(i) != ',') {
                    char c = line.charAt(i++);
                    if (c == '"') {
                        throw new DataException(where + ": stray quote inside cell " + (cells.size() + 1));
                    }
                    cell.append(c);
                }
            }
            cells.add(cell.toString());
            cell.setLength(0);
            if (i >= len) {
                return cells;
            }
            i++; // the comma
        }
    }

    private static String kind(JsonNode n) {
        if (n.isArray()) {
            return "an array of " + n.size();
        }
        if (n.isObject()) {
            return "an object";
        }
        if (n.isString()) {
            return "a string \"" + truncate(n.asString()) + "\"";
        }
        if (n.isBoolean()) {
            return "a boolean";
        }
        if (n.isNull()) {
            return "null";
        }
        if (n.isNumber()) {
            return "the number " + n.asString();
        }
        return n.getNodeType().toString().toLowerCase(Locale.ROOT);
    }

    private static String truncate(String s) {
        return DataException.quote(s);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int i = s.indexOf('\n');
        return DataException.printable(i < 0 ? s : s.substring(0, i));
    }
}
