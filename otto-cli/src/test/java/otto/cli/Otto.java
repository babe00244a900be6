package otto.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** The command line as the tests call it: {@code otto args…} in this JVM, its status and what it printed. */
final class Otto {
    private Otto() {
    }

    /** What a command did: its exit status, stdout and stderr. */
    record Outcome(int status, String out, String err) {
    }

    /** {@code otto args…} in this JVM. */
    static Outcome otto(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Outcome(status, out.toString(), err.toString());
    }
}
