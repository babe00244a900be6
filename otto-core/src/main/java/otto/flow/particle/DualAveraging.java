package otto.flow.particle;

/**
 * Nesterov dual averaging of the log step size towards a target acceptance rate (Hoffman &
 * Gelman 2014, with Stan's constants γ = 0.05, t₀ = 10, κ = 0.75).
 */
final class DualAveraging {
    private static final double GAMMA = 0.05;
    private static final double T0 = 10.0;
    private static final double KAPPA = 0.75;
    private final double target;
    private double mu;
    private double hBar;
    private double logStepBar;
    private int count;

    DualAveraging(double target, double initialStep) {
        this.target = target;
        restart(initialStep);
    }

    void restart(double step) {
        mu = Math.log(10.0 * step);
        hBar = 0.0;
        logStepBar = 0.0;
        count = 0;
    }

    /** Updates with an acceptance probability, returning the next step size. */
    double update(double acceptance) {
        count++;
        double eta = 1.0 / (count + T0);
        hBar = (1.0 - eta) * hBar + eta * (target - acceptance);
        double logStep = mu - Math.sqrt(count) / GAMMA * hBar;
        double w = Math.pow(count, -KAPPA);
        logStepBar = w * logStep + (1.0 - w) * logStepBar;
        return Math.exp(logStep);
    }

    void save(otto.flow.StateWriter out) throws java.io.IOException {
        out.writeDouble(mu);
        out.writeDouble(hBar);
        out.writeDouble(logStepBar);
        out.writeInt(count);
    }

    void restore(otto.flow.StateReader in) throws java.io.IOException {
        mu = in.readDouble();
        hBar = in.readDouble();
        logStepBar = in.readDouble();
        count = in.readInt();
    }

    /** Saves {@code adapt} (entries may be null). */
    static void save(DualAveraging[] adapt, otto.flow.StateWriter out) throws java.io.IOException {
        out.writeInt(adapt.length);
        for (DualAveraging a : adapt) {
            out.writeBoolean(a != null);
            if (a != null) {
                a.save(out);
            }
        }
    }

    /** Restores {@code adapt} in place, creating entries with {@code target} where the saved ones exist. */
    static void restore(DualAveraging[] adapt, double target, otto.flow.StateReader in) throws java.io.IOException {
        in.count(adapt.length, "step-size adaptations");
        for (int c = 0; c < adapt.length; c++) {
            if (in.readBoolean()) {
                if (adapt[c] == null) {
                    adapt[c] = new DualAveraging(target, 1.0);
                }
                adapt[c].restore(in);
            } else {
                adapt[c] = null;
            }
        }
    }

    /** The averaged step size, used after warm-up. */
    double averagedStep() {
        return Math.exp(logStepBar);
    }
}
