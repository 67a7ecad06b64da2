package dev.pampa.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NodeDraftTest {
    private static NodeDraft remote(String name) {
        return new NodeDraft(name, "10.0.0.5", null, "pampa", null, null, null, null, null, null);
    }

    private static List<SpecProblem> problems(NodeDraft draft) {
        InvalidSpecException e = catchThrowableOfType(draft::toSpec, InvalidSpecException.class);
        assertThat(e).as("refused").isNotNull();
        return e.problems();
    }

    @Test
    void defaultsFillWhatIsLeftOut() throws Exception {
        NodeSpec n = remote("n01").toSpec();

        assertThat(n).isEqualTo(new NodeSpec("n01", "10.0.0.5", 22, "pampa", NodeAuth.KEY, null, 1, "java", "~/.pampa", null, null));
    }

    @Test
    void everyValueGivenIsKept() throws Exception {
        NodeSpec n = new NodeDraft("gpu_2", "gpu2.example.org", 2222, "ops", "/home/me/.ssh/id_ed25519", 16,
                "/opt/jdk-17/bin/java", "/srv/pampa", 2048, 150).toSpec();

        assertThat(n).isEqualTo(new NodeSpec("gpu_2", "gpu2.example.org", 2222, "ops", NodeAuth.KEY, "/home/me/.ssh/id_ed25519", 16,
                "/opt/jdk-17/bin/java", "/srv/pampa", 2048, 150));
    }

    @Test
    void passwordIsOnlyAKindNeverAValue() throws Exception {
        NodeSpec n = new NodeDraft("n02", "h", null, "u", "password", null, null, null, null, null).toSpec();

        assertThat(n.auth()).isEqualTo(NodeAuth.PASSWORD);
        assertThat(n.keyPath()).isNull();
    }

    @Test
    void theLocalNodeNeedsNoHostNorUserAndDefaultsToOneWorkerPerCore() throws Exception {
        NodeSpec n = new NodeDraft("local", null, null, null, null, null, null, null, null, null).toSpec();

        assertThat(n.host()).isEqualTo("localhost");
        assertThat(n.user()).isNull();
        assertThat(n.auth()).isEqualTo(NodeAuth.NONE);
        assertThat(n.maxWorkers()).isEqualTo(Runtime.getRuntime().availableProcessors());
    }

    @Test
    void theLocalNodeRefusesSshSettings() {
        assertThat(problems(new NodeDraft("local", null, null, "root", "password", null, null, null, null, null)))
                .extracting(SpecProblem::parameter).containsExactly("user", "auth");
    }

    @ParameterizedTest
    @ValueSource(strings = {"n;rm -rf /", "$(reboot)", "`id`", "n 01", "n01.1", "a/b", "n|x", "n&x", "x>y", "n\n1", "", "ñandú"})
    void namesOutsideLettersDigitsDashUnderscoreAreRefused(String name) {
        List<SpecProblem> p = problems(remote(name));

        assertThat(p).extracting(SpecProblem::parameter).containsExactly("name");
        assertThat(p.get(0).fix()).contains("letters, digits, '-' or '_'");
        assertThat(p.get(0).found()).doesNotContain("\n");
    }

    @Test
    void theOffendingCharactersAreNamed() {
        assertThat(problems(remote("a;b$(c)")).get(0).found()).isEqualTo("'a;b$(c)' has ';' '$' '(' ')'");
        assertThat(problems(remote("x".repeat(64))).get(0).found()).endsWith("64 characters");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        List<SpecProblem> p = problems(new NodeDraft("bad name", " ", 0, "", "  ", 0, "", "", 63, 0));

        assertThat(p).extracting(SpecProblem::parameter).containsExactly(
                "name", "host", "port", "user", "auth", "max_workers", "java_command", "base_dir", "max_ram", "max_cpu");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 65_536, 70_000})
    void portsOutsideOneTo65535AreRefused(int port) {
        List<SpecProblem> p = problems(new NodeDraft("n", "h", port, "u", null, null, null, null, null, null));

        assertThat(p).singleElement().satisfies(s -> {
            assertThat(s.parameter()).isEqualTo("port");
            assertThat(s.found()).isEqualTo(port + " is out of range");
            assertThat(s.fix()).contains("1 to 65535");
        });
    }

    @Test
    void limitsAtTheirBoundsAreAcceptedAndBeyondRefused() throws Exception {
        NodeSpec low = new NodeDraft("n", "h", 1, "u", null, 1, null, null, 64, 1).toSpec();
        NodeSpec high = new NodeDraft("n", "h", 65_535, "u", null, 1000, null, null, null, 10_000).toSpec();
        assertThat(low.maxRamMb()).isEqualTo(64);
        assertThat(high.maxCpuPercent()).isEqualTo(10_000);

        assertThat(problems(new NodeDraft("n", "h", null, "u", null, 1001, null, null, 63, 10_001)))
                .extracting(SpecProblem::parameter).containsExactly("max_workers", "max_ram", "max_cpu");
    }

    @ParameterizedTest
    @ValueSource(strings = {"my host", "host;id", "user@host", "host:2222", "-oProxyCommand=x", "h\tx"})
    void hostsWithSpacesOrShellCharactersAreRefused(String host) {
        assertThat(problems(new NodeDraft("n", host, null, "u", null, null, null, null, null, null)))
                .extracting(SpecProblem::parameter).containsExactly("host");
    }

    @ParameterizedTest
    @ValueSource(strings = {"db-1.example.org", "192.168.1.20", "::1", "[fe80::1%eth0]", "node_7"})
    void hostNamesAndAddressesAreAccepted(String host) throws Exception {
        assertThat(new NodeDraft("n", host, null, "u", null, null, null, null, null, null).toSpec().host()).isEqualTo(host);
    }

    @Test
    void missingHostAndUserOfARemoteNodeAreNamed() {
        List<SpecProblem> p = problems(new NodeDraft("n01", null, null, null, null, null, null, null, null, null));

        assertThat(p).extracting(SpecProblem::parameter, SpecProblem::found)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("host", "missing"), org.assertj.core.groups.Tuple.tuple("user", "missing"));
    }

    @Test
    void aDraftOfASpecGivesTheSpecBack() throws Exception {
        for (NodeSpec spec : List.of(
                new NodeSpec("n", "h", 2200, "u", NodeAuth.KEY, "~/.ssh/id", 3, "java", "/srv", 512, 200),
                new NodeSpec("n", "h", 22, "u", NodeAuth.KEY, null, 1, "java", "~/.pampa", null, null),
                new NodeSpec("n", "h", 22, "u", NodeAuth.PASSWORD, null, 1, "java", "~/.pampa", null, null),
                new NodeSpec("local", "localhost", 22, null, NodeAuth.NONE, null, 2, "java", "~/.pampa", null, null))) {
            assertThat(NodeDraft.of(spec).toSpec()).isEqualTo(spec);
        }
    }

    @Test
    void noNodeSpecCanHoldAnUnsafeName() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new NodeSpec("n;reboot", "h", 22, "u", NodeAuth.KEY, null, 1, "java", "~/.pampa", null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("n;reboot");
    }
}
