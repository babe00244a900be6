package otto.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import otto.model.Model;

/** The registry: names, descriptions, data fields, and what happens with missing or bad data. */
class ModelZooTest {
    static List<String> names() {
        return ModelZoo.names();
    }

    @Test
    void listsEveryModelOnce() {
        assertThat(ModelZoo.names()).doesNotHaveDuplicates().containsExactly(
                "std_normal", "correlated_normal", "banana", "funnel", "gaussian_mixture",
                "logistic_regression", "linear_regression", "poisson_regression",
                "eight_schools_noncentered", "arK", "diamonds", "gp_pois_regr", "kidscore_momiq", "logearn_interaction",
                "blr", "garch11", "nes", "kilpisjarvi", "low_dim_gauss_mix");
        assertThat(ModelZoo.entries()).extracting(ModelZoo.Entry::name).isEqualTo(ModelZoo.names());
    }

    @Test
    void unknownModelListsTheKnownOnes() {
        assertThatThrownBy(() -> ModelZoo.get("nope")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown model 'nope'").hasMessageContaining("eight_schools_noncentered")
                .hasMessageContaining("std_normal");
    }

    @ParameterizedTest
    @MethodSource("names")
    void entriesDescribeThemselves(String name) {
        ModelZoo.Entry e = ModelZoo.get(name);
        assertThat(e.name()).isEqualTo(name);
        assertThat(e.description()).isNotBlank().doesNotContain("\n");
        assertThat(e.fields()).extracting(ModelZoo.Field::name).doesNotHaveDuplicates();
        for (ModelZoo.Field f : e.fields()) {
            assertThat(f.type()).isNotBlank();
        }
        if (e.needsData()) {
            String required = e.fields().stream().filter(ModelZoo.Field::required).findFirst().orElseThrow().name();
            assertThatThrownBy(() -> e.create(StanData.empty())).isInstanceOf(DataException.class)
                    .hasMessageContaining("field '" + required + "' is missing");
        } else {
            Model m = e.create(StanData.empty());
            assertThat(m.name()).isEqualTo(name);
            assertThat(m.dimension()).isPositive();
            double[] g = new double[m.dimension()];
            assertThat(m.logDensity(new double[m.dimension()], g)).isFinite();
        }
    }

    /** Data a model cannot use is a DataException that names the field. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "std_normal         | {\"D\": 0}                                     | field 'D' must be at least 1, got 0",
        "correlated_normal  | {\"D\": 3, \"rho\": -0.5}                      | field 'rho' = -0.5 must lie in (-1/(D-1), 1)",
        "correlated_normal  | {\"rho\": 1}                                   | field 'rho' = 1.0 must lie in (-1/(D-1), 1)",
        "banana             | {\"b\": -1}                                    | field 'b' must be positive",
        "funnel             | {\"D\": 1}                                     | field 'D' must be at least 2",
        "logistic_regression | {\"N\": 2, \"K\": 1, \"X\": [[1],[2]], \"y\": [0, 2]} | field 'y[2]' must be 0 or 1, got 2",
        "logistic_regression | {\"N\": 2, \"K\": 1, \"X\": [[1],[2]], \"y\": [0, 0.5]} | field 'y[2]' should be an integer",
        "logistic_regression | {\"N\": 2, \"K\": 1, \"X\": [[1],[2]], \"y\": [0, 1], \"prior_scale\": 0} | field 'prior_scale' must be positive",
        "poisson_regression | {\"N\": 2, \"K\": 1, \"X\": [[1],[2]], \"y\": [0, -1]} | field 'y[2]' must be a non-negative count",
        "linear_regression  | {\"N\": 3, \"K\": 1, \"X\": [[1],[2]], \"y\": [0, 1, 2]} | field 'X' has 2 rows, expected N = 3",
        "eight_schools_noncentered | {\"J\": 2, \"y\": [1, 2], \"sigma\": [1, 0]} | field 'sigma[2]' must be positive",
        "arK                | {\"K\": 5, \"T\": 5, \"y\": [1,2,3,4,5]}       | leaves no observation after the first K = 5",
        "garch11            | {\"T\": 2, \"y\": [1, 2], \"sigma1\": -1}       | field 'sigma1' must be positive",
        "nes                | {\"N\": 1, \"partyid7\": [1], \"real_ideo\": [1], \"race_adj\": [1], \"age_discrete\": [5], \"educ1\": [1], \"gender\": [1], \"income\": [1]} | field 'age_discrete[1]' must be in 1..4, got 5",
        "logearn_interaction | {\"N\": 1, \"earn\": [0], \"height\": [1], \"male\": [1]} | field 'earn[1]' must be positive",
        "gp_pois_regr       | {\"N\": 2, \"x\": [1, 2], \"k\": [1, -3]}        | field 'k[2]' must be a non-negative count",
        "diamonds           | {\"N\": 1, \"K\": 1, \"X\": [[1]], \"Y\": [1]}   | field 'K' must be at least 2",
        "kilpisjarvi        | {\"N\": 1, \"x\": [1], \"y\": [1], \"pmualpha\": 0, \"psalpha\": 0, \"pmubeta\": 0, \"psbeta\": 1} | field 'psalpha' must be positive",
    })
    void badDataNamesTheField(String name, String json, String expected) {
        assertThatThrownBy(() -> ModelZoo.get(name.trim()).create(StanData.parse(json.trim(), "d.json")))
                .isInstanceOf(DataException.class).hasMessageStartingWith("d.json: ").hasMessageContaining(expected.trim());
    }
}
