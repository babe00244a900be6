package otto.cli;

import picocli.CommandLine;

/** The version printed by {@code otto --version}. */
final class Version implements CommandLine.IVersionProvider {
    /** Otto's version. */
    static final String OTTO = "0.1.0-SNAPSHOT";

    @Override
    public String[] getVersion() {
        return new String[] {"otto " + OTTO, "Java " + System.getProperty("java.version")};
    }
}
