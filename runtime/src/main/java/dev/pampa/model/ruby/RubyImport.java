package dev.pampa.model.ruby;

import dev.pampa.model.InvalidSpecException;
import dev.pampa.model.JobSpec;
import dev.pampa.model.JobYaml;
import dev.pampa.model.NodeDraft;
import dev.pampa.model.NodeSpec;
import dev.pampa.model.SpecProblem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the Ruby Pampa's {@code add_nodes} and {@code add_job} hashes into Pampa's nodes and jobs,
 * naming with its line every key that has no counterpart and every piece of Ruby code, which cannot
 * run on the JVM: a {@code processing_function} becomes the Java class given as {@code processor}.
 */
public final class RubyImport {
    /** Ruby node keys read as Pampa's; {@code ssh_password} is handled apart. */
    static final Map<String, String> NODE_KEYS = Map.of(
            "name", "name", "net_remote_ip", "host", "ssh_username", "user", "ssh_port", "port",
            "ssh_private_key_file", "auth", "max_workers", "max_workers", "max_ram", "max_ram", "max_cpu", "max_cpu",
            "max_disk_io", "max_disk_io", "max_net_io", "max_net_io");
    /** The Ruby README gives the I/O limits as bare numbers without a unit; Pampa reads a bare number as MB/s. */
    private static final Set<String> RATES = Set.of("max_disk_io", "max_net_io");
    private static final Set<String> FUNCTIONS = Set.of("selecting_function", "relaunching_function", "occupied_function", "allowing_function");

    /** What the file holds: the nodes and jobs read, and a note for each thing left out or to do by hand. */
    public record Result(List<NodeSpec> nodes, List<JobSpec> jobs, List<String> notes) {
    }

    private final List<NodeSpec> nodes = new ArrayList<>();
    private final List<JobSpec> jobs = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<SpecProblem> problems = new ArrayList<>();
    private final String processor;

    private RubyImport(String processor) {
        this.processor = processor;
    }

    /**
     * @param processor the Java class that does what the jobs' {@code processing_function} did, or null
     * @throws RubyConfigReader.ReadError when the file cannot be read, naming the line
     * @throws InvalidSpecException naming each value that does not make a valid node or job, with its line
     */
    public static Result of(String rubySource, String processor) throws RubyConfigReader.ReadError, InvalidSpecException {
        RubyImport in = new RubyImport(processor);
        List<RubyConfigReader.Call> calls = RubyConfigReader.read(rubySource);
        if (calls.isEmpty()) {
            throw new RubyConfigReader.ReadError(1, "no BlackStack::Pampa.add_nodes, add_node or add_job call in the file");
        }
        for (RubyConfigReader.Call call : calls) {
            switch (call.method()) {
                case "add_nodes" -> in.nodes(call);
                case "add_node" -> in.node(call.argument(), call.line());
                default -> in.job(call.argument(), call.line());
            }
        }
        if (!in.problems.isEmpty()) {
            throw new InvalidSpecException("Ruby configuration", in.problems);
        }
        return new Result(List.copyOf(in.nodes), List.copyOf(in.jobs), List.copyOf(in.notes));
    }

    private void nodes(RubyConfigReader.Call call) {
        if (!(call.argument() instanceof RubyLiteral.Array list)) {
            node(call.argument(), call.line());
            return;
        }
        for (RubyLiteral item : list.items()) {
            node(item, item.line());
        }
    }

    private void node(RubyLiteral value, int line) {
        if (!(value instanceof RubyLiteral.Hash hash)) {
            problems.add(new SpecProblem("line " + line, "a node that is not a hash", "write each node as { :name => ..., :net_remote_ip => ... }"));
            return;
        }
        Map<String, String> v = new LinkedHashMap<>();
        String name = hash.entries().get("name") instanceof RubyLiteral.Text t ? t.value() : null;
        String label = "node " + (name == null ? "on line " + line : "'" + name + "' (line " + line + ")");
        boolean local = NodeSpec.LOCAL.equals(name);
        if (local) {
            notes.add(label + ": Pampa's local node is this machine, run without SSH: its SSH settings are left out");
        }
        for (Map.Entry<String, RubyLiteral> e : hash.entries().entrySet()) {
            String key = e.getKey();
            int at = hash.keyLines().get(key);
            if (local && (key.startsWith("ssh_") || key.equals("net_remote_ip"))) {
                continue;
            }
            if (key.equals("ssh_password")) {
                v.put("auth", NodeDraft.PASSWORD);
                notes.add(label + ": ssh_password (line " + at + ") is not stored; install Pampa's key with it once: pampa node install-key "
                        + (name == null ? "NAME" : name));
            } else if (RATES.contains(key)) {
                text(e.getValue(), key, at).ifPresent(s -> {
                    v.put(key, s);
                    if (s.strip().matches("[0-9.]+")) {
                        notes.add(label + ": " + key + " (line " + at + ") " + s.strip() + " read as " + s.strip()
                                + " MB/s per worker; give it a unit (e.g. 512K, 20M) if the Ruby configuration meant another");
                    }
                });
            } else if (NODE_KEYS.containsKey(key)) {
                text(e.getValue(), key, at).ifPresent(s -> v.put(NODE_KEYS.get(key), s));
            } else {
                notes.add(label + ": " + key + " (line " + at + ") has no counterpart in Pampa; left out");
            }
        }
        try {
            nodes.add(draft(v).toSpec());
        } catch (InvalidSpecException ex) {
            ex.problems().forEach(p -> problems.add(new SpecProblem(label + ": " + p.parameter(), p.found(), p.fix())));
        }
    }

