package otto.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * {@code otto run --config FILE}: the settings of a run in a YAML ({@code .yaml}, {@code .yml}) or
 * JSON ({@code .json}) file, one key per option of {@code otto run}, named as the long option
 * without its dashes ({@code method}, {@code chains}, {@code step-rule}, {@code data}, {@code out},
 * …), plus {@code model} for the positional MODEL. Options given on the command line win over the
 * file. Relative paths in the file ({@code data}, {@code out}) are relative to the file's folder.
 * An unknown key, a value of the wrong type or one the method does not take is a usage error that
 * names the file and the key.
 */
final class ConfigFile {
    /** Options that have no place in a config file. */
    private static final Set<String> NOT_IN_FILE = Set.of("--config", "--help", "--version");
    /** Text options that may also be given as a list (joined with commas). */
    private static final Set<String> LISTS = Set.of("--grid", "--box", "--density-times");
    /** The largest config file read: the settings of a run take a few hundred bytes. */
    private static final long MAX_BYTES = 1 << 20;
    private static final ObjectMapper YAML = YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final ObjectMapper JSON = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private ConfigFile() {
    }

    /** The key of an option in a config file: its long name without the dashes. */
    static String key(String option) {
        return option.replaceFirst("^--", "");
    }

    /**
     * Reads {@code file} and sets every option it names that the command line did not give.
     *
     * @param spec    the {@code run} command's spec (its options are set)
     * @param parsed  what the command line gave
     * @param origins filled with the options set from the file, each with how messages name it ({@code FILE: key})
     * @return the model the file names, or null
     * @throws UsageException for a file that cannot be read or parsed, an unknown key or a value of the wrong type
     */
    static String apply(Path file, CommandSpec spec, ParseResult parsed, Map<String, String> origins) {
        Map<String, JsonNode> entries = read(file);
        String model = null;
        for (Map.Entry<String, JsonNode> e : entries.entrySet()) {
            String key = e.getKey();
            JsonNode value = e.getValue();
            String where = file + ": " + otto.models.DataException.printable(key);
            if (key.equals("model")) {
                if (!value.isString() || value.asString().isBlank()) {
                    throw new UsageException(where + ": expected a model name (see 'otto models'), got " + describe(value));
                }
                model = value.asString();
                continue;
            }
            OptionSpec option = key.startsWith("-") ? null : spec.optionsMap().get("--" + key);
            if (option == null || NOT_IN_FILE.contains(option.longestName())) {
                throw new UsageException(file + ": unknown key '" + otto.models.DataException.quote(key) + "'" + suggestion(key, spec));
            }
            if (value.isNull() || value.isMissingNode()) {
                throw new UsageException(where + ": no value (leave the key out for the default)");
            }
            if (given(parsed, option)) {
                continue; // the command line wins
            }
            option.setValue(convert(file, where, option, value));
            origins.put(option.longestName(), where);
        }
        return model;
    }

    /** Whether the command line gave this option (for --quiet and --verbose: either of them, as they are one setting). */
    private static boolean given(ParseResult parsed, OptionSpec option) {
        String name = option.longestName();
        if (name.equals("--quiet") || name.equals("--verbose")) {
            return parsed.hasMatchedOption("--quiet") || parsed.hasMatchedOption("--verbose");
        }
        return parsed.hasMatchedOption(name);
    }

