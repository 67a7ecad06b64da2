package dev.pampa.control.node;

import java.time.Duration;
import java.util.List;

/**
 * What a deploy did on one node: the files sent (by name, under lib/ or jobs/), the files skipped
 * because the node already held the same bytes, how many bytes went over, and how long it took. The
 * runtime config is rewritten on every deploy and is not counted here.
 */
public record DeployReport(String baseDirectory, List<String> sent, List<String> skipped, long bytesSent, Duration duration) {

    public DeployReport {
        sent = List.copyOf(sent);
        skipped = List.copyOf(skipped);
    }

    public boolean changedNothing() {
        return sent.isEmpty();
    }

    @Override
    public String toString() {
        return "sent " + sent.size() + " (" + bytesSent + " bytes), skipped " + skipped.size() + " unchanged, in "
                + duration.toMillis() + " ms";
    }
}
