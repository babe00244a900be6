package otto.flow.gaussian;

import java.util.List;
import java.util.Map;
import otto.flow.Flow;
import otto.flow.FlowState;
import otto.flow.MemoryEstimate;
import otto.flow.RunContext;
import otto.model.Target;

/** A Gaussian flow: the shared {@link GaussianViState} with a method's own covariance step. */
abstract class GaussianViFlow implements Flow {
    private final GaussianViSettings settings;
    private final String name;
    private final CovarianceStep covarianceStep;

    GaussianViFlow(GaussianViSettings settings, String name, CovarianceStep covarianceStep) {
        this.settings = settings;
        this.name = name;
        this.covarianceStep = covarianceStep;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Map<String, Object> settings() {
        return settings.describe();
    }

    @Override
    public MemoryEstimate memory(int dimension) {
        return gaussianMemory(8, 1, settings.samples(), "samples", settings.chains(), settings.draws(), dimension);
    }

    /**
     * The memory of a Gaussian (or mixture) fit: {@code matrices} d × d matrices per component
     * (covariance, its factor, the Laplace fit's Hessian, the averages and the step's work space:
     * some eight for a dense fit); a step's {@code samples} points with their gradients (some four
     * arrays of samples × d; per component for a mixture); and the draws of the fit, kept with
     * {@code lp__} and the log importance ratios, once constrained and worked on by the summaries
     * (three copies).
     *
     * @param samplesSetting the name of the samples' setting in {@link Flow#settings()}, or null when no
     *                       option of the command line sets it
     */
    static MemoryEstimate gaussianMemory(int matrices, int components, int samples, String samplesSetting, int chains,
                                         int draws, int d) {
        List<String> perComponent = components > 1 ? List.of("components") : List.of();
        MemoryEstimate fit = new MemoryEstimate(MemoryEstimate.doubles((double) matrices * components * d * d),
                (components > 1 ? components + " components × " : "") + matrices + " matrices of d × d = " + d + " × " + d,
                perComponent);
        MemoryEstimate step = new MemoryEstimate(MemoryEstimate.doubles(4.0 * components * samples * d),
                (components > 1 ? components + " components × " : "") + samples + " samples a step × d = " + d,
                samplesSetting == null ? perComponent : List.of(samplesSetting));
        MemoryEstimate kept = new MemoryEstimate(MemoryEstimate.draws(chains, draws, d, 2, 3), chains + " chains × " + draws
                + " draws × d = " + d + " drawn from the fit", List.of("chains", "draws"));
        return MemoryEstimate.sum(fit, step, kept);
    }

    @Override
    public int iterations() {
        return settings.iterations();
    }

    @Override
    public FlowState start(Target target, RunContext context) {
        return new GaussianViState(target, context, settings, covarianceStep);
    }
}
