package otto.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Stan-JSON and CSV data: typed accessors, and every error names the source, the field and the problem on one line. */
class StanDataTest {
    @TempDir
    Path tmp;

    @Test
    void typedAccessors() {
        StanData d = StanData.parse("{\"N\": 2, \"x\": [1, 2.5], \"k\": [3, 4], \"X\": [[1, 2], [3, 4]], \"s\": 1.5, \"n\": 3.0,"
                + " \"one\": [7], \"e\": [], \"K\": 2}");
        assertThat(d.integer("N")).isEqualTo(2);
        assertThat(d.integer("n")).isEqualTo(3);
        assertThat(d.integer("one")).isEqualTo(7);
        assertThat(d.real("N")).isEqualTo(2.0);
        assertThat(d.vector("x", 2)).containsExactly(1, 2.5);
        assertThat(d.vector("x", "N")).containsExactly(1, 2.5);
        assertThat(d.vector("k", 2)).containsExactly(3, 4);
        assertThat(d.vector("s", 1)).containsExactly(1.5);
        assertThat(d.vector("e", 0)).isEmpty();
        assertThat(d.integers("k", 2)).containsExactly(3, 4);
        assertThat(d.integers("k", "N")).containsExactly(3, 4);
        assertThat(d.matrix("X", 2, 2)).containsExactly(1, 2, 3, 4);
        assertThat(d.matrix("X", "N", "K")).containsExactly(1, 2, 3, 4);
        assertThat(d.matrix("x", 2, 1)).containsExactly(1, 2.5);
        assertThat(d.real("s")).isEqualTo(1.5);
        assertThat(d.real("missing", 7.0)).isEqualTo(7.0);
        assertThat(d.integer("missing", 4)).isEqualTo(4);
        assertThat(d.length("x")).isEqualTo(2);
        assertThat(d.has("N")).isTrue();
        assertThat(d.has("nope")).isFalse();
        assertThat(d.names()).containsExactly("N", "x", "k", "X", "s", "n", "one", "e", "K");
        assertThat(d.source()).isEqualTo("JSON text");
    }

