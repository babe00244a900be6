/**
 * Models and targets. A {@link otto.model.Target} is a log density on unconstrained
 * {@code ℝ^d} with its gradient and a batched form: the only thing a flow knows about a model.
 * A {@link otto.model.Model} declares parameters with {@link otto.model.Constraint constraints}
 * (bounds, possibly depending on earlier parameters; ordered vectors; simplexes; Cholesky factors
 * of correlation matrices), maps them to {@code ℝ^d} with the log-Jacobian added, and maps draws
 * back to the constrained scale with Stan-style names ({@code beta.1}, {@code L.2.1}).
 */
package otto.model;
