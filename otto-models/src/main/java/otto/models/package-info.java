/**
 * The model zoo and its data.
 *
 * <p>{@link otto.models.ModelZoo} lists the built-in models by name, each with a one-line
 * description, the data fields it reads and a factory from {@link otto.models.StanData}:
 * <ul>
 *   <li>standard targets whose answers are known exactly ({@code std_normal},
 *       {@code correlated_normal}, {@code banana}, {@code funnel}, {@code gaussian_mixture}; data
 *       optional);</li>
 *   <li>regressions ({@code logistic_regression}, {@code linear_regression},
 *       {@code poisson_regression}) that evaluate many points at once with matrix products and
 *       give closed-form Hessians, equal to their automatic-differentiation path to rounding;</li>
 *   <li>the posteriordb posteriors Otto is checked against, under their model names, each with the
 *       density of its Stan program (up to a constant), the same parameters and constraints, and
 *       the same transformed parameters reported.</li>
 * </ul>
 *
 * <p>{@link otto.models.StanData} reads Stan's JSON data format (and CSV for regressions); every
 * problem with data is a {@link otto.models.DataException} whose one-line message names the input
 * and the field.
 */
package otto.models;
