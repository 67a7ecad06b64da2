package dev.pampa.store;

import dev.pampa.store.schema.tables.records.DispatcherLeaseRecord;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

import static dev.pampa.store.schema.Tables.DISPATCHER_LEASE;

/**
 * The single dispatcher lease. Whoever holds it unexpired leads; the others stand by and take it when
 * it expires. Expiry is on the database's clock, so nodes' clocks never matter.
 */
public final class DispatcherLease {
    private final DSLContext dsl;
    private final int leaseSeconds;

    public DispatcherLease(DSLContext dsl, int leaseSeconds) {
        this.dsl = dsl;
        this.leaseSeconds = leaseSeconds;
    }

    /** What an attempt to hold the lease found. */
    public record Attempt(boolean leading, boolean takenOver, String previousHolder, String holder) {
    }

    /** Renews the lease if we hold it, takes it if it is free or expired, else reports who holds it. */
    public Attempt tryHold(String holder, String node, long pid) {
        return dsl.transactionResult(cfg -> {
            DSLContext tx = DSL.using(cfg);
            DispatcherLeaseRecord r = tx.selectFrom(DISPATCHER_LEASE).where(DISPATCHER_LEASE.ID.eq(1)).forUpdate().fetchOne();
            if (r == null) {
                tx.insertInto(DISPATCHER_LEASE).set(DISPATCHER_LEASE.ID, 1).onConflictDoNothing().execute();
                r = tx.selectFrom(DISPATCHER_LEASE).where(DISPATCHER_LEASE.ID.eq(1)).forUpdate().fetchOne();
            }
            String prev = r.getHolder();
            boolean ours = holder.equals(prev);
            boolean expired = prev == null || Boolean.TRUE.equals(tx.select(DSL.field(
                            DISPATCHER_LEASE.EXPIRES_AT.isNull().or(DISPATCHER_LEASE.EXPIRES_AT.lt(DSL.currentOffsetDateTime()))))
                    .from(DISPATCHER_LEASE).where(DISPATCHER_LEASE.ID.eq(1)).fetchOne(0, Boolean.class));
            if (!ours && !expired) {
                return new Attempt(false, false, prev, prev);
            }
            var u = tx.update(DISPATCHER_LEASE)
                    .set(DISPATCHER_LEASE.HOLDER, holder)
                    .set(DISPATCHER_LEASE.NODE, node)
                    .set(DISPATCHER_LEASE.PID, pid)
                    .set(DISPATCHER_LEASE.EXPIRES_AT, DbClock.secondsAhead(leaseSeconds));
            if (!ours) {
                u = u.set(DISPATCHER_LEASE.ACQUIRED_AT, DSL.currentOffsetDateTime());
            }
            u.where(DISPATCHER_LEASE.ID.eq(1)).execute();
            return new Attempt(true, !ours && prev != null, prev, holder);
        });
    }

    /** True inside a transaction when the holder still holds the lease unexpired; locks it for the transaction. */
    public static boolean heldBy(DSLContext tx, String holder) {
        return tx.fetchExists(DSL.selectOne().from(DISPATCHER_LEASE)
                .where(DISPATCHER_LEASE.ID.eq(1).and(DISPATCHER_LEASE.HOLDER.eq(holder))
                        .and(DISPATCHER_LEASE.EXPIRES_AT.gt(DSL.currentOffsetDateTime())))
                .forShare());
    }

    public void recordRound(String holder, double millis) {
        dsl.update(DISPATCHER_LEASE)
                .set(DISPATCHER_LEASE.LAST_ROUND_AT, DSL.currentOffsetDateTime())
                .set(DISPATCHER_LEASE.LAST_ROUND_MS, millis)
                .where(DISPATCHER_LEASE.ID.eq(1).and(DISPATCHER_LEASE.HOLDER.eq(holder)))
                .execute();
    }

    /** Gives the lease up at a clean stop, so a standby takes over at once instead of after expiry. */
    public void release(String holder) {
        dsl.update(DISPATCHER_LEASE)
                .setNull(DISPATCHER_LEASE.HOLDER)
                .set(DISPATCHER_LEASE.EXPIRES_AT, DSL.currentOffsetDateTime())
                .where(DISPATCHER_LEASE.ID.eq(1).and(DISPATCHER_LEASE.HOLDER.eq(holder)))
                .execute();
    }

    public DispatcherLeaseRecord current() {
        return dsl.selectFrom(DISPATCHER_LEASE).where(DISPATCHER_LEASE.ID.eq(1)).fetchOne();
    }
}
