package dev.pampa.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;

/** max_disk_io and max_net_io: rates with units, each bad value a one-line cause with the fix. */
class IoLimitsTest {

    private static NodeSpec node(String disk, String net) throws InvalidSpecException {
        return NodeYaml.parse("name: n01\nhost: 10.0.0.1\nuser: u\n" + (disk == null ? "" : "max_disk_io: " + disk + "\n")
                + (net == null ? "" : "max_net_io: " + net + "\n"), "n01.yaml").toSpec();
    }

    @Test
    void ratesAreReadWithTheirUnitsAndABareNumberIsMegabytesPerSecond() throws Exception {
        assertThat(node("512K", "20M").maxDiskIoKbps()).isEqualTo(512);
        assertThat(node("512K", "20M").maxNetIoKbps()).isEqualTo(20 * 1024);
        assertThat(node("20MB/s", null).maxDiskIoKbps()).isEqualTo(20 * 1024);
        assertThat(node("1.5GiB/s", null).maxDiskIoKbps()).isEqualTo(1536 * 1024);
        assertThat(node("'2 g'", null).maxDiskIoKbps()).isEqualTo(2 * 1024 * 1024);
        assertThat(node("100", null).maxDiskIoKbps()).isEqualTo(100 * 1024);
        assertThat(node(null, null).maxDiskIoKbps()).isNull();
    }

    @Test
    void aNodeWrittenAsYamlReadsBackWithTheSameLimits() throws Exception {
        NodeSpec n = node("1536K", "3G");
        String yaml = NodeYaml.write(n);

        assertThat(yaml).contains("max_disk_io: 1536K", "max_net_io: 3G");
        assertThat(NodeYaml.parse(yaml, "written").toSpec()).isEqualTo(n);
    }

    @Test
    void aBadUnitIsNamedWithTheUnitsThatWork() {
        InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class, () -> node("20XB/s", null));

        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.parameter()).isEqualTo("max_disk_io");
            assertThat(p.found()).isEqualTo("'20XB/s' has the unit 'XB/s', which is not K, M or G (bytes per second)");
            assertThat(p.fix()).contains("512K", "20M");
        });
        assertThat(e.getMessage()).as("one line").doesNotContain("\n").contains("max_disk_io");
    }

    @Test
    void outOfRangeAndNotANumberAreSaidWithTheRange() {
        InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class, () -> node("0", "2000G"));

        assertThat(e.problems()).hasSize(2).allSatisfy(p -> {
            assertThat(p.found()).endsWith("is out of range");
            assertThat(p.fix()).contains("1K to 1024G per second");
        });
        InvalidSpecException words = catchThrowableOfType(InvalidSpecException.class, () -> node(null, "fast"));
        assertThat(words.problems()).singleElement().satisfies(p -> assertThat(p.found()).isEqualTo("'fast' is not a rate"));
    }

    @Test
    void theOperatorCliAndTheCockpitFormGiveRatesAsTextToTheSameCheck() {
        InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class, () ->
                new NodeDraft("n01", "h", null, "u", null, null, null, null, null, null, "-5M", null).toSpec());

        assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p.found()).isEqualTo("'-5M' is not a rate"));
    }
}
