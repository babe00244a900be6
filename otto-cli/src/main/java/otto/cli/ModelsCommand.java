package otto.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import otto.model.Model;
import otto.model.Parameter;
import otto.models.ModelZoo;
import otto.models.StanData;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code otto models [NAME]}: a table of the built-in models (name, dimension, parameters, data
 * fields), or one model in detail.
 */
@Command(name = "models", mixinStandardHelpOptions = true, versionProvider = Version.class, usageHelpAutoWidth = true,
        description = {"List the built-in models.",
                "Shows each model's name, dimension, parameters and the data fields it reads.",
                "The dimension is the number of unconstrained parameters with the defaults; 'data' when it depends on the data.",
                "Optional data fields are shown with their default (name=default)."},
        footer = {"", "Examples:", "  otto models", "  otto models eight_schools_noncentered"})
final class ModelsCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "NAME", completionCandidates = Candidates.Models.class,
            description = "show this model in detail")
    String name;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        if (name != null) {
            ModelZoo.Entry e;
            try {
                e = ModelZoo.get(name);
            } catch (IllegalArgumentException ex) {
                throw new UsageException(ex.getMessage());
            }
            out.print(detail(e));
        } else {
            out.print(table());
        }
        out.flush();
    }

    /** The table of every model. */
    static String table() {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"model", "dim", "parameters", "data"});
        for (ModelZoo.Entry e : ModelZoo.entries()) {
            Model m = e.needsData() ? null : e.create(StanData.empty());
            rows.add(new String[] {e.name(), m == null ? "data" : Integer.toString(m.dimension()),
                    m == null ? "(depend on the data)" : parameters(m), fields(e)});
        }
        return Tables.format(rows, new boolean[] {false, true, false, false});
    }

    static String detail(ModelZoo.Entry e) {
        StringBuilder sb = new StringBuilder();
        sb.append(e.name()).append(": ").append(e.description()).append('\n');
        if (e.needsData()) {
            sb.append("  needs data (--data FILE, Stan JSON");
            if (acceptsCsv(e)) {
                sb.append(", or CSV with a column y and the predictors");
            }
            sb.append(")\n");
        } else {
            Model m = e.create(StanData.empty());
            sb.append("  dimension ").append(m.dimension()).append(" with the defaults\n");
            sb.append("  parameters: ").append(parameters(m)).append('\n');
        }
        sb.append("  data fields:\n");
        for (ModelZoo.Field f : e.fields()) {
            sb.append("    ").append(f.name()).append(": ").append(f.type())
                    .append(f.required() ? "" : " (default " + f.fallback() + ")").append('\n');
        }
        return sb.toString();
    }

    /** Whether the model reads regression CSV data: it has the fields N, K, X and y. */
    static boolean acceptsCsv(ModelZoo.Entry e) {
        List<String> names = e.fields().stream().map(ModelZoo.Field::name).toList();
        return names.containsAll(List.of("N", "K", "X", "y"));
    }

    private static String parameters(Model m) {
        return m.parameters().stream().map(Parameter::describe).collect(Collectors.joining("; "));
    }

    private static String fields(ModelZoo.Entry e) {
        return e.fields().stream().map(f -> f.required() ? f.name() : f.name() + "=" + f.fallback())
                .collect(Collectors.joining(", "));
    }
}
