package dev.pampa.cli;

import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Where a command goes when given neither {@code --db} nor PAMPA_DB. The runtime alone has no default
 * (a node must be told its database); the operator's app provides one, its embedded database when it
 * runs on this machine, through {@link ServiceLoader}.
 */
public interface DefaultDatabase {

    /** The URL (with credentials) of the default database, when there is one now. */
    Optional<String> url();

    /** What to tell an operator who gave no database, e.g. how to start the default one. */
    String hint();

    static Optional<DefaultDatabase> installed() {
        return ServiceLoader.load(DefaultDatabase.class).findFirst();
    }
}
