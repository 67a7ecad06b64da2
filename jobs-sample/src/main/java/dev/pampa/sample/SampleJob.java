package dev.pampa.sample;

import dev.pampa.model.InvalidSpecException;
import dev.pampa.model.JobSpec;
import dev.pampa.model.JobYaml;
import dev.pampa.store.SqlScript;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * One sample job as shipped in this jar: its YAML definition, the script that creates and fills its
 * task table, and the script that clears the table's results and tracking columns so it runs again.
 */
public record SampleJob(String name, String yamlResource, String tableSqlResource, String resetSqlResource) {

    /** The YAML text, as {@code job apply} would read it from a file. */
    public String yaml() {
        try (InputStream in = loader().getResourceAsStream(yamlResource)) {
            if (in == null) {
                throw new IllegalStateException("sample job " + name + " has no " + yamlResource + " in the jar: rebuild jobs-sample");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + yamlResource, e);
        }
    }

    /** The job, parsed and checked as {@code job apply} does. */
    public JobSpec spec() {
        try {
            return JobYaml.parse(yaml(), yamlResource);
        } catch (InvalidSpecException e) {
            throw new IllegalStateException("sample job " + name + " is invalid: " + e.getMessage(), e);
        }
    }

    /** Creates the task table, its indexes and its rows; safe to run again. */
    public SqlScript tableScript() {
        return SqlScript.fromClasspath(tableSqlResource, loader());
    }

    /** Clears the results and tracking columns, so that every task is pending again. */
    public SqlScript resetScript() {
        return SqlScript.fromClasspath(resetSqlResource, loader());
    }

    private static ClassLoader loader() {
        return SampleJob.class.getClassLoader();
    }
}
