package dev.pampa.ui.jobs;

import dev.pampa.ui.testing.Snapshots;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pampa.cli.ExitCode;
import dev.pampa.control.database.EmbeddedDefault;
import dev.pampa.control.database.OperatorDatabase;
import dev.pampa.jobs.JobOperations;
import dev.pampa.model.FieldMap;
import dev.pampa.model.JobSpec;
import dev.pampa.model.JobYaml;
import dev.pampa.report.JobOverview;
import dev.pampa.testing.CliRun;
import dev.pampa.ui.common.Background;
import dev.pampa.ui.common.CockpitSession;
import dev.pampa.ui.main.CockpitStartup;
import dev.pampa.ui.testing.CockpitFixture;
import dev.pampa.ui.testing.ScriptedDialogs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.matcher.control.LabeledMatchers;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Jobs screen on its real scene, on one embedded database for the class (the cockpit's first-run
 * seed: the numbers table and search_odd_numbers).
 */
@ExtendWith(ApplicationExtension.class)
class JobsScreenTest {
    private static final String SAMPLE = "search_odd_numbers";

    @TempDir
    static Path dir;

    private static OperatorDatabase database;
    private static Background background;
    private static CockpitStartup startup;

    private final ScriptedDialogs dialogs = new ScriptedDialogs();
    private JobsScreen screen;
    private JobOperations actions;

    @BeforeAll
    static void openDatabase() throws Exception {
        startup = CockpitFixture.startupIn(dir);
        database = EmbeddedDefault.open(startup.embedded(), m -> { });
        background = new Background();
    }

    @AfterAll
    static void closeDatabase() {
        background.close();
        database.close();
    }

    @Start
    void start(Stage stage) {
        CockpitSession session = new CockpitSession(database, null, background, dialogs);
        actions = new JobOperations(database.database(), dir.resolve("jobs"));
        screen = new JobsScreen(session, actions);
        stage.setScene(new Scene((javafx.scene.Parent) screen.view(), 1200, 780));
        stage.show();
        screen.shown();
    }