    private NodeDraft draft(Map<String, String> v) {
        return new NodeDraft(v.get("name"), v.get("host"), integer(v.get("port"), "port"), v.get("user"), v.get("auth"),
                integer(v.get("max_workers"), "max_workers"), null, null, integer(v.get("max_ram"), "max_ram"), integer(v.get("max_cpu"), "max_cpu"),
                v.get("max_disk_io"), v.get("max_net_io"));
    }

    private Integer integer(String text, String param) {
        if (text == null) {
            return null;
        }
        try {
            return Integer.valueOf(text.trim());
        } catch (NumberFormatException e) {
            problems.add(new SpecProblem(param, "'" + text + "' is not a whole number", "write a whole number"));
            return null;
        }
    }

    private void job(RubyLiteral value, int line) {
        if (!(value instanceof RubyLiteral.Hash hash)) {
            problems.add(new SpecProblem("line " + line, "add_job without a hash", "write add_job({ :name => ..., :table => ... })"));
            return;
        }
        String name = hash.entries().get("name") instanceof RubyLiteral.Text t ? t.value() : null;
        String label = "job " + (name == null ? "on line " + line : "'" + name + "' (line " + line + ")");
        Map<String, String> v = new LinkedHashMap<>();
        Set<String> parameters = Set.copyOf(JobYaml.parameters());
        for (Map.Entry<String, RubyLiteral> e : hash.entries().entrySet()) {
            String key = e.getKey();
            int at = hash.keyLines().get(key);
            RubyLiteral literal = e.getValue();
            if (key.equals("processing_function")) {
                if (processor == null) {
                    problems.add(new SpecProblem(label + ": processing_function", "is Ruby code (line " + at + "), which cannot run on the JVM",
                            "write it as a Java class implementing dev.pampa.api.TaskProcessor (pampa new-job NAME makes a project for one) and pass --processor CLASS"));
                } else {
                    v.put("processor", processor);
                    notes.add(label + ": processing_function (line " + at + ") is replaced by the Java class " + processor);
                }
            } else if (FUNCTIONS.contains(key) && literal instanceof RubyLiteral.Code) {
                notes.add(label + ": " + key + " (line " + at + ") is Ruby code; left out: write it as a Java class and set " + key + ": CLASS");
            } else if (key.equals("filter_worker_id") && literal instanceof RubyLiteral.Regex r) {
                v.put(key, fullMatch(r));
            } else if (parameters.contains(key) && !key.equals("processor")) {
                text(literal, key, at).ifPresent(s -> v.put(key, s));
            } else {
                notes.add(label + ": " + key + " (line " + at + ") has no counterpart in Pampa; left out");
            }
        }
        try {
            jobs.add(JobYaml.fromValues(v, "imported " + label));
        } catch (InvalidSpecException ex) {
            ex.problems().forEach(p -> problems.add(new SpecProblem(label + ": " + p.parameter(), p.found(), p.fix())));
        }
    }

    /**
     * Ruby's {@code =~} finds the expression anywhere in the worker's name; Pampa's filter must match
     * the whole name, so the expression is wrapped unless it is anchored at both ends already.
     */
    static String fullMatch(RubyLiteral.Regex r) {
        String flags = (r.flags().contains("i") ? "i" : "") + (r.flags().contains("m") ? "s" : "") + (r.flags().contains("x") ? "x" : "");
        String src = r.source();
        String body;
        if (src.equals(".*")) {
            body = src;
        } else if (src.startsWith("^") && src.endsWith("$") && !src.endsWith("\\$")) {
            body = src.substring(1, src.length() - 1);
        } else {
            body = ".*(?:" + src + ").*";
        }
        return (flags.isEmpty() ? "" : "(?" + flags + ")") + body;
    }

    private java.util.Optional<String> text(RubyLiteral literal, String key, int at) {
        if (literal instanceof RubyLiteral.Text t) {
            return java.util.Optional.of(t.value());
        }
        if (literal instanceof RubyLiteral.Number n) {
            return java.util.Optional.of(n.value());
        }
        if (literal instanceof RubyLiteral.Nil) {
            return java.util.Optional.empty();
        }
        problems.add(new SpecProblem(key, "line " + at + " gives " + describe(literal), "give a string, a symbol or a number"));
        return java.util.Optional.empty();
    }

    private static String describe(RubyLiteral literal) {
        if (literal instanceof RubyLiteral.Code) {
            return "Ruby code";
        }
        if (literal instanceof RubyLiteral.Regex) {
            return "a regular expression";
        }
        if (literal instanceof RubyLiteral.Hash) {
            return "a hash";
        }
        if (literal instanceof RubyLiteral.Array) {
            return "an array";
        }
        return literal instanceof RubyLiteral.Bool b ? String.valueOf(b.value()) : "a value";
    }
}
