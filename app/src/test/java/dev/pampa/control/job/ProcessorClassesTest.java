package dev.pampa.control.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessorClassesTest {

    @Test
    void the_shipped_sample_processors_are_found(@TempDir Path jobs) {
        assertThat(ProcessorClasses.scan(ProcessorClasses.sources(jobs))).extracting(ProcessorClasses.Found::className)
                .contains("dev.pampa.sample.OddNumbers", "dev.pampa.sample.FlakyNumbers", "dev.pampa.sample.SlowNumbers")
                .doesNotContain("dev.pampa.sample.SampleJobs", "dev.pampa.sample.SampleJob");
    }

    @Test
    void a_jar_in_the_jobs_directory_is_looked_through_and_a_class_that_is_no_processor_is_left_out(@TempDir Path jobs) throws Exception {
        Path jar = jobs.resolve("mine.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (Class<?> c : new Class<?>[] {ProcessorClassesTest.class, dev.pampa.sample.OddNumbers.class}) {
                String entry = c.getName().replace('.', '/') + ".class";
                out.putNextEntry(new JarEntry(entry));
                try (var in = c.getClassLoader().getResourceAsStream(entry)) {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
        }
        assertThat(ProcessorClasses.sources(jobs)).first().isEqualTo(jar);
        assertThat(ProcessorClasses.scan(java.util.List.of(jar)))
                .containsExactly(new ProcessorClasses.Found("dev.pampa.sample.OddNumbers", jar));
    }
}
