package otto.cli.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunFolderTest {
    @TempDir
    Path tmp;

    /**
     * A small run folder in Otto's layout: 2 chains of 20 draws of mu and tau (with accept_stat__
     * 0.05 for a chain method), a summary that flags tau, a trace and run.json.
     */
    static Path minimalRun(Path dir, String method, String resultJson, String faultsJson) throws IOException {
        Files.createDirectories(dir);
        boolean chains = List.of("mala", "ula", "kinetic").contains(method);
        StringBuilder d = new StringBuilder("# model = toy\n# method = " + method + "\nlp__," + (chains ? "accept_stat__," : "")
                + "chain__,mu,tau\n");
        SplittableRandom rng = new SplittableRandom(1);
        for (int c = 1; c <= 2; c++) {
            for (int i = 0; i < 20; i++) {
                d.append(-1.5).append(',').append(chains ? "0.05," : "").append(c).append(',').append(rng.nextDouble())
                        .append(',').append(1 + rng.nextDouble()).append('\n');
            }
        }
        Files.writeString(dir.resolve("draws.csv"), d.toString());
        Files.writeString(dir.resolve("summary.csv"), "name,mean,sd,median,mad,q5,q50,q95,ess_bulk,ess_tail,rhat,mcse_mean,mcse_sd\n"
                + "mu,0.5,0.3,0.5,0.3,0.05,0.5,0.95,400,380,1.002,0.015,0.01\n"
                + "tau,1.5,0.3,1.5,0.3,1.05,1.5,1.95,35,60,1.04,0.05,0.03\n");
        Files.writeString(dir.resolve("trace.csv"), "iteration,seconds,free_energy,elbo,step_size\n0,0.01,,,0.5\n1,0.02,,,0.4\n"
                + "2,0.03,,,0.4\n");
        Files.writeString(dir.resolve("run.json"), "{\"model\": \"toy\", \"data\": null, \"method\": \"" + method + "\", "
                + "\"settings\": {\"warmup\": 10}, \"seed\": 4, \"threads\": 1, \"stop_reason\": \"completed\", "
                + "\"versions\": {\"otto\": \"test\"}, \"timing\": {\"total_seconds\": 0.5, \"iterations\": 30, "
                + "\"seconds_per_iteration_median\": 0.01}, \"faults\": " + faultsJson + ", \"result\": " + resultJson + "}");
        return dir;
    }

    @Test
    void readsEveryFileOfARun() throws IOException {
        Path dir = minimalRun(tmp.resolve("r"), "mala", "{}", "{\"counts\": {}, \"examples\": []}");
        RunFolder run = RunFolder.read(dir);
        assertThat(run.method()).isEqualTo("mala");
        assertThat(run.model()).isEqualTo("toy");
        assertThat(run.draws().names()).containsExactly("mu", "tau");
        assertThat(run.draws().chains()).isEqualTo(2);
        assertThat(run.draws().draws()).isEqualTo(20);
        assertThat(run.sampler().names()).containsExactly("lp__", "accept_stat__");
        assertThat(run.summary()).hasSize(2);
        assertThat(run.summary().get(1).get("ess_bulk")).isEqualTo(35);
        assertThat(run.trace().column("step_size")).containsExactly(0.5, 0.4, 0.4);
        assertThat(run.trace().column("free_energy")).containsOnly(Double.NaN);
        assertThat(run.density()).isNull();
    }

    @Test
    void readsTheGridDensityWhateverTheRowOrder() throws IOException {
        Path f = tmp.resolve("density.csv");
        List<String> rows = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 2; j++) {
                    rows.add((t * 5) + "," + (i - 1) + "," + (j * 0.5) + "," + (100 * t + 10 * i + j));
                }
            }
        }
        Collections.shuffle(rows, new java.util.Random(2));
        Files.writeString(f, "# density of jko on toy at 2 times\ntime,x.1,x.2,density\n" + String.join("\n", rows) + "\n");
        RunFolder.Density d = RunFolder.readDensity(f);
        assertThat(d.axes()).containsExactly("x.1", "x.2");
        assertThat(d.centres()[0]).containsExactly(-1, 0, 1);
        assertThat(d.centres()[1]).containsExactly(0, 0.5);
        assertThat(d.times()).containsExactlyInAnyOrder(0, 5);
        int late = d.times()[0] == 5 ? 0 : 1;
        // row-major, the last axis fastest: cell (i, j) at i * 2 + j
        assertThat(d.values().get(late)).containsExactly(100, 101, 110, 111, 120, 121);
        assertThat(d.cells()).isEqualTo(6);
    }

    @Test
    void problemsWithTheFolderNameTheInput() throws IOException {
        assertThatThrownBy(() -> RunFolder.read(tmp.resolve("nowhere"))).hasMessage(tmp.resolve("nowhere") + ": no such folder");
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertThatThrownBy(() -> RunFolder.read(empty)).hasMessageStartingWith(empty + ": not a run folder: it has no run.json");
        Path dir = minimalRun(tmp.resolve("m"), "mala", "{}", "{}");
        Files.delete(dir.resolve("trace.csv"));
        assertThatThrownBy(() -> RunFolder.read(dir)).hasMessageStartingWith(dir.resolve("trace.csv") + ": missing:");
        Path grid = minimalRun(tmp.resolve("g"), "jko", "{}", "{}");
        assertThatThrownBy(() -> RunFolder.read(grid))
                .hasMessage(grid.resolve("density.csv") + ": missing: method jko writes its density there");
    }
}
