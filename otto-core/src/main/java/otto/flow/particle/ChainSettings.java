package otto.flow.particle;

/**
 * The settings every chain method (ULA, MALA, kinetic Langevin) has, so that code which sets
 * them — the command line, a harness — need not know the method.
 *
 * @param <S> the method's own settings type
 */
public interface ChainSettings<S extends ChainSettings<S>> {
    /** With {@code v} chains. */
    S withChains(int v);

    /** With {@code v} warm-up iterations per chain. */
    S withWarmup(int v);

    /** With {@code v} kept draws per chain. */
    S withDraws(int v);

    /** With a fixed step {@code v}. */
    S withStep(double v);

    /** With the preconditioner's form {@code v}. */
    S withMetric(Metric v);

    /** With the preconditioner taken from {@code v}. */
    S withPreconditioner(Preconditioner v);
}
