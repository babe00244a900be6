/**
 * The little numerics the rest of Otto needs: special functions written to stay accurate in
 * the tails (logistic, {@code log1p(exp)}, log-sum-exp, log-gamma), small dense linear algebra,
 * and {@link otto.math.GlmKernel}, the data work of generalised linear models for many points at
 * once (plain Java by default; the JDK's Vector API when the JVM runs with
 * {@code --add-modules jdk.incubator.vector}, with the same numbers bit for bit).
 */
package otto.math;
