package dev.pampa.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
    private static final int MAX_IDENTIFIER = 63;

    private static final ObjectMapper MAPPER = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES))
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private JobYaml() {
    }

    /** The document as written: every parameter nullable so that defaults can be told from values. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"name", "table", "field_primary_key", "field_id", "field_time", "field_times",
            "field_start_time", "field_end_time", "field_success", "field_error_description", "queue_size",
            "max_job_duration_minutes", "max_try_times", "retry_delay_seconds", "processor",
            "selecting_function", "relaunching_function", "occupied_function", "allowing_function",
            "max_pending_tasks", "max_assigned_workers", "filter_worker_id"})
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
    }

    public static JobSpec read(Path file) throws InvalidSpecException, IOException {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new InvalidSpecException("job file " + file, List.of(new SpecProblem("file", "no file at " + file.toAbsolutePath(), "give the path of an existing YAML job file")));
        }
        return parse(text, file.toString());
    }

    public static JobSpec parse(String yaml, String source) throws InvalidSpecException {
        Document d;
        try {
            d = MAPPER.readValue(yaml, Document.class);
        } catch (UnrecognizedPropertyException e) {
            throw new InvalidSpecException("job " + source, List.of(new SpecProblem(e.getPropertyName(),
                    "unknown parameter (line " + e.getLocation().getLineNr() + ")",
                    "remove it or use one of: " + e.getKnownPropertyIds().stream().map(Object::toString).sorted().collect(Collectors.joining(", ")))));
        } catch (InvalidFormatException e) {
            throw new InvalidSpecException("job " + source, List.of(new SpecProblem(path(e), "'" + e.getValue() + "' is not a " + e.getTargetType().getSimpleName().toLowerCase() + " (line " + e.getLocation().getLineNr() + ")", "write a whole number")));
        } catch (MismatchedInputException e) {
            String param = path(e);
            throw new InvalidSpecException("job " + source, List.of(new SpecProblem(param.isEmpty() ? "document" : param,
                    "not what was expected (line " + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + ")",
                    param.isEmpty() ? "write the job as a YAML mapping of parameter: value" : "give a single value of the right type")));
        } catch (JsonProcessingException e) {
            throw new InvalidSpecException("job " + source, List.of(new SpecProblem("document",
                    "not valid YAML (line " + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + ": " + e.getOriginalMessage() + ")",
                    "fix the YAML syntax")));
        }
        if (d == null) {
            throw new InvalidSpecException("job " + source, List.of(new SpecProblem("document", "empty", "write the job as a YAML mapping of parameter: value")));
        }
        return toSpec(d, source);
    }

    private static String path(MismatchedInputException e) {
        return e.getPath().stream().map(r -> r.getFieldName() == null ? "[" + r.getIndex() + "]" : r.getFieldName()).collect(Collectors.joining("."));
    }

    static JobSpec toSpec(Document d, String source) throws InvalidSpecException {
        List<SpecProblem> problems = new ArrayList<>();
        String name = required(problems, "name", d.name, "give the job a name (letters, digits, '_', '-', '.')");
        if (name != null && !JOB_NAME.matcher(name).matches()) {
            problems.add(new SpecProblem("name", "'" + name + "'", "use 1 to 100 letters, digits, '_', '-' or '.'"));
        }
        String table = required(problems, "table", d.table, "name the task table, optionally as schema.table");
        if (table != null) {
            String[] parts = table.split("\\.", -1);
            if (parts.length > 2 || java.util.Arrays.stream(parts).anyMatch(p -> p.isEmpty() || p.length() > MAX_IDENTIFIER)) {
                problems.add(new SpecProblem("table", "'" + table + "'", "write table or schema.table, each part 1 to 63 characters"));
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
                column(problems, "field_error_description", d.fieldErrorDescription, "pampa_error_description"));
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
        Integer maxPending = d.maxPendingTasks == null ? null : range(problems, "max_pending_tasks", d.maxPendingTasks, 1, 1, Integer.MAX_VALUE);
        Integer maxAssigned = d.maxAssignedWorkers == null ? null : range(problems, "max_assigned_workers", d.maxAssignedWorkers, 1, 1, 100_000);
        if (maxPending != null && maxAssigned == null) {
            problems.add(new SpecProblem("max_pending_tasks", "set without max_assigned_workers", "set max_assigned_workers too: elastic assignment scales between 1 and that many workers"));
        }
        if (d.filterWorkerId != null) {
            try {
                Pattern.compile(d.filterWorkerId);
            } catch (PatternSyntaxException e) {
                problems.add(new SpecProblem("filter_worker_id", "'" + d.filterWorkerId + "' is not a regular expression (" + e.getDescription() + ")", "write a Java regular expression such as 'n0[1-4]\\..*'"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidSpecException("job " + source, problems);
        }
        return new JobSpec(name, table, fields, queueSize, maxDuration, maxTry, retryDelay, processor,
                blankToNull(d.selectingFunction), blankToNull(d.relaunchingFunction), blankToNull(d.occupiedFunction),
                blankToNull(d.allowingFunction), maxPending, maxAssigned, blankToNull(d.filterWorkerId));
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
        if (v.isEmpty() || v.length() > MAX_IDENTIFIER) {
            problems.add(new SpecProblem(param, "'" + value + "'", "name a column of 1 to 63 characters, or leave it out for '" + fallback + "'"));
        }
        return v;
    }

    private static int range(List<SpecProblem> problems, String param, Integer value, int fallback, int min, int max) {
        if (value == null) {
            return fallback;
        }
        if (value < min || value > max) {
            problems.add(new SpecProblem(param, String.valueOf(value), "use a value from " + min + " to " + max + (param.equals("queue_size") || param.startsWith("max_") ? "" : "") + " (default " + fallback + ")"));
        }
        return value;
    }

    private static void className(List<SpecProblem> problems, String param, String value) {
        if (value != null && !value.isBlank() && !CLASS_NAME.matcher(value.trim()).matches()) {
            problems.add(new SpecProblem(param, "'" + value + "' is not a Java class name", "write the fully qualified class name, e.g. com.example.MyProcessor"));
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
