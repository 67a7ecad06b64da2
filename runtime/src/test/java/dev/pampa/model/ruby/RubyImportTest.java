package dev.pampa.model.ruby;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.pampa.model.InvalidSpecException;
import dev.pampa.model.JobSpec;
import dev.pampa.model.NodeAuth;
import dev.pampa.model.NodeSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class RubyImportTest {

    private static String config() throws IOException {
        try (InputStream in = RubyImportTest.class.getResourceAsStream("/ruby/config.rb")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theRubyReadmesNodesAndJobImportWithEveryLeftOutKeyNamed() throws Exception {
        RubyImport.Result r = RubyImport.of(config(), "com.example.OddNumbers");

        assertThat(r.nodes()).extracting(NodeSpec::name).containsExactly("local", "n01");
        NodeSpec local = r.nodes().get(0);
        assertThat(local.isLocal()).isTrue();
        assertThat(local.maxWorkers()).isEqualTo(2);
        NodeSpec n01 = r.nodes().get(1);
        assertThat(n01.host()).isEqualTo("54.160.137.218");
        assertThat(n01.user()).isEqualTo("ubuntu");
        assertThat(n01.port()).isEqualTo(22);
        assertThat(n01.auth()).isEqualTo(NodeAuth.KEY);
        assertThat(n01.keyPath()).isEqualTo("./plank.pem");
        assertThat(n01.maxRamMb()).isEqualTo(512);
        assertThat(n01.maxCpuPercent()).isEqualTo(10);

        JobSpec job = r.jobs().get(0);
        assertThat(job.name()).isEqualTo("search_odd_numbers");
        assertThat(job.table()).isEqualTo("numbers");
        assertThat(job.processor()).isEqualTo("com.example.OddNumbers");
        assertThat(job.fields().primaryKey()).isEqualTo("value");
        assertThat(job.fields().errorDescription()).isEqualTo("odd_checking_error_description");
        assertThat(job.maxAssignedWorkers()).isEqualTo(5);
        assertThat(job.maxPendingTasks()).isEqualTo(500);
        assertThat(job.selectingFunction()).isNull();
        Pattern filter = Pattern.compile(job.filterWorkerId());
        assertThat(filter.matcher("n01.1").matches()).as("Ruby's =~ finds .1 at the end").isTrue();
        assertThat(filter.matcher("n01.11").matches()).isFalse();
        assertThat(filter.matcher("n01.2").matches()).isFalse();

        assertThat(r.notes()).anySatisfy(n -> assertThat(n).contains("local", "without SSH"))
                .anySatisfy(n -> assertThat(n).contains("n01", "max_disk_io (line 28) 1000 read as 1000 MB/s per worker", "give it a unit"))
                .anySatisfy(n -> assertThat(n).contains("max_net_io (line 29) 1000 read as 1000 MB/s"))
                .anySatisfy(n -> assertThat(n).contains("processing_function (line 56)", "com.example.OddNumbers"))
                .anySatisfy(n -> assertThat(n).contains("selecting_function (line 69)", "Ruby code"));
    }

    @Test
    void withoutAProcessorTheProcessingFunctionIsNamedWithItsLineAndTheFix() throws Exception {
        InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class, () -> RubyImport.of(config(), null));

        assertThat(e.problems()).anySatisfy(p -> {
            assertThat(p.parameter()).contains("search_odd_numbers", "processing_function");
            assertThat(p.found()).contains("line 56");
            assertThat(p.fix()).contains("--processor", "pampa new-job");
        });
    }

    @Test
    void aNodeWithoutANameAndAnSshPasswordAreSaidPlainly() throws Exception {
        String rb = """
                n = BlackStack::Pampa.add_nodes([{
                    :net_remote_ip => '54.160.137.218',
                    :ssh_username => 'ubuntu',
                }])
                BlackStack::Pampa.add_node({ name: 'n02', net_remote_ip: '10.0.0.2', ssh_username: 'root', ssh_password: 's3cret' })
                """;
        InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class, () -> RubyImport.of(rb, null));
        assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p.parameter()).contains("node on line 1", "name"));

        RubyImport.Result r = RubyImport.of(rb.substring(rb.indexOf("BlackStack::Pampa.add_node(")), null);
        assertThat(r.nodes()).singleElement().satisfies(n -> assertThat(n.auth()).isEqualTo(NodeAuth.PASSWORD));
        assertThat(String.join("\n", r.notes())).contains("ssh_password (line 1) is not stored", "pampa node install-key n02").doesNotContain("s3cret");
    }

    @Test
    void whatTheReaderCannotReadIsNamedWithItsLine() {
        assertThat(message("BlackStack::Pampa.add_job({\n  :name => \"job_#{n}\",\n})")).contains("line 2", "interpolation");
        assertThat(message("BlackStack::Pampa.add_job({\n  :name => 'a',\n  :table => ENV['T'],\n})")).contains("line 3", "'ENV'", "literal");
        assertThat(message("BlackStack::Pampa.add_job({\n  :name => 'a',\n")).contains("line 1", "never closed");
        assertThat(message("BlackStack::Pampa.add_job({ :name => 'a' :table => 'b' })")).contains("line 1", "expected ',' or '}'");
        assertThat(message("BlackStack::Pampa.add_job({ :name => 'a', :name => 'b' })")).contains("given twice");
        assertThat(message("puts 'hello'\n")).contains("no BlackStack::Pampa.add_nodes");
        assertThat(message("BlackStack::Pampa.add_job({ :name => 'a', :processing_function => Proc.new do |t|\n t.x\n })")).contains("never closed with 'end'");
    }

    private static String message(String rb) {
        return catchThrowableOfType(RubyConfigReader.ReadError.class, () -> RubyImport.of(rb, "x.Y")).getMessage();
    }
}
