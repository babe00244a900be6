package otto.cli;

import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

/**
 * Ctrl-C (SIGINT) and SIGTERM (what a batch system sends a job it pre-empts) during {@code otto run}:
 * the first asks the run to stop at the end of the current iteration and write what it has; a
 * second quits at once (exit status 128 + the signal; the last checkpoint is intact). The run then
 * exits with status 130 for SIGINT, 143 for SIGTERM (the shell's convention, 128 + the signal).
 *
 * <p>The handlers are {@code sun.misc.Signal}'s (module {@code jdk.unsupported}, in every JDK since
 * 9), reached by reflection so that the build needs no internal API; where it is missing, or the
 * JVM was told to leave the signals alone ({@code -Xrs}), nothing is installed and a signal ends
 * the JVM as usual. The previous handlers are put back by {@link #close()}.
 */
final class Interrupts implements AutoCloseable {
    /** SIGINT's number. */
    static final int SIGINT = 2;
    /** SIGTERM's number. */
    static final int SIGTERM = 15;

    private final PrintWriter err;
    private final boolean quiet;
    private final List<Object[]> previous = new ArrayList<>();
    private volatile int signal;
    private Method handle;

    private Interrupts(PrintWriter err, boolean quiet) {
        this.err = err;
        this.quiet = quiet;
    }

    /** Installs the handlers for SIGINT and SIGTERM. */
    static Interrupts install(PrintWriter err, boolean quiet) {
        Interrupts i = new Interrupts(err, quiet);
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            Method number = signalClass.getMethod("getNumber");
            i.handle = signalClass.getMethod("handle", signalClass, handlerClass);
            Object handler = Proxy.newProxyInstance(handlerClass.getClassLoader(), new Class<?>[] {handlerClass},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "handle" -> {
                            i.received((Integer) number.invoke(args[0]));
                            yield null;
                        }
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        default -> "otto run's signal handler";
                    });
            for (String name : new String[] {"INT", "TERM"}) {
                Object sig = signalClass.getConstructor(String.class).newInstance(name);
                try {
                    Object old = i.handle.invoke(null, sig, handler);
                    i.previous.add(new Object[] {sig, old});
                } catch (java.lang.reflect.InvocationTargetException refused) {
                    // the signal is used by the VM (-Xrs) or ignored: leave it as it is
                }
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // no sun.misc.Signal here: signals end the JVM as usual (the last checkpoint stays intact)
        }
        return i;
    }

    private void received(int number) {
        if (signal != 0) {
            Runtime.getRuntime().halt(128 + number);
        }
        signal = number;
        if (!quiet) {
            err.println();
            err.println("interrupted (" + name(number) + "): stopping after this iteration to write what is done; "
                    + (number == SIGINT ? "Ctrl-C" : "the signal") + " again quits at once");
            err.flush();
        }
    }

    /** Whether a signal asked the run to stop. */
    boolean requested() {
        return signal != 0;
    }

    /** The signal received (0: none). */
    int signal() {
        return signal;
    }

    /** The exit status for the signal received: 128 + its number. */
    int status() {
        return 128 + signal;
    }

    static String name(int number) {
        return number == SIGINT ? "SIGINT" : number == SIGTERM ? "SIGTERM" : "signal " + number;
    }

    /** For tests: as if the signal had come. */
    void raise(int number) {
        received(number);
    }

    @Override
    public void close() {
        for (Object[] p : previous) {
            try {
                handle.invoke(null, p[0], p[1]);
            } catch (ReflectiveOperationException | RuntimeException e) {
                // best effort
            }
        }
        previous.clear();
    }
}
