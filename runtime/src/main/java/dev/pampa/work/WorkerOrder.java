package dev.pampa.work;

import java.util.Comparator;
import java.util.function.Function;
import org.jooq.Record;

/** The order a worker runs a batch in: by primary key when keys compare, as returned otherwise. */
final class WorkerOrder {
    @SuppressWarnings({"unchecked", "rawtypes"})
    static final Function<String, Comparator<Record>> BY_KEY = pk -> (a, b) -> {
        Object x = a.get(pk);
        Object y = b.get(pk);
        if (x instanceof Comparable cx && y != null && x.getClass() == y.getClass()) {
            return cx.compareTo(y);
        }
        return 0;
    };

    private WorkerOrder() {
    }
}
