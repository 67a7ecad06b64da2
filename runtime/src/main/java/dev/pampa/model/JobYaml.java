package dev.pampa.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/**
 * The YAML form of a job, with the parameter names of the Ruby Pampa. Reading checks every value that
 * can be checked without a database; {@code job apply} checks the rest against the live table.
 */
public final class JobYaml {
    private static final Pattern JOB_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,100}");
    private static final Pattern CLASS_NAME = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)*");
    /** The longest class name, regular expression and table name the job table stores (VARCHAR columns). */
    private static final int MAX_CLASS_NAME = 300;
    private static final int MAX_FILTER = 300;
    private static final int MAX_TABLE = 200;
    /** A job is a few hundred bytes; a cap before parsing keeps a huge or hostile file from costing minutes and gigabytes. */
    public static final int MAX_YAML_BYTES = 1 << 20;

    private static final ObjectMapper MAPPER = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES))
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    /** The parameter names, in the order a written job lists them. */
    static final List<String> PARAMETERS = List.of(Document.class.getAnnotation(JsonPropertyOrder.class).value());
    private static final Set<String> INTEGER_PARAMETERS = Set.of("queue_size", "max_job_duration_minutes",
            "max_try_times", "retry_delay_seconds", "max_pending_tasks", "max_assigned_workers");

    private JobYaml() {
    }

    /** The document as written: every parameter nullable so that defaults can be told from values. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"name", "table", "field_primary_key", "field_id", "field_time", "field_times",
            "field_start_time", "field_end_time", "field_success", "field_error_description", "field_scheduled_time",
            "queue_size", "max_job_duration_minutes", "max_try_times", "retry_delay_seconds", "processor",
            "selecting_function", "relaunching_function", "occupied_function", "allowing_function", "reporting_function",
            "max_pending_tasks", "max_assigned_workers", "filter_worker_id", "schedule", "schedule_time_zone"})
    static final class Document {
        @JsonProperty("name") public String name;
        @JsonProperty("table") public String table;
        @JsonProperty("field_primary_key") public String fieldPrimaryKey;
        @JsonProperty("field_id") public String fieldId;
        @JsonProperty("field_time") public String fieldTime;
        @JsonProperty("field_times") public String fieldTimes;
        @JsonProperty("field_start_time") public String fieldStartTime;
        @JsonProperty("field_end_time") public String fieldEndTime;
        @JsonProperty("field_success") public String fieldSuccess;
        @JsonProperty("field_error_description") public String fieldErrorDescription;
        @JsonProperty("field_scheduled_time") public String fieldScheduledTime;
        @JsonProperty("queue_size") public Integer queueSize;
        @JsonProperty("max_job_duration_minutes") public Integer maxJobDurationMinutes;
        @JsonProperty("max_try_times") public Integer maxTryTimes;
        @JsonProperty("retry_delay_seconds") public Integer retryDelaySeconds;
        @JsonProperty("processor") public String processor;
        @JsonProperty("selecting_function") public String selectingFunction;
        @JsonProperty("relaunching_function") public String relaunchingFunction;
        @JsonProperty("occupied_function") public String occupiedFunction;
        @JsonProperty("allowing_function") public String allowingFunction;
        @JsonProperty("max_pending_tasks") public Integer maxPendingTasks;
        @JsonProperty("max_assigned_workers") public Integer maxAssignedWorkers;
        @JsonProperty("filter_worker_id") public String filterWorkerId;
        @JsonProperty("reporting_function") public String reportingFunction;
        @JsonProperty("schedule") public String schedule;
        @JsonProperty("schedule_time_zone") public String scheduleTimeZone;
    }

    public static JobSpec read(Path file) throws InvalidSpecException, IOException {
        String text;
        try {
            long size = Files.size(file);
            if (size > MAX_YAML_BYTES) {
                throw new InvalidSpecException("job file " + file, List.of(tooLarge(size)));
            }
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new InvalidSpecException("job file " + file, List.of(new SpecProblem("file", "no file at " + file.toAbsolutePath(), "give the path of an existing YAML job file")));
        }
        return parse(text, file.toString());
    }

    /**
     * Reads a job from YAML text. Every problem is reported at once (unknown parameters, values of the
     * wrong type, values out of range), except a YAML syntax error, after which nothing can be read.
     */
    public static JobSpec parse(String yaml, String source) throws InvalidSpecException {
        String what = "job " + source;
        if (yaml.length() > MAX_YAML_BYTES) {
            throw new InvalidSpecException(what, List.of(tooLarge(yaml.length())));
        }
        Map<String, List<Integer>> keyLines;
        JsonNode root;
        try {
            keyLines = topLevelKeyLines(yaml);
            root = MAPPER.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new InvalidSpecException(what, List.of(new SpecProblem("document",
                    "not valid YAML (line " + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + ": " + e.getOriginalMessage() + ")",
                    "fix the YAML syntax")));
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new InvalidSpecException(what, List.of(new SpecProblem("document", "empty", "write the job as a YAML mapping of parameter: value")));
        }
        if (!root.isObject()) {
            throw new InvalidSpecException(what, List.of(new SpecProblem("document", "not a mapping (line 1)", "write the job as a YAML mapping of parameter: value")));
        }
        return check((ObjectNode) root, keyLines, what);
    }

    /**
     * Checks a job given as parameter name to text (an editor's fields) by the same rules as its YAML
     * form; a blank value counts as left out, so its default applies.
     */
    public static JobSpec fromValues(Map<String, String> values, String source) throws InvalidSpecException {
        ObjectNode given = MAPPER.createObjectNode();
        values.forEach((key, value) -> {
            if (value != null && !value.isBlank()) {
                given.put(key, value.trim());
            }
        });
        return check(given, Map.of(), "job " + source);
    }

    private static SpecProblem tooLarge(long size) {
        return new SpecProblem("document", "is " + size + " bytes, over the " + MAX_YAML_BYTES + "-byte limit of a job file",
                "a job is a few lines of parameter: value; check that this is the job's YAML");
    }

    /** The parameter names, in the order a written job lists them. */
    public static List<String> parameters() {
        return PARAMETERS;
    }

    /** The parameters a job can be written with: its YAML form's keys and values as text. */
    public static Map<String, String> values(JobSpec spec) {
        Map<String, String> out = new LinkedHashMap<>();
        JsonNode tree;
        try {
            tree = MAPPER.readTree(write(spec));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot read back job " + spec.name(), e);
        }
        for (String p : PARAMETERS) {
            JsonNode v = tree.get(p);
            out.put(p, v == null || v.isNull() ? "" : v.asText());
        }
        return out;
    }

    private static JobSpec check(ObjectNode given, Map<String, List<Integer>> keyLines, String what) throws InvalidSpecException {
        List<SpecProblem> problems = new ArrayList<>();
        Set<String> unusable = new HashSet<>();
        keyLines.forEach((key, lines) -> {
            if (lines.size() > 1) {
                problems.add(new SpecProblem(key, "given " + lines.size() + " times (lines " + lines.stream().map(String::valueOf).collect(Collectors.joining(", ")) + ")", "keep one"));
            }
        });
        for (String key : keysOf(given)) {
            String line = keyLines.containsKey(key) ? " (line " + keyLines.get(key).get(0) + ")" : "";
            if (key.equals("processing_function")) {
                problems.add(new SpecProblem(key, "is the Ruby Pampa's name" + line,
                        "Pampa runs a Java class: write one implementing dev.pampa.api.TaskProcessor (pampa new-job NAME makes a project for one)"
                                + " and name it with processor: com.example.MyProcessor; pampa import FILE.rb reads a whole Ruby configuration"));
                given.remove(key);
                continue;
            }
            if (!PARAMETERS.contains(key)) {
                String hint = CloseNames.didYouMean(CloseNames.to(key, PARAMETERS, 2));
                problems.add(new SpecProblem(key, "unknown parameter" + line,
                        hint.isEmpty() ? "remove it or use one of: " + String.join(", ", new TreeSet<>(PARAMETERS)) : hint));
                given.remove(key);
                continue;
            }
            String typeProblem = typeProblem(key, given.get(key));
            if (typeProblem != null) {
                problems.add(new SpecProblem(key, typeProblem + line, INTEGER_PARAMETERS.contains(key) ? "write a whole number" : "give a single value"));
                unusable.add(key);
                given.remove(key);
            }
        }
        Document d;
        try {
            d = MAPPER.treeToValue(given, Document.class);
        } catch (JsonProcessingException e) {
            // typeProblem() let through something the binder rejects: report it rather than lose it
            throw new InvalidSpecException(what, List.of(new SpecProblem("document", e.getOriginalMessage(), "give each parameter a single value of the right type")));
        }
        List<SpecProblem> valueProblems = new ArrayList<>();
        JobSpec spec = toSpec(d, valueProblems);
        // a parameter already reported for its type would otherwise be reported again as missing
        valueProblems.stream().filter(p -> !unusable.contains(p.parameter())).forEach(problems::add);
        if (!problems.isEmpty()) {
            throw new InvalidSpecException(what, problems);
        }
        return spec;
    }

    /** A copy, so that keys can be removed while going through them. */
    private static List<String> keysOf(ObjectNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    /** Where each top-level key is written, to point at lines and catch keys given twice. */
    private static Map<String, List<Integer>> topLevelKeyLines(String yaml) throws JsonProcessingException {
        Map<String, List<Integer>> lines = new LinkedHashMap<>();
        try (JsonParser p = MAPPER.getFactory().createParser(yaml)) {
            int depth = 0;
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    depth++;
                } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                    depth--;
                } else if (t == JsonToken.FIELD_NAME && depth == 1) {
                    lines.computeIfAbsent(p.currentName(), k -> new ArrayList<>()).add(p.currentLocation().getLineNr());
                }
            }
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            throw new IllegalStateException("reading YAML from a string failed", e);
        }
        return lines;
    }

    /** Null when the value can be bound to the parameter, else what is wrong with it. */
    private static String typeProblem(String key, JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isContainerNode()) {
            return "a " + (value.isArray() ? "list" : "mapping") + " where a single value belongs";
        }
        if (!INTEGER_PARAMETERS.contains(key)) {
            return null;
        }
        if (value.isIntegralNumber() && value.canConvertToInt()) {
            return null;
        }
        if (value.isTextual()) {
            try {
                Integer.parseInt(value.textValue().trim());
                return null;
            } catch (NumberFormatException e) {
                // falls through to the message below
            }
        }
        return "'" + value.asText() + "' is not a whole number";
    }

    /** Checks the values of a document that binds; adds each problem found and returns the spec, or null. */
    static JobSpec toSpec(Document d, List<SpecProblem> problems) {
        int before = problems.size();
        String name = required(problems, "name", d.name, "give the job a name (letters, digits, '_', '-', '.')");
        if (name != null && !JOB_NAME.matcher(name).matches()) {
            problems.add(new SpecProblem("name", "'" + name + "'", "use 1 to 100 letters, digits, '_', '-' or '.'"));
        }
        String table = required(problems, "table", d.table, "name the task table, optionally as schema.table");
        if (table != null) {
            if (table.length() > MAX_TABLE) {
                problems.add(new SpecProblem("table", table.length() + " characters", "write table or schema.table in at most " + MAX_TABLE + " characters"));
            } else {
                try {
                    TableName.parse(table);
                } catch (IllegalArgumentException e) {
                    problems.add(new SpecProblem("table", "'" + Identifier.printable(table) + "' " + e.getMessage(),
                            "write table or schema.table, each part 1 to " + Identifier.MAX_BYTES + " bytes; double-quote a part that holds a dot"));
                }
            }
        }
        FieldMap fields = new FieldMap(
                column(problems, "field_primary_key", d.fieldPrimaryKey, "id"),
                column(problems, "field_id", d.fieldId, "pampa_reservation_id"),
                column(problems, "field_time", d.fieldTime, "pampa_reservation_time"),
                column(problems, "field_times", d.fieldTimes, "pampa_reservation_times"),
                column(problems, "field_start_time", d.fieldStartTime, "pampa_start_time"),
                column(problems, "field_end_time", d.fieldEndTime, "pampa_end_time"),
                column(problems, "field_success", d.fieldSuccess, "pampa_success"),
                column(problems, "field_error_description", d.fieldErrorDescription, "pampa_error_description"),
                d.fieldScheduledTime == null || d.fieldScheduledTime.isBlank() ? null
                        : column(problems, "field_scheduled_time", d.fieldScheduledTime, "(none: tasks start as soon as they are pending)"));
        var seen = new java.util.HashMap<String, String>();
        fields.byParameter().forEach((param, col) -> {
            String other = seen.putIfAbsent(col, param);
            if (other != null) {
                problems.add(new SpecProblem(param, "column '" + col + "' is also " + other, "give each field its own column"));
            }
        });
        int queueSize = range(problems, "queue_size", d.queueSize, JobSpec.DEFAULT_QUEUE_SIZE, 1, 100_000);
        int maxDuration = range(problems, "max_job_duration_minutes", d.maxJobDurationMinutes, JobSpec.DEFAULT_MAX_JOB_DURATION_MINUTES, 1, 10_080);
        int maxTry = range(problems, "max_try_times", d.maxTryTimes, JobSpec.DEFAULT_MAX_TRY_TIMES, 1, 1_000);
        int retryDelay = range(problems, "retry_delay_seconds", d.retryDelaySeconds, JobSpec.DEFAULT_RETRY_DELAY_SECONDS, 0, 86_400);
        String processor = required(problems, "processor", d.processor, "name the class that implements dev.pampa.api.TaskProcessor");
        className(problems, "processor", processor);
        className(problems, "selecting_function", d.selectingFunction);
        className(problems, "relaunching_function", d.relaunchingFunction);
        className(problems, "occupied_function", d.occupiedFunction);
        className(problems, "allowing_function", d.allowingFunction);
        className(problems, "reporting_function", d.reportingFunction);
        String schedule = blankToNull(d.schedule);
        String zone = blankToNull(d.scheduleTimeZone);
        if (zone != null) {
            try {
                Schedule.zone(zone);
            } catch (IllegalArgumentException e) {
                problems.add(new SpecProblem("schedule_time_zone", "'" + zone + "' is not a time zone (" + e.getMessage() + ")",
                        "write a zone id such as UTC, Europe/Paris or America/New_York (or leave it out for UTC)"));
            }
        }
        if (schedule != null && schedule.length() > MAX_FILTER) {
            problems.add(new SpecProblem("schedule", schedule.length() + " characters", "write a cron expression of at most " + MAX_FILTER + " characters"));
        } else if (schedule != null) {
            try {
                Schedule.parse(schedule, null);
            } catch (IllegalArgumentException e) {
                problems.add(new SpecProblem("schedule", "'" + schedule + "' is not a Quartz cron expression (" + e.getMessage() + ")",
                        "write seconds minutes hours day-of-month month day-of-week, with ? in one day field, e.g. '0 0 */3 * * ?' for every 3 hours"));
            }
        } else if (zone != null) {
            problems.add(new SpecProblem("schedule_time_zone", "set without schedule", "set schedule too, or leave schedule_time_zone out"));
        }
        Integer maxPending = optionalRange(problems, "max_pending_tasks", d.maxPendingTasks, 1, Integer.MAX_VALUE);
        Integer maxAssigned = optionalRange(problems, "max_assigned_workers", d.maxAssignedWorkers, 1, 100_000);
        if (maxPending != null && maxAssigned == null) {
            problems.add(new SpecProblem("max_pending_tasks", "set without max_assigned_workers", "set max_assigned_workers too: elastic assignment scales between 1 and that many workers"));
        }
        if (d.filterWorkerId != null && d.filterWorkerId.length() > MAX_FILTER) {
            problems.add(new SpecProblem("filter_worker_id", d.filterWorkerId.length() + " characters",
                    "keep the regular expression under " + MAX_FILTER + " characters; it is matched against worker names such as n01.3"));
        } else if (d.filterWorkerId != null) {
            try {
                Pattern.compile(d.filterWorkerId);
            } catch (PatternSyntaxException e) {
                problems.add(new SpecProblem("filter_worker_id", "'" + d.filterWorkerId + "' is not a regular expression (" + e.getDescription() + ")", "write a Java regular expression such as 'n0[1-4]\\..*'"));
            }
        }
        if (problems.size() > before) {
            return null;
        }
        return new JobSpec(name, table, fields, queueSize, maxDuration, maxTry, retryDelay, processor,
                blankToNull(d.selectingFunction), blankToNull(d.relaunchingFunction), blankToNull(d.occupiedFunction),
                blankToNull(d.allowingFunction), maxPending, maxAssigned, blankToNull(d.filterWorkerId),
                schedule, zone, blankToNull(d.reportingFunction));
    }

    public static String write(JobSpec spec) {
        Document d = new Document();
        d.name = spec.name();
        d.table = spec.table();
        FieldMap f = spec.fields();
        d.fieldPrimaryKey = f.primaryKey();
        d.fieldId = f.id();
        d.fieldTime = f.time();
        d.fieldTimes = f.times();
        d.fieldStartTime = f.startTime();
        d.fieldEndTime = f.endTime();
        d.fieldSuccess = f.success();
        d.fieldErrorDescription = f.errorDescription();
        d.fieldScheduledTime = f.scheduledTime();
        d.queueSize = spec.queueSize();
        d.maxJobDurationMinutes = spec.maxJobDurationMinutes();
        d.maxTryTimes = spec.maxTryTimes();
        d.retryDelaySeconds = spec.retryDelaySeconds();
        d.processor = spec.processor();
        d.selectingFunction = spec.selectingFunction();
        d.relaunchingFunction = spec.relaunchingFunction();
        d.occupiedFunction = spec.occupiedFunction();
        d.allowingFunction = spec.allowingFunction();
        d.maxPendingTasks = spec.maxPendingTasks();
        d.maxAssignedWorkers = spec.maxAssignedWorkers();
        d.filterWorkerId = spec.filterWorkerId();
        d.reportingFunction = spec.reportingFunction();
        d.schedule = spec.schedule();
        d.scheduleTimeZone = spec.scheduleTimeZone();
        try {
            return MAPPER.writeValueAsString(d);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write job " + spec.name() + " as YAML", e);
        }
    }

    private static String required(List<SpecProblem> problems, String param, String value, String fix) {
        if (value == null || value.isBlank()) {
            problems.add(new SpecProblem(param, "missing", fix));
            return null;
        }
        return value.trim();
    }

    private static String column(List<SpecProblem> problems, String param, String value, String fallback) {
        if (value == null) {
            return fallback;
        }
        String v = value.trim();
        Identifier.problem(v).ifPresent(why -> problems.add(new SpecProblem(param, "'" + Identifier.printable(value) + "' " + why,
                "name a column of 1 to " + Identifier.MAX_BYTES + " bytes, or leave it out " + (fallback.startsWith("(") ? fallback : "for '" + fallback + "'"))));
        return v;
    }

    private static int range(List<SpecProblem> problems, String param, Integer value, int fallback, int min, int max) {
        if (value == null) {
            return fallback;
        }
        checkRange(problems, param, value, min, max, " (or leave it out for " + fallback + ")");
        return value;
    }

    /** For parameters without a default: leaving them out switches a feature off. */
    private static Integer optionalRange(List<SpecProblem> problems, String param, Integer value, int min, int max) {
        if (value != null) {
            checkRange(problems, param, value, min, max, " (or leave it out)");
        }
        return value;
    }

    private static void checkRange(List<SpecProblem> problems, String param, int value, int min, int max, String orDefault) {
        if (value < min || value > max) {
            problems.add(new SpecProblem(param, value + " is out of range", "use a value from " + min + " to " + max + orDefault));
        }
    }

    private static void className(List<SpecProblem> problems, String param, String value) {
        if (value != null && value.trim().length() > MAX_CLASS_NAME) {
            problems.add(new SpecProblem(param, value.trim().length() + " characters", "write a class name of at most " + MAX_CLASS_NAME + " characters"));
        } else if (value != null && !value.isBlank() && !CLASS_NAME.matcher(value.trim()).matches()) {
            problems.add(new SpecProblem(param, "'" + value + "' is not a Java class name", "write the fully qualified class name, e.g. com.example.MyProcessor"));
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
