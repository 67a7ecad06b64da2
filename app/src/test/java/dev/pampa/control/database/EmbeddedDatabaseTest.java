package dev.pampa.control.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pampa.store.Database;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedDatabaseTest {
    @TempDir
    Path home;

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String show(DSLContext dsl, String setting) {
        return dsl.fetchValue("SHOW " + setting).toString();
    }

    @Test
    void runsWithDurableSettingsAndKeepsItsDataAcrossRestarts() throws IOException {
        Path data = home.resolve("demo-db");
        int port = freePort();
        try (EmbeddedDatabase pg = EmbeddedDatabase.start(data, port, home.resolve("logs/postgres.log"));
             Database db = Database.open(pg.url(), 1, "test")) {
            assertThat(show(db.dsl(), "fsync")).isEqualTo("on");
            assertThat(show(db.dsl(), "synchronous_commit")).isEqualTo("on");
            assertThat(show(db.dsl(), "full_page_writes")).isEqualTo("on");
            assertThat(show(db.dsl(), "listen_addresses")).isEqualTo("localhost");
            assertThat(Path.of(show(db.dsl(), "data_directory"))).isEqualTo(data.toAbsolutePath());
            assertThat(pg.serverPid()).isPositive();
            db.dsl().execute("CREATE TABLE kept (v INT); INSERT INTO kept VALUES (42)");
        }
        assertThat(EmbeddedDatabase.runningServerPid(data)).as("released after close").isEmpty();
        assertThat(home.resolve("logs/postgres.log")).isNotEmptyFile();

        try (EmbeddedDatabase pg = EmbeddedDatabase.start(data, port, home.resolve("logs/postgres.log"));
             Database db = Database.open(pg.url(), 1, "test")) {
            assertThat(db.dsl().fetchValue("SELECT v FROM kept")).isEqualTo(42);
        }
    }

    @Test
    void refusesADataDirectoryInUseByARunningServer() throws IOException {
        Path data = home.resolve("demo-db");
        try (EmbeddedDatabase first = EmbeddedDatabase.start(data, freePort(), home.resolve("pg.log"))) {
            int otherPort = freePort();
            assertThatThrownBy(() -> EmbeddedDatabase.start(data, otherPort, home.resolve("pg2.log")))
                    .isInstanceOf(EmbeddedDatabase.StartFailure.class)
                    .hasMessage("data directory " + data.toAbsolutePath() + " is in use by a running PostgreSQL (pid "
                            + first.serverPid() + "): stop the other demo, or if none runs, stop that server with: kill -INT "
                            + first.serverPid());

            try (Database db = Database.open(first.url(), 1, "test")) {
                assertThat(db.dsl().fetchValue("SELECT 1")).as("the first server is untouched").isEqualTo(1);
            }
        }
    }

    @Test
    void refusesAPortInUse() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> EmbeddedDatabase.start(home.resolve("demo-db"), taken.getLocalPort(), home.resolve("pg.log")))
                    .isInstanceOf(EmbeddedDatabase.StartFailure.class)
                    .hasMessage("port " + taken.getLocalPort() + " on localhost is in use by another program: pass another --port");
        }
    }

    @Test
    void refusesADirectoryThatHoldsSomethingElse() throws IOException {
        Path data = Files.createDirectories(home.resolve("photos"));
        Files.writeString(data.resolve("cat.jpg"), "meow");

        assertThatThrownBy(() -> EmbeddedDatabase.start(data, freePort(), home.resolve("pg.log")))
                .isInstanceOf(EmbeddedDatabase.StartFailure.class)
                .hasMessage("data directory " + data.toAbsolutePath() + " is not empty and holds no PostgreSQL data: pass an empty or new --data directory");
        assertThat(data.resolve("cat.jpg")).hasContent("meow");
    }

    @Test
    void aLockFileLeftByACrashIsNotInUse() throws IOException {
        Path data = Files.createDirectories(home.resolve("crashed"));
        Files.writeString(data.resolve("postmaster.pid"), "999999999\n" + data + "\n");

        assertThat(EmbeddedDatabase.runningServerPid(data)).isEmpty();
    }
}
