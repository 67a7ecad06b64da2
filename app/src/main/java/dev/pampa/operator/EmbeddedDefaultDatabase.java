package dev.pampa.operator;

import dev.pampa.cli.DefaultDatabase;
import dev.pampa.control.database.EmbeddedDefault;
import java.util.Optional;

/** The operator's commands default to the embedded database when it runs on this machine. */
public final class EmbeddedDefaultDatabase implements DefaultDatabase {

    @Override
    public Optional<String> url() {
        return EmbeddedDefault.runningUrl(EmbeddedDefault.Location.forOperator()).map(u -> u.withCredentials());
    }

    @Override
    public String hint() {
        return "or start the embedded database with: pampa db start";
    }
}
