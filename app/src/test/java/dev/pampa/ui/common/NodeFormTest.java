package dev.pampa.ui.common;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pampa.model.NodeAuth;
import org.junit.jupiter.api.Test;

/** The node form's rules, without a window. */
class NodeFormTest {

    @Test
    void an_empty_form_names_each_missing_value_under_its_field() {
        NodeForm form = new NodeForm();

        assertThat(form.validProperty().get()).isFalse();
        assertThat(form.problems()).containsKeys("name", "host", "user");
        assertThat(form.problems().get("host")).contains("missing").contains("host name or IP address");
    }

    @Test
    void problems_follow_the_typing_and_a_complete_form_gives_the_node() {
        NodeForm form = new NodeForm();
        form.name.set("n 1");
        form.host.set("db.example:22");
        form.port.set("twenty-two");
        form.user.set("pampa");

        assertThat(form.problems()).containsKeys("name", "host", "port");
        assertThat(form.problems().get("port")).contains("not a whole number");
        assertThat(form.problems().get("host")).contains("looks like host:port");

        form.name.set("n1");
        form.host.set("db.example");
        form.port.set("2222");

        assertThat(form.problems()).isEmpty();
        assertThat(form.spec()).get().satisfies(n -> {
            assertThat(n.port()).isEqualTo(2222);
            assertThat(n.auth()).isEqualTo(NodeAuth.PASSWORD);
        });
    }

    @Test
    void a_key_file_login_needs_the_file_and_keeps_its_path() {
        NodeForm form = new NodeForm();
        form.name.set("n1");
        form.host.set("10.0.0.5");
        form.user.set("pampa");
        form.auth.set(NodeForm.Auth.KEY_FILE);

        assertThat(form.problems()).containsOnlyKeys("auth");

        form.keyFile.set("~/.ssh/id_ed25519");

        assertThat(form.spec()).get().satisfies(n -> {
            assertThat(n.auth()).isEqualTo(NodeAuth.KEY);
            assertThat(n.keyPath()).isEqualTo("~/.ssh/id_ed25519");
        });
    }

    @Test
    void max_workers_out_of_range_is_refused_with_the_range() {
        NodeForm form = NodeForm.of(new dev.pampa.model.NodeSpec("n1", "h", 22, "u", NodeAuth.KEY, null, 4, "java", "~/.pampa", null, null));
        assertThat(form.auth.get()).isEqualTo(NodeForm.Auth.PAMPA_KEY);
        assertThat(form.validProperty().get()).isTrue();

        form.maxWorkers.set("0");

        assertThat(form.problems().get("max_workers")).contains("out of range").contains("1 to 1000");
        assertThat(form.spec()).isEmpty();
    }
}
