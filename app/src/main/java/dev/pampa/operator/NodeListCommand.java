package dev.pampa.operator;

import dev.pampa.cli.DbOptions;
import dev.pampa.cli.ExitCode;
import dev.pampa.cli.TextTable;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pampa.model.IoRate;
import dev.pampa.model.NodeSpec;
import dev.pampa.store.Database;
import dev.pampa.store.NodeStore;
import dev.pampa.store.NodeStore.StoredNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the stored nodes.")
final class NodeListCommand implements Callable<Integer> {
    /** Created on first use: picocli makes every command at start-up, and only --json needs Jackson's 400 classes. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }

    @Option(names = "--json", description = "Print a JSON array on stdout instead of a table (snake_case fields; null when unset).")
    boolean json;

    @Mixin
    DbOptions db;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws JsonProcessingException {
        PrintWriter out = spec.commandLine().getOut();
        List<StoredNode> nodes;
        try (Database d = db.connect("node list")) {
            nodes = new NodeStore(d.dsl()).all();
        }
        if (json) {
            ArrayNode array = Json.MAPPER.createArrayNode();
            nodes.forEach(n -> array.add(toJson(n)));
            out.println(Json.MAPPER.writeValueAsString(array));
        } else if (nodes.isEmpty()) {
            out.println("no node is stored yet: add one with pampa node add NAME --host HOST --user USER");
        } else {
            TextTable table = new TextTable("NAME", "HOST", "PORT", "USER", "AUTH", "MAX_WORKERS", "JAVA", "BASE_DIR", "MAX_RAM_MB", "MAX_CPU_%");
            for (StoredNode stored : nodes) {
                NodeSpec n = stored.spec();
                table.row(n.name(), n.host(), n.isLocal() ? null : n.port(), n.user(), auth(n), n.maxWorkers(),
                        n.javaCommand(), n.baseDir(), n.maxRamMb(), n.maxCpuPercent());
            }
            table.print(out);
        }
        out.flush();
        return ExitCode.OK;
    }

    private static ObjectNode toJson(StoredNode stored) {
        NodeSpec n = stored.spec();
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("name", n.name());
        o.put("host", n.host());
        o.put("port", n.port());
        o.put("user", n.user());
        o.put("auth", n.auth().stored());
        o.put("key_path", n.keyPath());
        o.put("max_workers", n.maxWorkers());
        o.put("java_command", n.javaCommand());
        o.put("base_dir", n.baseDir());
        o.put("max_ram_mb", n.maxRamMb());
        o.put("max_cpu_percent", n.maxCpuPercent());
        o.put("max_disk_io_kbps", n.maxDiskIoKbps());
        o.put("max_net_io_kbps", n.maxNetIoKbps());
        o.put("created_at", stored.createdAt().toString());
        o.put("updated_at", stored.updatedAt().toString());
        return o;
    }

    /** "key", "key ~/.ssh/id", "password" or "none": the auth column of the table. */
    static String auth(NodeSpec n) {
        return n.keyPath() == null ? n.auth().stored() : n.auth().stored() + " " + n.keyPath();
    }

    /** One line for the node: where it is, how it is reached, how many workers. */
    static String summary(NodeSpec n) {
        String where = n.isLocal() ? "this machine" : n.user() + "@" + n.host() + ":" + n.port() + ", auth " + auth(n);
        return where + ", up to " + n.maxWorkers() + " worker" + (n.maxWorkers() == 1 ? "" : "s")
                + (n.maxRamMb() == null ? "" : ", " + n.maxRamMb() + " MB each")
                + (n.maxCpuPercent() == null ? "" : ", " + n.maxCpuPercent() + " % CPU each")
                + (n.maxDiskIoKbps() == null ? "" : ", disk " + IoRate.format(n.maxDiskIoKbps()) + "/s each")
                + (n.maxNetIoKbps() == null ? "" : ", network " + IoRate.format(n.maxNetIoKbps()) + "/s each")
                + ", java " + n.javaCommand() + ", base dir " + n.baseDir();
    }
}
