package dev.pampa.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;

/** A user coming from the Ruby Pampa writes its names; they carry over, or are refused with what to write. */
class RubyNamesTest {

    @Test
    void aNodeWrittenWithTheRubyNamesReadsAsPampas() throws Exception {
        NodeSpec n = NodeYaml.parse("""
                name: n01
                net_remote_ip: 54.160.137.218
                ssh_username: ubuntu
                ssh_port: 2222
                ssh_private_key_file: ./plank.pem
                max_workers: 2
                max_ram: 512
                max_cpu: 10
                """, "n01.yaml").toSpec();

        assertThat(n.host()).isEqualTo("54.160.137.218");
        assertThat(n.user()).isEqualTo("ubuntu");
        assertThat(n.port()).isEqualTo(2222);
        assertThat(n.keyPath()).isEqualTo("./plank.pem");
        assertThat(n.maxRamMb()).isEqualTo(512);
    }

    @Test
    void aPasswordIsRefusedSayingWhatToDo() {
        InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class, () -> NodeYaml.parse("""
                name: n01
                host: 10.0.0.1
                net_remote_ip: 10.0.0.2
                ssh_password: s3cret
                max_disk_io: 1000
                max_net_io: 1000
                """, "n01.yaml"));

        assertThat(e.problems()).extracting(SpecProblem::parameter).containsExactlyInAnyOrder("net_remote_ip", "ssh_password");
        assertThat(e.getMessage()).contains("install-key", "never stored").doesNotContain("s3cret");
    }

    @Test
    void theRubyIoLimitsAreReadAsBareNumbersInMegabytesPerSecond() throws Exception {
        NodeSpec n = NodeYaml.parse("""
                name: n01
                net_remote_ip: 10.0.0.2
                ssh_username: ubuntu
                max_disk_io: 1000
                max_net_io: 1000
                """, "n01.yaml").toSpec();

        assertThat(n.maxDiskIoKbps()).isEqualTo(1000L * 1024);
        assertThat(n.maxNetIoKbps()).isEqualTo(1000L * 1024);
    }

    @Test
    void processingFunctionSaysToUseProcessorAndHow() {
        InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class, () -> JobYaml.parse("""
                name: odd
                table: numbers
                processing_function: something
                """, "odd.yaml"));

        assertThat(e.problems()).anySatisfy(p -> {
            assertThat(p.parameter()).isEqualTo("processing_function");
            assertThat(p.fix()).contains("processor:", "TaskProcessor", "pampa import");
        });
        assertThat(e.getMessage()).doesNotContain("did you mean selecting_function");
    }
}
