package otto.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the benchmark logistic regression's data ({@link LogisticRegressionData}, seed 1) as Stan
 * JSON, so that other samplers (scripts/stan-nuts) run on exactly the posterior Otto's
 * {@link EssPerSecond} measures.
 *
 * <pre>java -cp otto-bench/target/benchmarks.jar otto.bench.ExportLogisticData OUT.json [N] [K]</pre>
 */
public final class ExportLogisticData {
    private ExportLogisticData() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: ExportLogisticData OUT.json [N] [K]");
            System.exit(2);
        }
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int k = args.length > 2 ? Integer.parseInt(args[2]) : 25;
        Files.writeString(Path.of(args[0]), new LogisticRegressionData(n, k).json(), StandardCharsets.UTF_8);
    }
}
