package dev.pampa.cli;

import dev.pampa.store.Database;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = "Creates or upgrades the pampa schema in the database.")
public final class MigrateCommand implements Callable<Integer> {
    @Mixin
    DbOptions db;

    @Override
    public Integer call() {
        try (Database d = Database.open(db.url(), 2, "migrate")) {
            int n = d.migrate();
            System.out.println(n == 0 ? "schema pampa is up to date" : "schema pampa migrated (" + n + " migration" + (n == 1 ? "" : "s") + ")");
            return ExitCode.OK;
        }
    }
}
