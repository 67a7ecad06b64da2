package dev.pampa.work;

import dev.pampa.store.Database;
import dev.pampa.store.DbUrl;

/** Opens and migrates a test database, as the process tests do. */
final class NodeAgentProcessTestAccess {
    private NodeAgentProcessTestAccess() {
    }

    static Database open(DbUrl url) {
        Database db = Database.open(url, 4, "test");
        db.migrate();
        return db;
    }
}
