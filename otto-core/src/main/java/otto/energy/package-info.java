/**
 * The free energy {@code F(q) = ∫ q log q + ∫ V q = KL(q || π) - log p(y) = -ELBO} and its
 * estimators, with Monte Carlo standard errors: the one number every method reports.
 */
package otto.energy;
