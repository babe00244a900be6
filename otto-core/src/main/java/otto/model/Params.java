package otto.model;

import java.util.HashMap;
import java.util.Map;
import otto.ad.Tape;
import otto.ad.Var;

/**
 * The constrained parameters (and transformed parameters) of one evaluation of a {@link Model},
 * on a {@link Tape}, with the log-Jacobian of the constraining maps accumulated alongside.
 */
public final class Params {
    private final Tape tape;
    private final Map<String, Var> values = new HashMap<>();
    private Var logJacobian;

    Params(Tape tape) {
        this.tape = tape;
    }

    /** The tape of this evaluation (for constants). */
    public Tape tape() {
        return tape;
    }

    /** A declared parameter, or a transformed parameter already defined. */
    public Var get(String name) {
        Var v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no parameter named '" + name + "' (yet)");
        }
        return v;
    }

    /** Element {@code i} (0-based) of a vector parameter. */
    public Var get(String name, int i) {
        return get(name).get(i);
    }

    /** Defines a transformed parameter declared with {@link Declarations#transformed}. */
    public void define(String name, Var value) {
        if (values.containsKey(name)) {
            throw new IllegalArgumentException("'" + name + "' is already defined");
        }
        values.put(name, value);
    }

    /** Adds {@code term} (a scalar) to the log-Jacobian. */
    public void addLogJacobian(Var term) {
        logJacobian = logJacobian == null ? term : logJacobian.add(term);
    }

    void put(String name, Var value) {
        values.put(name, value);
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    Var logJacobian() {
        return logJacobian == null ? tape.constant(0.0) : logJacobian;
    }
}
