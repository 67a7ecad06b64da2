package dev.pampa.ui.common;

import dev.pampa.model.InvalidSpecException;
import dev.pampa.model.NodeAuth;
import dev.pampa.model.NodeDraft;
import dev.pampa.model.NodeSpec;
import dev.pampa.model.SpecProblem;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableMap;

/**
 * A node's parameters as typed, checked on every change through {@link NodeDraft#toSpec()}: each
 * problem is kept under the parameter it concerns (its YAML name), so that the view shows it beside
 * the field. Used by the onboarding wizard and by the Nodes screen's editor.
 */
public final class NodeForm {

    /** How the cockpit logs in to the node. */
    public enum Auth {
        PAMPA_KEY("Pampa's key (~/.pampa/id_ed25519)"),
        KEY_FILE("A private key file"),
        PASSWORD("A password, once, to install Pampa's key");

        private final String label;

        Auth(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    public final StringProperty name = new SimpleStringProperty("");
    public final StringProperty host = new SimpleStringProperty("");
    public final StringProperty port = new SimpleStringProperty("22");
    public final StringProperty user = new SimpleStringProperty("");
    public final ObjectProperty<Auth> auth = new SimpleObjectProperty<>(Auth.PASSWORD);
    public final StringProperty keyFile = new SimpleStringProperty("");
    public final StringProperty maxWorkers = new SimpleStringProperty("");
    public final StringProperty javaCommand = new SimpleStringProperty(NodeSpec.DEFAULT_JAVA_COMMAND);
    public final StringProperty baseDir = new SimpleStringProperty(NodeSpec.DEFAULT_BASE_DIR);
    public final StringProperty maxRamMb = new SimpleStringProperty("");
    public final StringProperty maxCpuPercent = new SimpleStringProperty("");
    public final StringProperty maxDiskIo = new SimpleStringProperty("");
    public final StringProperty maxNetIo = new SimpleStringProperty("");

    private final ObservableMap<String, String> problems = FXCollections.observableHashMap();
    private final ReadOnlyBooleanWrapper valid = new ReadOnlyBooleanWrapper();
    private NodeSpec spec;

    public NodeForm() {
        for (var p : new javafx.beans.Observable[]{name, host, port, user, auth, keyFile, maxWorkers, javaCommand, baseDir, maxRamMb, maxCpuPercent, maxDiskIo, maxNetIo}) {
            p.addListener(o -> check());
        }
        check();
    }

    /** A form holding a stored node's values, for editing it. */
    public static NodeForm of(NodeSpec node) {
        NodeForm f = new NodeForm();
        f.name.set(node.name());
        f.host.set(node.isLocal() ? "" : node.host());
        f.port.set(Integer.toString(node.port()));
        f.user.set(node.user() == null ? "" : node.user());
        f.auth.set(node.auth() == NodeAuth.PASSWORD ? Auth.PASSWORD : node.keyPath() != null ? Auth.KEY_FILE : Auth.PAMPA_KEY);
        f.keyFile.set(node.keyPath() == null ? "" : node.keyPath());
        f.maxWorkers.set(Integer.toString(node.maxWorkers()));
        f.javaCommand.set(node.javaCommand());
        f.baseDir.set(node.baseDir());
        f.maxRamMb.set(node.maxRamMb() == null ? "" : node.maxRamMb().toString());
        f.maxCpuPercent.set(node.maxCpuPercent() == null ? "" : node.maxCpuPercent().toString());
        f.maxDiskIo.set(node.maxDiskIoKbps() == null ? "" : dev.pampa.model.IoRate.format(node.maxDiskIoKbps()));
        f.maxNetIo.set(node.maxNetIoKbps() == null ? "" : dev.pampa.model.IoRate.format(node.maxNetIoKbps()));
        return f;
    }

    /** Problems by parameter ({@code name}, {@code host}, {@code port}, {@code user}, {@code auth}, {@code max_workers}, …), "found — fix". */
    public ObservableMap<String, String> problems() {
        return FXCollections.unmodifiableObservableMap(problems);
    }

    public ReadOnlyBooleanProperty validProperty() {
        return valid.getReadOnlyProperty();
    }

    /** The checked node, when the form has no problem. */
    public Optional<NodeSpec> spec() {
        return Optional.ofNullable(spec);
    }

    private void check() {
        Map<String, String> found = new HashMap<>();
        Integer p = number("port", port.get(), found);
        Integer w = number("max_workers", maxWorkers.get(), found);
        Integer ram = number("max_ram", maxRamMb.get(), found);
        Integer cpu = number("max_cpu", maxCpuPercent.get(), found);
        boolean local = NodeSpec.LOCAL.equals(name.get().strip());
        String authWord = switch (auth.get()) {
            case PASSWORD -> local ? null : NodeDraft.PASSWORD;
            case KEY_FILE -> local ? null : keyFile.get().isBlank() ? "" : keyFile.get().strip();
            case PAMPA_KEY -> null;
        };
        if (auth.get() == Auth.KEY_FILE && !local && keyFile.get().isBlank()) {
            found.put("auth", "no key file — choose the private key file, or another way to log in");
        }
        NodeDraft draft = new NodeDraft(name.get().strip(), blankToNull(host.get()), p, blankToNull(user.get()),
                found.containsKey("auth") ? null : authWord, w, blankToNull(javaCommand.get()), blankToNull(baseDir.get()), ram, cpu,
                blankToNull(maxDiskIo.get()), blankToNull(maxNetIo.get()));
        NodeSpec checked = null;
        try {
            checked = draft.toSpec();
        } catch (InvalidSpecException e) {
            for (SpecProblem problem : e.problems()) {
                found.putIfAbsent(problem.parameter(), problem.found() + " — " + problem.fix());
            }
        }
        spec = found.isEmpty() ? checked : null;
        problems.keySet().retainAll(found.keySet());
        problems.putAll(found);
        valid.set(spec != null);
    }

    private static Integer number(String parameter, String text, Map<String, String> found) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(text.strip());
        } catch (NumberFormatException e) {
            found.put(parameter, "'" + text.strip() + "' is not a whole number — type digits only, or leave it empty for the default");
            return null;
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
