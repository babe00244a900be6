package otto.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StanDataTest {
    @TempDir
    Path tmp;

    @Test
    void typedAccessors() {
        StanData d = StanData.parse("{\"N\": 2, \"x\": [1, 2.5], \"k\": [3, 4], \"X\": [[1, 2], [3, 4]], \"s\": 1.5, \"n\": 3.0}", "t");
        assertThat(d.integer("N")).isEqualTo(2);
        assertThat(d.integer("n")).isEqualTo(3);
        assertThat(d.vector("x", 2)).containsExactly(1, 2.5);
        assertThat(d.integers("k", 2)).containsExactly(3, 4);
        assertThat(d.matrix("X", 2, 2)).containsExactly(1, 2, 3, 4);
        assertThat(d.real("s")).isEqualTo(1.5);
        assertThat(d.real("missing", 7.0)).isEqualTo(7.0);
        assertThat(d.names()).contains("N", "x");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"x\": [1, 2]}                 | integer N   | field 'N' is missing",
        "{\"N\": 2.5}                    | integer N   | field 'N' should be an integer",
        "{\"x\": [1, 2]}                 | vector x 3  | field 'x' has 2 elements, expected 3",
        "{\"x\": [1, true]}              | vector x 2  | field 'x[2]' should be a number, found a boolean",
        "{\"x\": \"Infinity\"}            | vector x 1  | field 'x' is Infinity",
        "{\"X\": [[1, 2], [3]]}          | matrix X 2  | field 'X' row 2 has 1 columns, expected 2",
        "{\"k\": [1, 2.5]}               | integers k 2 | field 'k[2]' should be an integer",
        "{\"a\": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]} | integer a | malformed JSON",
    })
    void errorsNameTheField(String json, String call, String expected) {
        assertThatThrownBy(() -> {
            StanData d = StanData.parse(json.trim(), "data.json");
            String[] c = call.trim().split(" ");
            switch (c[0]) {
                case "integer" -> d.integer(c[1]);
                case "vector" -> d.vector(c[1], Integer.parseInt(c[2]));
                case "integers" -> d.integers(c[1], Integer.parseInt(c[2]));
                case "matrix" -> d.matrix(c[1], Integer.parseInt(c[2]), 2);
                default -> throw new IllegalStateException();
            }
        }).isInstanceOf(DataException.class).hasMessageStartingWith("data.json: ").hasMessageContaining(expected.trim());
    }

    @Test
    void malformedJsonSaysWhere() {
        assertThatThrownBy(() -> StanData.parse("{\"N\": 2,\n \"x\": [1, 2", "f.json"))
                .isInstanceOf(DataException.class).hasMessageContaining("f.json: malformed JSON at line 2");
        assertThatThrownBy(() -> StanData.parse("", "f.json")).hasMessageContaining("empty");
        assertThatThrownBy(() -> StanData.read(tmp.resolve("nope.json"))).hasMessageContaining("no such file");
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
        Files.writeString(f, "x1,y\n1,0\n3\n");
        assertThatThrownBy(() -> StanData.fromCsv(f)).hasMessageContaining(f + ":3: 1 cells, the header has 2");
        Files.writeString(f, "x1,z\n1,0\n");
        assertThatThrownBy(() -> StanData.fromCsv(f)).hasMessageContaining("no column named 'y'");
        Files.writeString(f, "x1,y\n1,abc\n");
        assertThatThrownBy(() -> StanData.fromCsv(f)).hasMessageContaining("column 'y' is not a number");
    }

    @Test
    void unknownModelListsTheKnownOnes() {
        assertThatThrownBy(() -> ModelZoo.get("nope")).hasMessageContaining("unknown model 'nope'").hasMessageContaining("eight_schools_noncentered");
    }
}
