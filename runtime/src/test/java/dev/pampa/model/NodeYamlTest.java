package dev.pampa.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;

class NodeYamlTest {
    private static List<SpecProblem> problems(String yaml) {
        InvalidSpecException e = catchThrowableOfType(() -> NodeYaml.parse(yaml, "test.yaml").toSpec(), InvalidSpecException.class);
        assertThat(e).as("refused").isNotNull();
        return e.problems();
    }

    @Test
    void aFullNodeReads() throws Exception {
        NodeSpec n = NodeYaml.parse("""
                name: n01
                host: n01.example.org
                port: 2222
                user: pampa
                auth: ~/.ssh/pampa_ed25519
                max_workers: 8
                java_command: /opt/jdk-17/bin/java
                base_dir: /srv/pampa
                max_ram: 1024
                max_cpu: 100
                """, "n01.yaml").toSpec();

        assertThat(n).isEqualTo(new NodeSpec("n01", "n01.example.org", 2222, "pampa", NodeAuth.KEY, "~/.ssh/pampa_ed25519", 8,
                "/opt/jdk-17/bin/java", "/srv/pampa", 1024, 100));
    }

    @Test
    void writtenNodesReadBackTheSame() throws Exception {
        for (NodeSpec spec : List.of(
                new NodeSpec("n", "h", 2200, "u", NodeAuth.KEY, "~/.ssh/id", 3, "java", "/srv", 512, 200),
                new NodeSpec("n", "h", 22, "u", NodeAuth.PASSWORD, null, 1, "java", "~/.pampa", null, null),
                new NodeSpec("local", "localhost", 22, null, NodeAuth.NONE, null, 2, "java", "~/.pampa", null, null))) {
            String yaml = NodeYaml.write(spec);
            assertThat(NodeYaml.parse(yaml, "written").toSpec()).as(yaml).isEqualTo(spec);
        }
    }

    @Test
    void unknownParametersAndWrongTypesAreNamedTogether() {
        List<SpecProblem> p = problems("""
                name: n01
                hots: x
                port: twenty-two
                max_workers: [1, 2]
                """);

        assertThat(p).extracting(SpecProblem::parameter).containsExactly("hots", "port", "max_workers");
        assertThat(p.get(0).fix()).contains("did you mean host");
    }

    @Test
    void valuesAreCheckedAsFromTheCommandLine() {
        assertThat(problems("name: 'a;b'\nhost: h\nuser: u\nport: 70000\n"))
                .extracting(SpecProblem::parameter).containsExactly("name", "port");
    }

    @Test
    void aKeyGivenTwiceIsRefused() {
        assertThat(problems("name: a\nname: b\n")).extracting(SpecProblem::parameter).containsExactly("document");
    }

    @Test
    void anEmptyDocumentIsRefused() {
        assertThat(problems("")).singleElement().satisfies(s -> assertThat(s.found()).isEqualTo("empty"));
    }
}