    @Test
    void emptyDataGivesDefaultsAndNamesMissingFields() {
        StanData d = StanData.empty();
        assertThat(d.integer("D", 2)).isEqualTo(2);
        assertThat(d.real("rho", 0.9)).isEqualTo(0.9);
        assertThat(d.names()).isEmpty();
        assertThatThrownBy(() -> d.integer("N")).isInstanceOf(DataException.class).hasMessage("(no data): field 'N' is missing");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"x\": [1, 2]}                 | integer N        | field 'N' is missing",
        "{\"N\": 2.5}                    | integer N        | field 'N' should be an integer, found the number 2.5",
        "{\"N\": \"2\"}                  | integer N        | field 'N' should be an integer, found a string \"2\"",
        "{\"N\": [1, 2]}                 | integer N        | field 'N' should be an integer, found an array of 2",
        "{\"N\": 3000000000}             | integer N        | field 'N' = 3000000000 is too large for an integer",
        "{\"s\": null}                   | real s           | field 's' should be a number, found null",
        "{\"s\": {\"a\": 1}}             | real s           | field 's' should be a number, found an object",
        "{\"x\": [1, 2]}                 | vector x 3       | field 'x' has 2 elements, expected 3",
        "{\"N\": 8, \"y\": [1,2,3,4,5,6,7]} | vector y N    | field 'y' has 7 elements, expected N = 8",
        "{\"N\": 2, \"y\": 1.5}          | vector y N       | field 'y' should be an array of N = 2 numbers, found the number 1.5",
        "{\"x\": [1, true]}              | vector x 2       | field 'x[2]' should be a number, found a boolean",
        "{\"x\": [1, [2]]}               | vector x 2       | field 'x[2]' should be a number, found an array of 1",
        "{\"x\": \"Infinity\"}           | vector x 1       | field 'x' is Infinity; a finite number is needed",
        "{\"x\": [1, \"NaN\"]}           | vector x 2       | field 'x[2]' is NaN; a finite number is needed",
        "{\"x\": [1, 1e999]}             | vector x 2       | field 'x[2]' = ",
        "{\"X\": [[1, 2], [3]]}          | matrix X 2 2     | field 'X' row 2 has 1 columns, expected 2",
        "{\"X\": [[1, 2], 3]}            | matrix X 2 2     | field 'X' row 2 should be an array of 2 numbers, found the number 3",
        "{\"X\": [[1, 2]]}               | matrix X 2 2     | field 'X' has 1 rows, expected 2",
        "{\"N\": 2, \"K\": 2, \"X\": [[1, 2]]} | matrix X N K | field 'X' has 1 rows, expected N = 2",
        "{\"N\": 1, \"K\": 3, \"X\": [[1, 2]]} | matrix X N K | field 'X' row 1 has 2 columns, expected K = 3",
        "{\"X\": 4}                      | matrix X 2 2     | field 'X' should be a 2 × 2 matrix (an array of rows), found the number 4",
        "{\"X\": [[1, \"a\"], [3, 4]]}   | matrix X 2 2     | field 'X[1,2]' should be a number, found a string \"a\"",
        "{\"k\": [1, 2.5]}               | integers k 2     | field 'k[2]' should be an integer, found the number 2.5",
        "{\"k\": [1, 2, 3]}              | integers k 2     | field 'k' has 3 elements, expected 2",
        "{\"N\": 2, \"k\": 7}            | integers k N     | field 'k' should be an array of N = 2 integers, found the number 7",
        "{\"k\": 4}                      | length k         | field 'k' should be an array, found the number 4",
        "{\"x\": [1, 2]}                 | vector x M       | field 'M' is missing",
    })
    void errorsNameTheSourceAndTheField(String json, String call, String expected) {
        assertThatThrownBy(() -> {
            StanData d = StanData.parse(json.trim(), "data.json");
            String[] c = call.trim().split(" +");
            boolean byField = c.length > 2 && !Character.isDigit(c[2].charAt(0));
            switch (c[0]) {
                case "integer" -> d.integer(c[1]);
                case "real" -> d.real(c[1]);
                case "length" -> d.length(c[1]);
                case "vector" -> {
                    if (byField) {
                        d.vector(c[1], c[2]);
                    } else {
                        d.vector(c[1], Integer.parseInt(c[2]));
                    }
                }
                case "integers" -> {
                    if (byField) {
                        d.integers(c[1], c[2]);
                    } else {
                        d.integers(c[1], Integer.parseInt(c[2]));
                    }
                }
                case "matrix" -> {
                    if (byField) {
                        d.matrix(c[1], c[2], c[3]);
                    } else {
                        d.matrix(c[1], Integer.parseInt(c[2]), Integer.parseInt(c[3]));
                    }
                }
                default -> throw new IllegalStateException(call);
            }
        }).isInstanceOf(DataException.class).hasMessageStartingWith("data.json: ").hasMessageContaining(expected.trim())
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"N\": 2,\\n \"x\": [1, 2                | malformed JSON at line 2",
        "{\"N\": 2,\\n\\n \"x\": [1, 2,, 3]}        | malformed JSON at line 3",
        "{\"N\": 2, \"N\": 3}                       | malformed JSON at line 1",
        "{\"N\": 2} extra                          | malformed JSON",
        "{N: 2}                                    | malformed JSON at line 1",
        "[1, 2]                                    | expected a JSON object of data fields, found an array of 2",
        "7                                         | expected a JSON object of data fields, found the number 7",
        "'   '                                     | empty",
    })
    void malformedJsonSaysWhere(String text, String expected) {
        String json = text.replace("\\n", "\n");
        assertThatThrownBy(() -> StanData.parse(json, "f.json"))
                .isInstanceOf(DataException.class).hasMessageStartingWith("f.json: ").hasMessageContaining(expected.trim())
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void deeplyNestedJsonIsRejectedNotAStackOverflow() {
        String json = "{\"a\": " + "[".repeat(1000) + "]".repeat(1000) + "}";
        assertThatThrownBy(() -> StanData.parse(json, "f.json")).isInstanceOf(DataException.class).hasMessageContaining("malformed JSON");
    }

    @Test
    void filesNameThemselves() throws IOException {
        Path f = tmp.resolve("d.json");
        Files.writeString(f, "{\"N\": 3, \"y\": [1, 2]}");
        StanData d = StanData.read(f);
        assertThat(d.source()).isEqualTo(f.toString());
        assertThatThrownBy(() -> d.vector("y", "N")).hasMessage(f + ": field 'y' has 2 elements, expected N = 3");
        assertThatThrownBy(() -> StanData.read(tmp.resolve("nope.json"))).isInstanceOf(DataException.class)
                .hasMessage(tmp.resolve("nope.json") + ": no such file");
        Files.write(f, new byte[] {'{', (byte) 0xff, '}'});
        assertThatThrownBy(() -> StanData.read(f)).isInstanceOf(DataException.class).hasMessage(f + ": not UTF-8 text");
    }

    @Test
    void regressionCsv() throws IOException {
        Path f = tmp.resolve("d.csv");
        Files.writeString(f, "x1,y,x2\n1,0,2\n3,1,4\n");
        StanData d = StanData.fromCsv(f);
        assertThat(d.integer("N")).isEqualTo(2);
        assertThat(d.integer("K")).isEqualTo(2);
        assertThat(d.matrix("X", 2, 2)).containsExactly(1, 2, 3, 4);
        assertThat(d.integers("y", 2)).containsExactly(0, 1);
        assertThat(ModelZoo.get("logistic_regression").create(d).dimension()).isEqualTo(2);
        assertThat(ModelZoo.get("linear_regression").create(d).dimension()).isEqualTo(3);
    }

    @Test
    void csvAsSpreadsheetsAndRWriteIt() throws IOException {
        Path f = tmp.resolve("r.csv");
        Files.write(f, ("\uFEFF# written by hand\r\n\"a\",\"y\" , \"b c\"\r\n\r\n -1.5e2 ,+2, .5\r\n3.,4,5E-1\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        StanData d = StanData.fromCsv(f);
        assertThat(d.integer("N")).isEqualTo(2);
        assertThat(d.matrix("X", "N", "K")).containsExactly(-150, 0.5, 3, 0.5);
        assertThat(d.vector("y", "N")).containsExactly(2, 4);
        Files.writeString(f, "y,x\n");
        assertThat(StanData.fromCsv(f).integer("N")).isZero();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "x1,y\\n1,0\\n3                | :3: 1 cells, expected 2 as in the header",
        "x1,y\\n1,0,5\\n               | :2: 3 cells, expected 2 as in the header",
        "x1,z\\n1,0                    | :1: no column named 'y' (the response) in the header x1,z",
        "y\\n1\\n                      | :1: only the response 'y' and no predictor columns",
        "x,y,x\\n1,2,3                 | :1: column name 'x' appears twice (columns 1 and 3)",
        "\"\",x,y\\n1,2,3              | :1: column 1 of the header has no name",
        "x1,y\\n1,abc                  | :2: column 'y' is not a number: 'abc'",
        "x1,y\\n1,NA                   | :2: column 'y' is not a number: 'NA'",
        "x1,y\\n1,0x10                 | :2: column 'y' is not a number: '0x10'",
        "x1,y\\n1,2d                   | :2: column 'y' is not a number: '2d'",
        "x1,y\\n1,Infinity             | :2: column 'y' is not a number: 'Infinity'",
        "x1,y\\n1,1e999                | :2: column 'y' is out of range",
        "x1,y\\n1,                     | :2: column 'y' is empty",
        "x1,y\\n\"1,2                  | :2: unterminated quote in cell 1",
        "x1,y\\n\"1\"2,2               | :2: text after the closing quote of cell 1",
        "x1,y\\n1,2\"3                 | :2: stray quote inside cell 2",
        "\\n\\n# nothing               | empty CSV file, expected a header line",
    })
    void csvErrorsNameTheLine(String text, String expected) throws IOException {
        Path f = tmp.resolve("bad.csv");
        Files.writeString(f, text.trim().replace("\\n", "\n"));
        assertThatThrownBy(() -> StanData.fromCsv(f)).isInstanceOf(DataException.class)
                .hasMessageStartingWith(f.toString()).hasMessageContaining(expected.trim())
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
