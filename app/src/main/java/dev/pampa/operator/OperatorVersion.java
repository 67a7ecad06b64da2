package dev.pampa.operator;

import dev.pampa.cli.RuntimeVersion;
import picocli.CommandLine.IVersionProvider;

/** {@code pampa --version}: the app's version and the Java it runs on (an installer bundles its own). */
public final class OperatorVersion implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"pampa " + RuntimeVersion.current(),
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.home") + ")"};
    }
}
