package dev.pampa.report;

import dev.pampa.store.Database;
import dev.pampa.store.DispatcherLease;
import dev.pampa.store.StatusReport;
import dev.pampa.testing.TaskTables;
import dev.pampa.testing.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The status bar's dispatcher line, from the lease row of a real database. */
class DispatcherStateTest {
    private Database db;

    @BeforeEach
    void setUp() {
        db = TestPostgres.migratedDatabase();
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private DispatcherState read() {
        return new StatusReport(db.dsl()).lease();
    }

    @Test
    void noLeaseHolderMeansNoDispatcherRunning() {
        DispatcherState state = read();
        assertThat(state.leading()).isFalse();
        assertThat(state.leadingNode()).isEmpty();
        assertThat(state.line()).isEqualTo("no dispatcher running");
    }

    @Test
    void aHeldLeaseShowsItsNodeAndItsLastRound() {
        DispatcherLease lease = new DispatcherLease(db.dsl(), 10);
        assertThat(lease.tryHold("local:4242", "local", 4242).leading()).isTrue();
        assertThat(read().line()).isEqualTo("dispatcher: leading on local, no round yet");

        lease.recordRound("local:4242", 12.4);
        DispatcherState state = read();
        assertThat(state.leading()).isTrue();
        assertThat(state.leadingNode()).contains("local");
        assertThat(state.pid()).isEqualTo(4242L);
        assertThat(state.line()).matches("dispatcher: leading on local, round 12 ms, \\d\\.\\d s ago");
    }

    @Test
    void anExpiredLeaseOfAKilledDispatcherIsNoDispatcher() {
        new DispatcherLease(db.dsl(), 10).tryHold("n01:7", "n01", 7);
        TaskTables.execute(db, "UPDATE pampa.dispatcher_lease SET expires_at = now() - interval '1 second'");
        DispatcherState state = read();
        assertThat(state.leading()).isFalse();
        assertThat(state.holder()).isEqualTo("n01:7");
        assertThat(state.line()).isEqualTo("no dispatcher running");
    }

    @Test
    void agesReadAsAPersonWouldSayThem() {
        assertThat(DispatcherState.age(0.84)).isEqualTo("0.8 s");
        assertThat(DispatcherState.age(42)).isEqualTo("42 s");
        assertThat(DispatcherState.age(185)).isEqualTo("3 min");
        assertThat(DispatcherState.age(3 * 3600)).isEqualTo("3 h");
    }
}
