package otto.flow;

import java.util.LinkedHashMap;
import java.util.Map;

/** Named numbers a flow reports at a recorded iteration. */
public final class Monitors {
    /** The free energy {@code F(q) = ∫ q log q + ∫ V q = -ELBO}. */
    public static final String FREE_ENERGY = "free_energy";
    /** Monte Carlo standard error of the free-energy estimate. */
    public static final String FREE_ENERGY_SE = "free_energy_se";

    private final Map<String, Double> values = new LinkedHashMap<>();

    /** Sets a monitor. */
    public Monitors put(String name, double value) {
        values.put(name, value);
        return this;
    }

    /** The monitors recorded, in the order they were put. */
    public Map<String, Double> values() {
        return values;
    }
}
