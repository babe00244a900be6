import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import otto.diagnostics.Summary;
import otto.flow.Result;
import otto.flow.Run;
import otto.flow.gaussian.ForwardBackwardVi;
import otto.flow.gaussian.GaussianViSettings;
import otto.flow.particle.Mala;
import otto.model.Model;
import otto.models.ModelZoo;
import otto.models.StanData;

/**
 * Otto from Java: the eight-schools posterior (non-centred) by MALA and by forward-backward
 * Gaussian VI, with the posterior summary of each (the numbers otto run writes to summary.csv).
 *
 * <p>From the repository root, once the command-line jar is built (./otto models builds it):
 *
 * <pre>
 *     java -cp otto-cli/target/otto.jar examples/java/QuickStart.java
 * </pre>
 *
 * (a single source file runs as it is on JDK 17 and later; an argument names another data file).
 */
public class QuickStart {
    public static void main(String[] args) {
        Path data = Path.of(args.length > 0 ? args[0] : "examples/eight_schools.json");
        Model model = ModelZoo.get("eight_schools_noncentered").create(StanData.read(data));

        // MALA: 4 chains, 1000 warm-up iterations and 1000 draws each; the same numbers on any number of threads
        Result mala = Run.of(model, new Mala(Mala.Settings.defaults())).seed(42).threads(2).execute();
        System.out.printf(Locale.ROOT, "%s: %d iterations in %.2f s%n", mala.method(), mala.iterations(), mala.totalSeconds());
        print(mala.summary(model));

        // forward-backward VI: a Gaussian fit, its ELBO with a Monte Carlo standard error
        Result fbvi = Run.of(model, new ForwardBackwardVi(GaussianViSettings.defaults())).seed(42).execute();
        System.out.printf(Locale.ROOT, "%n%s: ELBO %.3f ± %.3f%n", fbvi.method(), (Double) fbvi.info().get("elbo"),
                (Double) fbvi.info().get("elbo_se"));
        print(fbvi.summary(model));
    }

    /** The summary of the model's parameters and transformed parameters, one line each. */
    static void print(List<Summary> summaries) {
        System.out.printf(Locale.ROOT, "%-15s %9s %9s %9s %9s %9s %8s %7s%n", "", "mean", "sd", "q5", "q95", "mcse", "ess_bulk",
                "rhat");
        for (Summary s : summaries) {
            System.out.printf(Locale.ROOT, "%-15s %9.4f %9.4f %9.4f %9.4f %9.4f %8.0f %7.3f%n", s.name(), s.mean(), s.sd(), s.q5(),
                    s.q95(), s.mcseMean(), s.essBulk(), s.rhat());
        }
    }
}
