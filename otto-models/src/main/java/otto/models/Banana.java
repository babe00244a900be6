package otto.models;

import otto.ad.Var;
import otto.model.Declarations;
import otto.model.Model;
import otto.model.Params;

/**
 * The Rosenbrock "banana" in 2-D (Goodman & Weare 2010):
 * {@code log π(x) = -[b (x₂ - x₁²)² + (a - x₁)²] / s}, defaults {@code a = 1, b = 100, s = 20}.
 * Exactly: {@code x₁ ~ N(a, v)} with {@code v = s/2}, and given {@code x₁},
 * {@code x₂ ~ N(x₁², s/(2b))}; so {@code E x₁ = a}, {@code E x₂ = a² + v},
 * {@code Var x₁ = v}, {@code Cov(x₁, x₂) = 2av}, {@code Var x₂ = 4a²v + 2v² + s/(2b)}, and the
 * unnormalised density integrates to {@code Z = π s / √b} ({@code log Z = log(π s / √b)}). With
 * the defaults: mean {@code (1, 11)}, variances {@code 10} and {@code 240.1}, covariance {@code 20}.
 */
final class Banana extends Model {
    private final double a;
    private final double b;
    private final double s;

    Banana(StanData data) {
        super("banana");
        this.a = data.real("a", 1.0);
        this.b = Checks.positiveReal(data, "b", data.real("b", 100.0));
        this.s = Checks.positiveReal(data, "scale", data.real("scale", 20.0));
    }

    @Override
    protected void declare(Declarations d) {
        d.real("x", 2);
    }

    @Override
    protected Var logDensity(Params p) {
        Var x = p.get("x");
        Var x1 = x.get(0);
        Var x2 = x.get(1);
        return x2.sub(x1.square()).square().mul(b).add(x1.rsub(a).square()).mul(-1.0 / s);
    }
}
