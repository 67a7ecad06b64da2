package dev.pampa.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar's manifest ("dev" when run from classes). */
public final class RuntimeVersion implements IVersionProvider {
    public static String current() {
        String v = RuntimeVersion.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"pampa-runtime " + current()};
    }
}
