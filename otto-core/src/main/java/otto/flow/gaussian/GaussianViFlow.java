package otto.flow.gaussian;

import java.util.Map;
import otto.flow.Flow;
import otto.flow.FlowState;
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
    public int iterations() {
        return settings.iterations();
    }

    @Override
    public FlowState start(Target target, RunContext context) {
        return new GaussianViState(target, context, settings, covarianceStep);
    }
}