    @AfterEach
    void hide() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> screen.dispose()).get(10, TimeUnit.SECONDS);
    }

    private DSLContext dsl() {
        return database.database().dsl();
    }

    private void waitForSample(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> jobs().stream().anyMatch(j -> j.name().equals(SAMPLE)));
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void select(FxRobot robot, String job) throws Exception {
        waitForSample(robot);
        // the first rows can still be laid out when the cell is looked up: click again if the first click missed
        for (int attempt = 1; ; attempt++) {
            robot.clickOn(robot.lookup("#jobs-table .table-cell").match(LabeledMatchers.hasText(job)).queryLabeled());
            try {
                WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> screen.model().selectedProperty().get() != null
                        && screen.model().selectedProperty().get().name().equals(job));
                return;
            } catch (java.util.concurrent.TimeoutException e) {
                if (attempt == 3) {
                    throw e;
                }
                robot.sleep(600);
            }
        }
    }

    private String problem(FxRobot robot, String parameter) {
        return robot.lookup("#problem-" + parameter).queryAs(Label.class).getText();
    }

    /** The runtime's {@code job apply}, in this JVM, on the cockpit's database and jobs directory. */
    private CliRun jobApply(JobSpec spec, String... more) throws Exception {
        Path file = Files.writeString(dir.resolve("cli-" + spec.name() + ".yaml"), JobYaml.write(spec));
        List<String> args = new ArrayList<>(List.of("job", "apply", file.toString(), "--db=" + database.url().withCredentials(),
                "--jobs-dir", dir.resolve("jobs").toString()));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    /** Each problem {@code job apply} refused the job for, as the field it is about shows it in the editor. */
    private void assertEditorShowsWhatJobApplyPrints(FxRobot robot, CliRun refused) {
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCode.INVALID_JOB);
        List<String> lines = refused.errLines().subList(1, refused.errLines().size());
        assertThat(lines).isNotEmpty();
        for (String line : lines) {
            String parameter = line.trim().substring(0, line.trim().indexOf(':'));
            assertThat("  " + parameter + ": " + problem(robot, parameter)).isEqualTo(line);
        }
    }

    private static JobSpec withSuccessColumn(JobSpec job, String column) {
        FieldMap f = job.fields();
        return new JobSpec(job.name(), job.table(), new FieldMap(f.primaryKey(), f.id(), f.time(), f.times(), f.startTime(),
                f.endTime(), column, f.errorDescription()), job.queueSize(), job.maxJobDurationMinutes(), job.maxTryTimes(),
                job.retryDelaySeconds(), job.processor(), job.selectingFunction(), job.relaunchingFunction(), job.occupiedFunction(),
                job.allowingFunction(), job.maxPendingTasks(), job.maxAssignedWorkers(), job.filterWorkerId());
    }

    @Test
    void the_list_shows_the_sample_job_with_its_100000_pending_tasks(FxRobot robot) throws Exception {
        waitForSample(robot);
        JobOverview sample = jobs().stream().filter(j -> j.name().equals(SAMPLE)).findFirst().orElseThrow();
        assertThat(sample.problem()).isNull();
        assertThat(sample.progress().pending()).isEqualTo(100_000);
        assertThat(robot.lookup("#jobs-table .table-cell").match(LabeledMatchers.hasText("100,000")).tryQuery()).isPresent();
        assertThat(robot.lookup("#jobs-table .table-cell").match(LabeledMatchers.hasText("numbers")).tryQuery()).isPresent();
        assertThat(robot.lookup("#jobs-table").queryAs(TableView.class).getItems()).isNotEmpty();
        Snapshots.write(screen.view(), Snapshots.docsImage("jobs"));
    }

    @Test
    void a_recurring_job_shows_its_next_firing(FxRobot robot) throws Exception {
        waitForSample(robot);
        JobSpec sample = actions.find(SAMPLE).orElseThrow().spec();
        JobSpec recurring = JobYaml.parse(JobYaml.write(sample).replace("name: " + SAMPLE, "name: hourly")
                + "schedule: '0 0 * * * ?'\n", "test");
        new dev.pampa.store.JobStore(dsl()).save(recurring);
        dsl().execute("UPDATE pampa.job SET next_firing_at = '2030-01-02T03:00:00Z' WHERE name = 'hourly'");
        String shown = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
                .format(java.time.OffsetDateTime.parse("2030-01-02T03:00:00Z").atZoneSameInstant(java.time.ZoneId.systemDefault()));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS,
                () -> robot.lookup("#jobs-table .table-cell").match(LabeledMatchers.hasText(shown)).tryQuery().isPresent());
        JobOverview hourly = jobs().stream().filter(j -> j.name().equals("hourly")).findFirst().orElseThrow();
        assertThat(hourly.nextFiringAt()).isEqualTo(java.time.OffsetDateTime.parse("2030-01-02T03:00:00Z"));
        JobOverview plain = jobs().stream().filter(j -> j.name().equals(SAMPLE)).findFirst().orElseThrow();
        assertThat(plain.nextFiringText(java.time.ZoneOffset.UTC)).as("a job without a schedule shows nothing").isEmpty();
    }

    @Test
    void pause_and_resume_change_the_stored_job(FxRobot robot) throws Exception {
        select(robot, SAMPLE);
        robot.clickOn("#job-pause");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> actions.find(SAMPLE).orElseThrow().paused());
        // this job's own line: a job another test saved from the editor is paused too (new jobs are)
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> screen.model().selectedProperty().get() != null
                && screen.model().selectedProperty().get().name().equals(SAMPLE) && screen.model().selectedProperty().get().paused());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#jobs-table .table-cell").match(LabeledMatchers.hasText("paused")).tryQuery()).isPresent();
        assertThat(robot.lookup("#job-pause").queryAs(Button.class).isDisabled()).isTrue();

        robot.clickOn("#job-resume");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !actions.find(SAMPLE).orElseThrow().paused());
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#jobs-message").queryAs(Label.class).getText().contains("resumed"));
        assertThat(dialogs.errors()).isEmpty();
    }

    @Test
    void the_editor_shows_each_problem_beside_its_field_and_refuses_to_save(FxRobot robot) throws Exception {
        select(robot, SAMPLE);
        robot.clickOn("#job-edit");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> screen.editor() != null
                && !robot.lookup("#job-table-status").queryAs(Label.class).getText().startsWith("reading"));
        assertThat(robot.lookup("#field-queue_size").queryAs(TextField.class).getText()).isEqualTo("100");
        assertThat(robot.lookup("#job-save").queryAs(Button.class).isDisabled()).isFalse();

        robot.doubleClickOn("#field-queue_size").eraseText(3).write("0");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(problem(robot, "queue_size")).contains("0 is out of range").contains("from 1 to 100000");
        assertThat(robot.lookup("#job-save").queryAs(Button.class).isDisabled()).isTrue();
        assertThat(robot.lookup("#job-message").queryAs(Label.class).getText()).startsWith("1 field has a problem");

        robot.interact(() -> robot.lookup("#field-field_success").queryAs(ComboBox.class).setValue("odd_checking_sucess"));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(problem(robot, "field_success")).contains("column odd_checking_sucess is missing from table numbers")
                .contains("did you mean odd_checking_success?");
        // the same field map given to the runtime's job apply is refused in the same words
        assertEditorShowsWhatJobApplyPrints(robot, jobApply(withSuccessColumn(actions.find(SAMPLE).orElseThrow().spec(), "odd_checking_sucess")));
        assertThat(robot.lookup("#type-field_time").queryAs(Label.class).getText()).startsWith("timestamp without time zone");

        robot.interact(() -> robot.lookup("#field-field_times").queryAs(ComboBox.class).setValue("is_odd"));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(problem(robot, "field_times")).contains("column is_odd of table numbers is boolean")
                .contains("change its type to integer, bigint or smallint");
        robot.interact(() -> robot.lookup("#field-field_times").queryAs(ComboBox.class).setValue("odd_checking_reservation_times"));

        robot.interact(() -> robot.lookup("#field-field_success").queryAs(ComboBox.class).setValue("odd_checking_success"));
        robot.interact(() -> robot.lookup("#field-queue_size").queryAs(TextField.class).setText("50"));
        robot.interact(() -> robot.lookup("#field-processor").queryAs(ComboBox.class).setValue("com.example.NoSuchProcessor"));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(problem(robot, "queue_size")).isEmpty();
        assertThat(problem(robot, "field_success")).isEmpty();
        assertThat(robot.lookup("#job-save").queryAs(Button.class).isDisabled()).isFalse();

        // what only job apply's checks on the live jobs path find is refused at Save, beside its field
        robot.clickOn("#job-save");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#job-message").queryAs(Label.class).getText().startsWith("Not saved"));
        assertThat(problem(robot, "processor")).contains("class com.example.NoSuchProcessor is not on the jobs path");
        assertThat(actions.find(SAMPLE).orElseThrow().spec().queueSize()).isEqualTo(100);
        assertThat(actions.find(SAMPLE).orElseThrow().spec().processor()).isEqualTo("dev.pampa.sample.OddNumbers");
        robot.clickOn("#job-cancel");
    }

    @Test
    void the_editor_refuses_a_schedule_column_of_the_wrong_type_and_a_bad_cron_beside_their_fields(FxRobot robot) throws Exception {
        select(robot, SAMPLE);
        robot.clickOn("#job-edit");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> screen.editor() != null
                && !robot.lookup("#job-table-status").queryAs(Label.class).getText().startsWith("reading"));
        robot.interact(() -> robot.lookup("#field-field_scheduled_time").queryAs(ComboBox.class).setValue("is_odd"));
        robot.interact(() -> robot.lookup("#field-schedule").queryAs(TextField.class).setText("every hour"));
        WaitForAsyncUtils.waitForFxEvents();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !problem(robot, "field_scheduled_time").isEmpty());
        assertThat(problem(robot, "field_scheduled_time")).isEqualTo("column is_odd of table numbers is boolean"
                + " — change its type to timestamp or timestamptz, or name another column");
        assertThat(problem(robot, "schedule")).startsWith("'every hour' is not a Quartz cron expression");
        assertThat(robot.lookup("#job-save").queryAs(Button.class).isDisabled()).isTrue();

        robot.interact(() -> robot.lookup("#field-field_scheduled_time").queryAs(ComboBox.class).setValue("odd_checking_start_time"));
        robot.interact(() -> robot.lookup("#field-schedule").queryAs(TextField.class).setText("0 0 */3 * * ?"));
        WaitForAsyncUtils.waitForFxEvents();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> problem(robot, "schedule").isEmpty());
        assertThat(problem(robot, "field_scheduled_time")).as("a tracking column cannot be the schedule too")
                .contains("column 'odd_checking_start_time' is also field_start_time");
        robot.interact(() -> robot.lookup("#field-field_scheduled_time").queryAs(ComboBox.class).setValue(""));
        WaitForAsyncUtils.waitForFxEvents();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> problem(robot, "field_scheduled_time").isEmpty());
        assertThat(robot.lookup("#job-save").queryAs(Button.class).isDisabled()).isFalse();
        robot.clickOn("#job-cancel");
    }

    @Test
    void a_table_without_tracking_columns_gets_them_after_the_ddl_is_shown_and_confirmed(FxRobot robot) throws Exception {
        dsl().execute("CREATE TABLE invoices (id bigint PRIMARY KEY, amount numeric(12,2), receipt text)");
        dsl().execute("INSERT INTO invoices (id, amount) SELECT g, g * 1.5 FROM generate_series(1, 50) g");
        waitForSample(robot);
        robot.clickOn("#job-new");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> screen.editor() != null);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> screen.editor().model().tables().contains("invoices"));
        assertThat(screen.editor().model().tables()).contains("numbers").noneMatch(t -> t.startsWith("pampa."));
        // nothing typed yet: no field is red, the line beside Save says what is left to fill in
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(problem(robot, "name")).as("a new job before anything is typed").isEmpty();
        assertThat(problem(robot, "table")).isEmpty();
        assertThat(problem(robot, "processor")).isEmpty();
        assertThat(robot.lookup("#job-message").queryAs(Label.class).getText()).startsWith("To fill in before saving: ")
                .contains("name").contains("table").contains("processor");
        assertThat(robot.lookup("#job-save").queryAs(Button.class).isDisabled()).isTrue();
        // a field left empty shows its problem once left
        robot.clickOn("#field-name");
        robot.clickOn("#job-prefix");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(problem(robot, "name")).contains("missing");

        robot.clickOn("#field-name").write("charge_invoices");
        robot.interact(() -> robot.lookup("#field-table").queryAs(ComboBox.class).setValue("invoices"));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#job-table-status").queryAs(Label.class).getText().equals("3 columns"));
        robot.clickOn("#job-prefix").write("billing");
        robot.clickOn("#job-suggest-fields");
        robot.interact(() -> robot.lookup("#field-processor").queryAs(ComboBox.class).setValue("dev.pampa.sample.OddNumbers"));
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(robot.lookup("#field-field_id").queryAs(ComboBox.class).getValue()).isEqualTo("billing_reservation_id");
        // the suggestion says what it set, where it was asked for
        assertThat(robot.lookup("#job-suggest-result").queryAs(Label.class).getText())
                .startsWith("Suggested from the prefix billing: ").contains("field_id = billing_reservation_id");
        assertThat(robot.lookup("#job-suggest-result").queryAs(Label.class).isVisible()).isTrue();

        assertThat(robot.lookup("#field-field_primary_key").queryAs(ComboBox.class).getValue()).isEqualTo("id");
        assertThat(problem(robot, "field_id")).contains("column billing_reservation_id is missing from table invoices")
                .contains("add it as varchar(100)");
        assertThat(problem(robot, "field_error_description")).contains("add it as text");
        JobSpec edited = screen.editor().model().spec().orElseThrow();
        assertEditorShowsWhatJobApplyPrints(robot, jobApply(edited));
        CliRun dryRun = jobApply(edited, "--create-columns", "--dry-run");
        List<String> printed = dryRun.out().lines().dropWhile(l -> !l.startsWith("-- DDL that would run")).skip(1)
                .takeWhile(l -> !l.startsWith("--")).toList();
        assertThat(printed).as(dryRun.toString()).hasSize(10);
        assertThat(screen.editor().model().setupDdl()).isEqualTo(printed);
        assertThat(robot.lookup("#job-save").queryAs(Button.class).isDisabled()).isTrue();
        assertThat(robot.lookup("#job-prepare-table").queryAs(Button.class).isDisabled()).isFalse();
        assertThat(robot.lookup("#job-setup-note").queryAs(Label.class).getText()).contains("lacks 7 tracking columns");
        Snapshots.write(screen.view(), Snapshots.docsImage("job-editor"));
        robot.clickOn("#job-suggest-fields");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#job-suggest-result").queryAs(Label.class).getText()).as("asked again: nothing left to change")
                .startsWith("Nothing to change: the field map is already what the prefix billing gives");

        dialogs.answerConfirm(true);
        robot.clickOn("#job-prepare-table");
        ScriptedDialogs.Shown asked = dialogs.shown.stream().filter(s -> s.kind().equals("confirm")).findFirst().orElseThrow();
        assertThat(asked.text()).contains("SHARE UPDATE EXCLUSIVE lock for about ")
                .contains("alter table \"invoices\" add if not exists \"billing_reservation_id\" varchar(100)")
                .contains("create index concurrently if not exists \"invoices_pampa_pending\"")
                .contains("CREATE TRIGGER \"invoices_pampa_new_tasks\"");
        // the DDL shown is, statement for statement, what job apply --create-columns --dry-run printed
        assertThat(asked.text()).endsWith("\n" + String.join("\n", printed));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> robot.lookup("#job-message").queryAs(Label.class).getText().startsWith("Table invoices prepared"));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !robot.lookup("#job-save").queryAs(Button.class).isDisabled());

        List<String> columns = dsl().fetch("SELECT column_name FROM information_schema.columns WHERE table_name = 'invoices'")
                .getValues(0, String.class);
        assertThat(columns).contains("billing_reservation_id", "billing_reservation_time", "billing_reservation_times",
                "billing_start_time", "billing_end_time", "billing_success", "billing_error_description");
        List<String> indexes = dsl().fetch("SELECT indexname FROM pg_indexes WHERE tablename = 'invoices'").getValues(0, String.class);
        assertThat(indexes).contains("invoices_pampa_pending", "invoices_pampa_reserved");
        assertThat(problem(robot, "field_id")).isEmpty();
        assertThat(robot.lookup("#job-setup-note").queryAs(Label.class).getText()).isEmpty();
        assertThat(dsl().fetchValue("SELECT count(*) FROM pg_trigger WHERE tgname = 'invoices_pampa_new_tasks'")).isEqualTo(1L);

        robot.clickOn("#job-save");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> actions.find("charge_invoices").isPresent());
        JobSpec stored = actions.find("charge_invoices").orElseThrow().spec();
        assertThat(stored.table()).isEqualTo("invoices");
        assertThat(stored.fields().success()).isEqualTo("billing_success");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> screen.editor() == null
                && jobs().stream().anyMatch(j -> j.name().equals("charge_invoices") && j.progress() != null
                && j.progress().pending() == 50));
        assertThat(dialogs.errors()).isEmpty();
    }

    @Test
    void preparing_a_big_table_shows_each_steps_lock_the_expected_time_and_a_progress_bar(FxRobot robot) throws Exception {
        dsl().execute("CREATE TABLE ledger (id bigint PRIMARY KEY, amount integer, memo text)");
        dsl().execute("INSERT INTO ledger SELECT g, g % 997, 'entry ' || g FROM generate_series(1, 1500000) g");
        dsl().execute("ANALYZE ledger");
        waitForSample(robot);
        robot.clickOn("#job-new");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> screen.editor() != null);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> screen.editor().model().tables().contains("ledger"));
        robot.clickOn("#field-name").write("post_ledger");
        robot.interact(() -> robot.lookup("#field-table").queryAs(ComboBox.class).setValue("ledger"));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#job-table-status").queryAs(Label.class).getText().equals("3 columns"));
        robot.clickOn("#job-suggest-fields");
        robot.interact(() -> robot.lookup("#field-processor").queryAs(ComboBox.class).setValue("dev.pampa.sample.OddNumbers"));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !robot.lookup("#job-prepare-table").queryAs(Button.class).isDisabled());
        javafx.scene.control.ProgressBar bar = robot.lookup("#job-setup-progress").queryAs(javafx.scene.control.ProgressBar.class);
        Label barText = robot.lookup("#job-setup-progress-text").queryAs(Label.class);
        assertThat(bar.getParent().isVisible()).as("no bar before the DDL runs").isFalse();
        List<Double> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<String> texts = new java.util.concurrent.CopyOnWriteArrayList<>();
        robot.interact(() -> {
            bar.progressProperty().addListener((o, was, now) -> seen.add(now.doubleValue()));
            barText.textProperty().addListener((o, was, now) -> texts.add(now));
        });

        dialogs.answerConfirm(true);
        robot.clickOn("#job-prepare-table");

        ScriptedDialogs.Shown asked = dialogs.shown.stream().filter(s -> s.kind().equals("confirm") && s.title().equals("Prepare table ledger"))
                .findFirst().orElseThrow();
        assertThat(asked.text()).contains("Expected time: about ")
                .contains("the application writing the table waits at most 2 s at a time")
                .contains("1. add 7 tracking columns to ledger: ACCESS EXCLUSIVE lock, held a few milliseconds")
                .contains("2. build index ledger_pampa_pending concurrently: SHARE UPDATE EXCLUSIVE lock for about ")
                .contains("1,500,000 rows")
                .contains("4. create the wake-up trigger ledger_pampa_new_tasks: SHARE ROW EXCLUSIVE lock");
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> robot.lookup("#job-message").queryAs(Label.class).getText().startsWith("Table ledger prepared"));
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(texts).as("the bar's line named each step and, during the build, its phase")
                .anySatisfy(t -> assertThat(t).startsWith("Step 1 of 4: add 7 tracking columns to ledger"))
                .anySatisfy(t -> assertThat(t).startsWith("Step 2 of 4: build index ledger_pampa_pending concurrently — "));
        assertThat(seen).as("the bar moved between empty and full while the index was built")
                .anySatisfy(f -> assertThat(f).isStrictlyBetween(0.0, 1.0));
        assertThat(bar.getParent().isVisible()).as("the bar goes once the DDL ran").isFalse();
        assertThat(dsl().fetchValue("SELECT count(*) FROM pg_index WHERE indrelid = 'ledger'::regclass AND NOT indisvalid")).isEqualTo(0L);
        assertThat(dialogs.errors()).isEmpty();
        robot.clickOn("#job-cancel");
    }

    @Test
    void export_then_import_gives_back_the_same_job(FxRobot robot) throws Exception {
        JobSpec original = actions.find(SAMPLE).orElseThrow().spec();
        select(robot, SAMPLE);
        Path file = dir.resolve("exported.yaml");
        dialogs.answerFile(file);
        robot.clickOn("#job-export");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> Files.exists(file) && Files.size(file) > 0);
        assertThat(JobYaml.read(file)).isEqualTo(original);

        Path copy = dir.resolve("copy.yaml");
        Files.writeString(copy, Files.readString(file).replace("name: " + SAMPLE, "name: odd_numbers_copy"));
        dialogs.answerFile(copy);
        robot.clickOn("#job-import");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> screen.editor() != null);
        // the editor is set before its view is put in the scene, in the same FX event: let that event end
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#field-name").queryAs(TextField.class).getText()).isEqualTo("odd_numbers_copy");
        assertThat(robot.lookup("#field-field_id").queryAs(ComboBox.class).getValue()).isEqualTo("odd_checking_reservation_id");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !robot.lookup("#job-save").queryAs(Button.class).isDisabled());
        robot.clickOn("#job-save");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> actions.find("odd_numbers_copy").isPresent());
        JobSpec imported = actions.find("odd_numbers_copy").orElseThrow().spec();
        assertThat(imported).isEqualTo(new JobSpec("odd_numbers_copy", original.table(), original.fields(), original.queueSize(),
                original.maxJobDurationMinutes(), original.maxTryTimes(), original.retryDelaySeconds(), original.processor(),
                original.selectingFunction(), original.relaunchingFunction(), original.occupiedFunction(), original.allowingFunction(),
                original.maxPendingTasks(), original.maxAssignedWorkers(), original.filterWorkerId()));

        Path broken = dir.resolve("broken.yaml");
        Files.writeString(broken, "name: x\nqueue_size: many\n");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> screen.editor() == null);
        WaitForAsyncUtils.waitForFxEvents();
        dialogs.answerFile(broken);
        robot.clickOn("#job-import");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !dialogs.errors().isEmpty());
        assertThat(dialogs.errors().get(0).text()).contains("queue_size: 'many' is not a whole number").contains("table: missing");
    }

    /**
     * The list as the FX thread has it: the screen's refresh replaces its items on the FX thread, and a
     * stream over the live list from the test's thread can meet a change half-made.
     */
    private java.util.List<JobOverview> jobs() throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> java.util.List.copyOf(screen.model().jobs())).get(10, TimeUnit.SECONDS);
    }
}
