package otto.cli;

import java.io.PrintWriter;
import java.util.stream.Collectors;
import otto.model.Model;
import otto.model.Parameter;
import otto.models.ModelZoo;
import otto.models.StanData;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code otto models}: the built-in models, their parameters and the data they read. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "List the built-in models: dimension, parameters and data fields.")
final class ModelsCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        for (ModelZoo.Entry e : ModelZoo.entries()) {
            out.println(e.name() + " — " + e.description());
            if (!e.needsData()) {
                Model m = e.create(StanData.empty());
                out.println("    dimension " + m.dimension() + " (with the defaults)");
                out.println("    parameters: " + m.parameters().stream().map(Parameter::describe).collect(Collectors.joining("; ")));
            }
            out.println("    data: " + e.fields().stream()
                    .map(f -> f.name() + " (" + f.type() + (f.required() ? "" : ", default " + f.fallback()) + ")")
                    .collect(Collectors.joining(", ")));
        }
        out.flush();
    }
}
