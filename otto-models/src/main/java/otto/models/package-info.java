/**
 * The model zoo and its data. {@link otto.models.ModelZoo} lists the built-in models: standard
 * targets whose answers are known exactly, regressions (GLMs evaluate many points at once with
 * matrix products and give closed-form Hessians), and the posteriordb posteriors Otto is checked
 * against, each written to give the same density as its Stan program. {@link otto.models.StanData}
 * reads Stan's JSON data format (and CSV for regressions) with errors that name the field.
 */
package otto.models;