    /** The file's keys and values, in order. */
    static Map<String, JsonNode> read(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean json = name.endsWith(".json");
        if (!json && !name.endsWith(".yaml") && !name.endsWith(".yml")) {
            throw new UsageException("--config " + file + ": a config file is YAML (.yaml, .yml) or JSON (.json)");
        }
        if (Files.isDirectory(file)) {
            throw new UsageException("--config " + file + ": is a folder, not a file");
        }
        String text = text(file);
        JsonNode root;
        try {
            root = (json ? JSON : YAML).readTree(text);
        } catch (JacksonException e) {
            var loc = e.getLocation();
            String at = loc == null || loc.getLineNr() < 1 ? "" : ":" + loc.getLineNr();
            throw new UsageException(file + at + ": malformed " + (json ? "JSON" : "YAML") + ": "
                    + oneLine(e.getOriginalMessage()));
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new UsageException(file + ": empty; expected the run's settings, one 'key: value' per option");
        }
        if (!root.isObject()) {
            throw new UsageException(file + ": expected the run's settings as keys and values (such as 'method: mala'), found "
                    + describe(root));
        }
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            out.put(e.getKey(), e.getValue());
        }
        return out;
    }

    /** The value of an option from its node, of the option's type. */
    private static Object convert(Path file, String where, OptionSpec option, JsonNode value) {
        Class<?> type = option.type();
        if (type == boolean.class || type == Boolean.class) {
            if (!value.isBoolean()) {
                throw new UsageException(where + ": expected true or false, got " + describe(value));
            }
            return value.booleanValue();
        }
        if (type == int.class || type == Integer.class) {
            if (!value.isIntegralNumber() || !value.canConvertToInt()) {
                throw new UsageException(where + ": expected a whole number, got " + describe(value));
            }
            return value.intValue();
        }
        if (type == long.class || type == Long.class) {
            if (!value.isIntegralNumber() || !value.canConvertToLong()) {
                throw new UsageException(where + ": expected a whole number, got " + describe(value));
            }
            return value.longValue();
        }
        if (type == double.class || type == Double.class) {
            if (!value.isNumber()) {
                throw new UsageException(where + ": expected a number, got " + describe(value));
            }
            return value.doubleValue();
        }
        if (type == Path.class) {
            if (!value.isString() || value.asString().isBlank()) {
                throw new UsageException(where + ": expected a path, got " + describe(value));
            }
            Path p = Path.of(value.asString());
            Path folder = file.getParent();
            return p.isAbsolute() || folder == null ? p : folder.resolve(p);
        }
        if (type == String.class) {
            if (value.isArray() && LISTS.contains(option.longestName()) && !value.isEmpty()) {
                List<String> parts = new ArrayList<>();
                for (JsonNode v : value) {
                    if (!(v.isString() || v.isNumber())) {
                        throw new UsageException(where + ": expected a list of numbers or intervals, got " + describe(v)
                                + " in the list");
                    }
                    parts.add(v.asString());
                }
                return String.join(",", parts);
            }
            if (value.isString() || value.isNumber()) {
                return value.asString();
            }
            throw new UsageException(where + ": expected " + (LISTS.contains(option.longestName()) ? "a value or a list" : "a name")
                    + ", got " + describe(value));
        }
        throw new IllegalStateException("option " + option.longestName() + " of type " + type + " has no config conversion");
    }

    /** ", did you mean 'step-rule'?" for a key that differs only in case, dashes or underscores; else a pointer to the help. */
    private static String suggestion(String key, CommandSpec spec) {
        String plain = key.replaceAll("[-_]", "").toLowerCase(Locale.ROOT);
        if (plain.equals("model")) {
            return "; did you mean 'model'?";
        }
        for (OptionSpec o : spec.options()) {
            String name = o.longestName();
            if (name.startsWith("--") && !NOT_IN_FILE.contains(name) && key(name).replace("-", "").equals(plain)) {
                return "; did you mean '" + key(name) + "'?";
            }
        }
        return " (the keys are model and the long options of 'otto run --help' without their dashes)";
    }

    /** A node in words, for messages: {@code the text 'many'}, {@code 2.5}, {@code a list}. */
    static String describe(JsonNode n) {
        if (n.isString()) {
            return "the text '" + otto.models.DataException.quote(n.asString()) + "'";
        }
        if (n.isNumber() || n.isBoolean()) {
            return n.asString();
        }
        if (n.isArray()) {
            return "a list";
        }
        if (n.isObject()) {
            return "a nested mapping";
        }
        if (n.isNull()) {
            return "no value";
        }
        return n.getNodeType().toString().toLowerCase(Locale.ROOT);
    }

    private static String text(Path file) {
        try {
            return otto.models.Inputs.readText(file, MAX_BYTES);
        } catch (otto.models.Inputs.Problem e) {
            throw new UsageException("--config " + file + ": " + e.getMessage());
        }
    }

    /** A parser's message on one line: its unindented lines (the indented ones quote the file and point into it). */
    private static String oneLine(String s) {
        if (s == null) {
            return "";
        }
        List<String> lines = new ArrayList<>();
        for (String line : s.split("\n")) {
            if (!line.isBlank() && !Character.isWhitespace(line.charAt(0))) {
                lines.add(line.trim());
            }
        }
        // the parser names the Java exception it met, "(java.lang.NumberFormatException)": not the user's concern
        return String.join("; ", lines).replaceAll("\\s*\\((?:[a-z]\\w*\\.)+[A-Z]\\w*(?:Exception|Error)\\)", "");
    }
}
