package dev.pampa.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The class list behind the class data archive still names the classes of the libraries we ship: after
 * an upgrade of jOOQ, Hikari, pgjdbc or logback renamed many of them, the archive would miss them and
 * workers would start slowly again, silently. The fix is to remake the list (docs/adr/0003).
 */
class ClassDataTrainingListTest {

    @Test
    void almost_every_listed_class_is_still_on_the_class_path() throws Exception {
        List<String> names;
        try (InputStream in = ClassDataTrainingCommand.class.getResourceAsStream(ClassDataTrainingCommand.CLASS_LIST)) {
            assertThat(in).as(ClassDataTrainingCommand.CLASS_LIST + " next to the command").isNotNull();
            names = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        }
        List<String> missing = new ArrayList<>();
        for (String name : names) {
            try {
                Class.forName(name.replace('/', '.'), false, getClass().getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                missing.add(name);
            }
        }

        assertThat(names).hasSizeGreaterThan(1000).anyMatch(n -> n.startsWith("org/jooq/impl/"))
                .anyMatch(n -> n.startsWith("org/postgresql/")).anyMatch(n -> n.startsWith("com/zaxxer/hikari/"));
        assertThat(missing).as("listed classes no longer found: remake the list as docs/adr/0003 says").hasSizeLessThan(names.size() / 20);
    }
}
