package dev.pampa.control.node;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where the jars that come with this program are, to push them to nodes: next to its own jar (an
 * installed app), or in the source tree's target directories (a build).
 */
public final class ShippedJars {
    private ShippedJars() {
    }

    /** The directory of this program's jar, or its classes directory in a build. */
    public static Path home() {
        try {
            Path location = Path.of(ShippedJars.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isDirectory(location) ? location : location.getParent();
        } catch (Exception e) {
            return Path.of("").toAbsolutePath();
        }
    }

    public static Optional<Path> runtime() {
        return find("pampa-runtime.jar", "runtime/target/pampa-runtime.jar");
    }

    public static Optional<Path> sampleJobs() {
        return find("jobs/pampa-jobs-sample.jar", "jobs-sample/target/pampa-jobs-sample.jar");
    }

    private static Optional<Path> find(String beside, String inSourceTree) {
        // app/target/x.jar sits three levels under the source tree's root; further up is someone else's.
        int levels = 0;
        for (Path dir = home(); dir != null && levels++ < 4; dir = dir.getParent()) {
            for (String candidate : List.of(beside, inSourceTree)) {
                Path file = dir.resolve(candidate);
                if (Files.isRegularFile(file)) {
                    return Optional.of(file);
                }
            }
        }
        return Optional.empty();
    }
}
