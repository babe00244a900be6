package otto.models;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Data in Stan's JSON format (what CmdStan and posteriordb read): an object whose fields are
 * numbers or (nested) arrays of numbers. Accessors validate types and shapes, and every error is
 * a {@link DataException} whose message names the source and the field.
 */
public final class StanData {
    private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build()).build()).build();
    private final String source;
    private final Map<String, JsonNode> fields;

    private StanData(String source, Map<String, JsonNode> fields) {
        this.source = source;
        this.fields = fields;
    }

    /** No data: every accessor with a default returns it. */
    public static StanData empty() {
        return new StanData("(no data)", Map.of());
    }

    /** Reads a Stan-JSON file. */
    public static StanData read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new DataException(file + ": no such file");
        } catch (IOException e) {
            throw new DataException(file + ": cannot read: " + e.getMessage());
        }
        return parse(text, file.toString());
    }

    /** Parses Stan-JSON text; {@code source} names it in error messages. */
    public static StanData parse(String text, String source) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JacksonException e) {
            String msg = e.getOriginalMessage();
            var loc = e.getLocation();
            String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
            throw new DataException(source + ": malformed JSON" + where + ": " + firstLine(msg));
        }
        if (root == null || root.isMissingNode()) {
            throw new DataException(source + ": empty file, expected a JSON object");
        }
        if (!root.isObject()) {
            throw new DataException(source + ": expected a JSON object of data fields, found " + kind(root));
        }
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            fields.put(e.getKey(), e.getValue());
        }
        return new StanData(source, fields);
    }

    /**
     * Reads a regression data set from CSV with a header: column {@code y} is the response, the
     * other columns are the predictors in order. Gives fields {@code N}, {@code K}, {@code X}
     * ({@code N × K}) and {@code y}.
     */
    public static StanData fromCsv(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new DataException(file + ": no such file");
        } catch (IOException e) {
            throw new DataException(file + ": cannot read: " + e.getMessage());
        }
        if (lines.isEmpty()) {
            throw new DataException(file + ": empty CSV file, expected a header line");
        }
        String[] header = lines.get(0).split(",", -1);
        int yCol = -1;
        for (int j = 0; j < header.length; j++) {
            header[j] = header[j].trim();
            if (header[j].equals("y")) {
                yCol = j;
            }
        }
        if (yCol < 0) {
            throw new DataException(file + ": no column named 'y' in the header");
        }
        int k = header.length - 1;
        List<double[]> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] cells = line.split(",", -1);
            if (cells.length != header.length) {
                throw new DataException(file + ":" + (i + 1) + ": " + cells.length + " cells, the header has " + header.length);
            }
            double[] row = new double[header.length];
            for (int j = 0; j < cells.length; j++) {
                try {
                    row[j] = Double.parseDouble(cells[j].trim());
                } catch (NumberFormatException e) {
                    throw new DataException(file + ":" + (i + 1) + ": column '" + header[j] + "' is not a number: '" + cells[j].trim() + "'");
                }
                if (!Double.isFinite(row[j])) {
                    throw new DataException(file + ":" + (i + 1) + ": column '" + header[j] + "' is not finite");
                }
            }
            rows.add(row);
        }
        ObjectMapper m = JSON;
        var obj = m.createObjectNode();
        obj.put("N", rows.size());
        obj.put("K", k);
        var x = obj.putArray("X");
        var y = obj.putArray("y");
        for (double[] row : rows) {
            var r = x.addArray();
            for (int j = 0; j < row.length; j++) {
                if (j == yCol) {
                    y.add(row[j]);
                } else {
                    r.add(row[j]);
                }
            }
        }
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        obj.properties().forEach(e -> fields.put(e.getKey(), e.getValue()));
        return new StanData(file.toString(), fields);
    }

    /** Where the data came from. */
    public String source() {
        return source;
    }

    /** Whether the field is present. */
    public boolean has(String name) {
        return fields.containsKey(name);
    }

    /** The names of the fields present. */
    public List<String> names() {
        return List.copyOf(fields.keySet());
    }

    /** A required integer. */
    public int integer(String name) {
        return toInt(name, require(name));
    }

    /** An integer, or {@code fallback} when absent. */
    public int integer(String name, int fallback) {
        return has(name) ? integer(name) : fallback;
    }

    /** A required real number. */
    public double real(String name) {
        JsonNode n = require(name);
        if (n.isArray() && n.size() == 1) {
            n = n.get(0);
        }
        return toReal(name, n);
    }

    /** A real number, or {@code fallback} when absent. */
    public double real(String name, double fallback) {
        return has(name) ? real(name) : fallback;
    }

    /** A required vector of reals of the given length. */
    public double[] vector(String name, int length) {
        JsonNode n = require(name);
        JsonNode arr = n.isArray() ? n : null;
        if (arr == null) {
            if (length == 1) {
                return new double[] {toReal(name, n)};
            }
            throw new DataException(source + ": field '" + name + "' should be an array of " + length + " numbers, found " + kind(n));
        }
        if (arr.size() != length) {
            throw new DataException(source + ": field '" + name + "' has " + arr.size() + " elements, expected " + length);
        }
        double[] v = new double[length];
        for (int i = 0; i < length; i++) {
            v[i] = toReal(name + "[" + (i + 1) + "]", arr.get(i));
        }
        return v;
    }

    /** A required vector of integers of the given length. */
    public int[] integers(String name, int length) {
        JsonNode n = require(name);
        if (!n.isArray()) {
            if (length == 1) {
                return new int[] {toInt(name, n)};
            }
            throw new DataException(source + ": field '" + name + "' should be an array of " + length + " integers, found " + kind(n));
        }
        if (n.size() != length) {
            throw new DataException(source + ": field '" + name + "' has " + n.size() + " elements, expected " + length);
        }
        int[] v = new int[length];
        for (int i = 0; i < length; i++) {
            v[i] = toInt(name + "[" + (i + 1) + "]", n.get(i));
        }
        return v;
    }

    /** A required {@code rows × cols} matrix (an array of rows), row-major. */
    public double[] matrix(String name, int rows, int cols) {
        JsonNode n = require(name);
        if (!n.isArray()) {
            throw new DataException(source + ": field '" + name + "' should be a " + rows + " × " + cols + " matrix (array of rows), found " + kind(n));
        }
        if (n.size() != rows) {
            throw new DataException(source + ": field '" + name + "' has " + n.size() + " rows, expected " + rows);
        }
        double[] m = new double[rows * cols];
        for (int i = 0; i < rows; i++) {
            JsonNode r = n.get(i);
            if (cols == 1 && !r.isArray()) {
                m[i] = toReal(name + "[" + (i + 1) + "]", r);
                continue;
            }
            if (!r.isArray() || r.size() != cols) {
                throw new DataException(source + ": field '" + name + "' row " + (i + 1) + " has "
                        + (r.isArray() ? r.size() + " columns" : "no columns (" + kind(r) + ")") + ", expected " + cols);
            }
            for (int j = 0; j < cols; j++) {
                m[i * cols + j] = toReal(name + "[" + (i + 1) + "," + (j + 1) + "]", r.get(j));
            }
        }
        return m;
    }

    /** The number of elements of an array field (for sizes the data implies). */
    public int length(String name) {
        JsonNode n = require(name);
        if (!n.isArray()) {
            throw new DataException(source + ": field '" + name + "' should be an array, found " + kind(n));
        }
        return n.size();
    }

    private JsonNode require(String name) {
        JsonNode n = fields.get(name);
        if (n == null) {
            throw new DataException(source + ": field '" + name + "' is missing");
        }
        return n;
    }

    private int toInt(String name, JsonNode n) {
        if (n.isIntegralNumber() && n.canConvertToInt()) {
            return n.asInt();
        }
        if (n.isNumber() && n.asDouble() == Math.rint(n.asDouble()) && Math.abs(n.asDouble()) < Integer.MAX_VALUE) {
            return (int) n.asDouble();
        }
        throw new DataException(source + ": field '" + name + "' should be an integer, found " + kind(n));
    }

    private double toReal(String name, JsonNode n) {
        if (n.isNumber()) {
            double v = n.asDouble();
            if (!Double.isFinite(v)) {
                throw new DataException(source + ": field '" + name + "' is not finite");
            }
            return v;
        }
        if (n.isString()) {
            String s = n.asString();
            if (s.equals("inf") || s.equals("Infinity") || s.equals("-inf") || s.equals("-Infinity") || s.equals("NaN")) {
                throw new DataException(source + ": field '" + name + "' is " + s + "; a finite number is needed");
            }
        }
        throw new DataException(source + ": field '" + name + "' should be a number, found " + kind(n));
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
        return n.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
    }

    private static String truncate(String s) {
        return s.length() > 20 ? s.substring(0, 20) + "…" : s;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int i = s.indexOf('\n');
        return i < 0 ? s : s.substring(0, i);
    }
}
