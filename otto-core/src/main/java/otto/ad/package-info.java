/**
 * Reverse-mode automatic differentiation on a tape of whole-array operations.
 *
 * <p>A {@link otto.ad.Tape} records {@link otto.ad.Var} nodes, each an array; elementwise
 * functions, sums, dot products, products with data {@link otto.ad.Matrix matrices}, slicing,
 * gathering and cumulative sums are single nodes, so a GLM's log density is a handful of nodes.
 * Every elementwise function carries its second derivative, and a tape created with tangents
 * propagates forward tangents and adjoint tangents, giving exact Hessian–vector products
 * (forward-over-reverse) for anything written here; see {@link otto.ad.Gradients}.
 */
package otto.ad;
