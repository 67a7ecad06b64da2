package dev.pampa.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The YAML form of a node ({@code pampa node add --file}). {@code auth} is a key file's path or the
 * word {@code password}; leaving it out means Pampa's own key. {@code max_ram} is in MB and
 * {@code max_cpu} in percent of one core, {@code max_disk_io} and {@code max_net_io} rates per second
 * ({@link IoRate}: {@code 20M}, {@code 512K}; a bare number is MB/s), all per worker.
 */
public final class NodeYaml {
    private static final ObjectMapper MAPPER = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES))
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

    static final List<String> PARAMETERS = List.of(Document.class.getAnnotation(JsonPropertyOrder.class).value());
    private static final Set<String> INTEGER_PARAMETERS = Set.of("port", "max_workers", "max_ram", "max_cpu");

    private NodeYaml() {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"name", "host", "port", "user", "auth", "max_workers", "java_command", "base_dir", "max_ram", "max_cpu", "max_disk_io", "max_net_io"})
    static final class Document {
        @JsonProperty("name") public String name;
        @JsonProperty("host") public String host;
        @JsonProperty("port") public Integer port;
        @JsonProperty("user") public String user;
        @JsonProperty("auth") public String auth;
        @JsonProperty("max_workers") public Integer maxWorkers;
        @JsonProperty("java_command") public String javaCommand;
        @JsonProperty("base_dir") public String baseDir;
        @JsonProperty("max_ram") public Integer maxRam;
        @JsonProperty("max_cpu") public Integer maxCpu;
        @JsonProperty("max_disk_io") public String maxDiskIo;
        @JsonProperty("max_net_io") public String maxNetIo;
    }

    /** A node is a few lines; the cap before parsing keeps a huge or hostile file from costing minutes and gigabytes. */
    public static final int MAX_YAML_BYTES = 64 * 1024;

    public static NodeDraft read(Path file) throws InvalidSpecException, IOException {
        try {
            long size = Files.size(file);
            if (size > MAX_YAML_BYTES) {
                throw new InvalidSpecException("node file " + file, List.of(tooLarge(size)));
            }
            return parse(Files.readString(file), file.toString());
        } catch (NoSuchFileException e) {
            throw new InvalidSpecException("node file " + file, List.of(new SpecProblem("file", "no file at " + file.toAbsolutePath(), "give the path of an existing YAML node file")));
        }
    }

    /**
     * Reads a node from YAML text, reporting unknown parameters and values of the wrong type all at
     * once; the values themselves are checked by {@link NodeDraft#toSpec()}.
     */
    public static NodeDraft parse(String yaml, String source) throws InvalidSpecException {
        String what = "node " + source;
        if (yaml.length() > MAX_YAML_BYTES) {
            throw new InvalidSpecException(what, List.of(tooLarge(yaml.length())));
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new InvalidSpecException(what, List.of(new SpecProblem("document",
                    "not valid YAML (line " + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + ": " + e.getOriginalMessage() + ")",
                    "fix the YAML syntax")));
        }
        if (root == null || !root.isObject()) {
            throw new InvalidSpecException(what, List.of(new SpecProblem("document", root == null || root.isNull() || root.isMissingNode() ? "empty" : "not a mapping",
                    "write the node as a YAML mapping of parameter: value")));
        }
        ObjectNode given = (ObjectNode) root;
        List<SpecProblem> problems = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        given.fieldNames().forEachRemaining(keys::add);
        rubyNames(given, keys, problems);
        keys.clear();
        given.fieldNames().forEachRemaining(keys::add);
        for (String key : keys) {
            JsonNode value = given.get(key);
            if (!PARAMETERS.contains(key)) {
                String hint = CloseNames.didYouMean(CloseNames.to(key, PARAMETERS, 2));
                problems.add(new SpecProblem(key, "unknown parameter", hint.isEmpty() ? "remove it or use one of: " + String.join(", ", new TreeSet<>(PARAMETERS)) : hint));
                given.remove(key);
            } else if (value.isContainerNode()) {
                problems.add(new SpecProblem(key, "a " + (value.isArray() ? "list" : "mapping") + " where a single value belongs", "give a single value"));
                given.remove(key);
            } else if (INTEGER_PARAMETERS.contains(key) && !value.isNull() && !(value.isIntegralNumber() && value.canConvertToInt())) {
                problems.add(new SpecProblem(key, "'" + value.asText() + "' is not a whole number", "write a whole number"));
                given.remove(key);
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidSpecException(what, problems);
        }
        Document d;
        try {
            d = MAPPER.treeToValue(given, Document.class);
        } catch (JsonProcessingException e) {
            throw new InvalidSpecException(what, List.of(new SpecProblem("document", e.getOriginalMessage(), "give each parameter a single value of the right type")));
        }
        return new NodeDraft(d.name, d.host, d.port, d.user, d.auth, d.maxWorkers, d.javaCommand, d.baseDir, d.maxRam, d.maxCpu, d.maxDiskIo, d.maxNetIo);
    }

    /** The Ruby Pampa's node keys, read as Pampa's so that its configurations carry over. */
    static final java.util.Map<String, String> RUBY_NAMES = java.util.Map.of(
            "net_remote_ip", "host", "ssh_username", "user", "ssh_port", "port", "ssh_private_key_file", "auth");

    /**
     * Renames the Ruby keys in place. {@code ssh_password} is refused here: a node file is kept, and
     * a password must never be (the import and {@code node install-key} use it once).
     */
    private static void rubyNames(ObjectNode given, List<String> keys, List<SpecProblem> problems) {
        for (String key : keys) {
            String pampa = RUBY_NAMES.get(key);
            if (pampa != null) {
                if (given.has(pampa)) {
                    problems.add(new SpecProblem(key, "given with " + pampa + ", its Pampa name", "keep one of the two"));
                } else {
                    given.set(pampa, given.get(key));
                }
                given.remove(key);
            } else if (key.equals("ssh_password")) {
                problems.add(new SpecProblem(key, "a password in a node file", "write auth: password and run pampa node install-key NAME, which asks"
                        + " for the password once and installs Pampa's key; the password is never stored"));
                given.remove(key);
            }
        }
    }

    private static SpecProblem tooLarge(long size) {
        return new SpecProblem("document", "is " + size + " bytes, over the " + MAX_YAML_BYTES + "-byte limit of a node file",
                "a node is a few lines of parameter: value; check that this is the node's YAML");
    }

    public static String write(NodeSpec spec) {
        NodeDraft draft = NodeDraft.of(spec);
        Document d = new Document();
        d.name = draft.name();
        d.host = draft.host();
        d.port = draft.port();
        d.user = draft.user();
        d.auth = draft.auth();
        d.maxWorkers = draft.maxWorkers();
        d.javaCommand = draft.javaCommand();
        d.baseDir = draft.baseDir();
        d.maxRam = draft.maxRamMb();
        d.maxCpu = draft.maxCpuPercent();
        d.maxDiskIo = draft.maxDiskIo();
        d.maxNetIo = draft.maxNetIo();
        try {
            return MAPPER.writeValueAsString(d);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write node " + spec.name() + " as YAML", e);
        }
    }
}
