package dev.pampa.control.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pampa.store.Database;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
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

    /** What any other user of the machine can try: the server's port with the superuser's name and no password. */
    private static void assertRefusesWithoutPassword(int port) {
        assertThatThrownBy(() -> {
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/postgres?user=postgres")) {
                c.createStatement().execute("SELECT 1");
            }
        }).isInstanceOf(SQLException.class).hasMessageContaining("password");
        assertThatThrownBy(() -> DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/postgres?user=postgres&password=guess"))
                .isInstanceOf(SQLException.class).hasMessageContaining("password authentication failed");
    }

    @Test
    void admitsTheOperatorAloneByAPasswordOnlyTheOwnerCanRead() throws IOException {
        Path data = home.resolve("demo-db");
        int port = freePort();
        try (EmbeddedDatabase pg = EmbeddedDatabase.start(data, port, home.resolve("logs/postgres.log"));
             Database db = Database.open(pg.url(), 1, "test")) {
            assertRefusesWithoutPassword(port);
            assertThat(db.dsl().fetchValue("SELECT 1")).isEqualTo(1);
            assertThat(pg.url().password()).isNotBlank().doesNotContain("@", "/", "&");
            // a SCRAM verifier of one iteration: 256 random bits need no key stretching, and logins stay quick
            assertThat(db.dsl().fetchValue("SELECT rolpassword FROM pg_authid WHERE rolname = current_user").toString())
                    .startsWith("SCRAM-SHA-256$1:");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve(ServerAccess.SECRET_FILE)))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("logs")))).isEqualTo("rwx------");
        assertThat(Files.readString(data.resolve("pg_hba.conf"))).doesNotContain("trust", "peer");
        assertThat(Files.readString(home.resolve("logs/postgres.log"))).doesNotContain(Files.readString(data.resolve(ServerAccess.SECRET_FILE)).trim());

        try (EmbeddedDatabase pg = EmbeddedDatabase.start(data, port, home.resolve("logs/postgres.log"))) {
            assertRefusesWithoutPassword(port);
            assertThat(EmbeddedDatabase.urlFor(data, port)).isEqualTo(pg.url());
        }
    }

    @Test
    void aDataDirectoryThatTrustedEveryLocalUserIsClosedInPlaceWithItsDataKept() throws Exception {
        Path data = home.resolve("old-demo-db");
        int port = freePort();
        // what earlier versions left: the library's initdb, which trusts every local connection as superuser
        try (EmbeddedPostgres old = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port).start();
             Connection c = old.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE kept (v INT); INSERT INTO kept VALUES (7)");
        }
        assertThat(Files.readString(data.resolve("pg_hba.conf"))).contains("trust");

        try (EmbeddedDatabase pg = EmbeddedDatabase.start(data, port, home.resolve("pg.log"));
             Database db = Database.open(pg.url(), 1, "test")) {
            assertRefusesWithoutPassword(port);
            assertThat(db.dsl().fetchValue("SELECT v FROM kept")).isEqualTo(7);
        }
    }
}
