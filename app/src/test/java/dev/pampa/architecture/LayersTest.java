package dev.pampa.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.freeze.FreezingArchRule;

/**
 * The product's layers, checked on the compiled classes of the runtime, the sample jobs and the app
 * together: each capability has one home, and a change to one cannot quietly reach into another.
 */
@AnalyzeClasses(packages = "dev.pampa", importOptions = {ImportOption.DoNotIncludeTests.class, LayersTest.NoTestJars.class})
class LayersTest {

    /** The runtime's test jar (its test helpers) is on this module's class path too; it ships nowhere. */
    static final class NoTestJars implements ImportOption {
        @Override
        public boolean includes(com.tngtech.archunit.core.importer.Location location) {
            return !location.contains("-tests.jar") && !location.contains("/test-classes/");
        }
    }

    @ArchTest
    static final ArchRule javafx_only_in_the_cockpit = noClasses()
            .that().resideOutsideOfPackage("dev.pampa.ui..")
            .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.controlsfx..", "atlantafx..")
            .because("the runtime, the CLI and the control layer run headless, on nodes without a display");

    @ArchTest
    static final ArchRule ssh_only_in_control = noClasses()
            .that().resideOutsideOfPackage("dev.pampa.control.ssh..")
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.sshd..")
            .because("host-key checks, logins and remote quoting live in one place");

    @ArchTest
    static final ArchRule the_cockpit_uses_no_sql_no_ssh_and_no_store = noClasses()
            .that().resideInAPackage("dev.pampa.ui..")
            .should().dependOnClassesThat().resideInAnyPackage("org.jooq..", "java.sql..", "org.apache.sshd..", "dev.pampa.store..")
            .because("screens ask the facades and the typed read ports of their session, never the database");

    /**
     * Frozen: the violations on record (in src/test/resources/archunit-frozen) are the known debt of
     * the dispatcher, the worker and the agent, whose statements still live beside their loops; any new
     * one fails, and each one fixed leaves the record for good.
     */
    @ArchTest
    static final ArchRule sql_only_in_the_store = FreezingArchRule.freeze(noClasses()
            .that().resideOutsideOfPackages("dev.pampa.store..", "dev.pampa.api..", "dev.pampa.testkit..")
            .and().doNotHaveSimpleName("WorkerTaskContext").and().doNotHaveSimpleName("AgentTaskContext")
            .and().doNotHaveSimpleName("LazyDatabase")
            .should().dependOnClassesThat().resideInAnyPackage("org.jooq..", "java.sql..", "org.postgresql..", "com.zaxxer..", "org.flywaydb..")
            .because("every statement Pampa issues is in the runtime's store; the job API (and the task contexts that"
                    + " hand TaskContext.db() to a processor) give jOOQ to job authors by design"));

    @ArchTest
    static final ArchRule dispatching_does_not_use_the_worker = noClasses()
            .that().resideInAPackage("dev.pampa.dispatch..")
            .should().dependOnClassesThat().resideInAPackage("dev.pampa.work..");

    @ArchTest
    static final ArchRule the_runtime_does_not_use_the_app = noClasses()
            .that().resideInAnyPackage("dev.pampa.api..", "dev.pampa.model..", "dev.pampa.store..", "dev.pampa.dispatch..",
                    "dev.pampa.work..", "dev.pampa.cli..", "dev.pampa.agent..", "dev.pampa.report..", "dev.pampa.jobs..",
                    "dev.pampa.jobcode..", "dev.pampa.process..", "dev.pampa.logging..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.pampa.operator..", "dev.pampa.control..", "dev.pampa.monitor..", "dev.pampa.ui..")
            .because("the runtime jar ships alone to the nodes");

    @ArchTest
    static final ArchRule the_control_layer_does_not_use_the_cockpit = noClasses()
            .that().resideInAnyPackage("dev.pampa.control..", "dev.pampa.monitor..", "dev.pampa.operator..")
            .and().doNotHaveFullyQualifiedName("dev.pampa.operator.OperatorMain")
            .should().dependOnClassesThat().resideInAPackage("dev.pampa.ui..")
            .because("the CLI and the cockpit call the same facades; only the entry point, given no command, opens the cockpit");

    @ArchTest
    static final ArchRule capabilities_have_no_cycles = slices().matching("dev.pampa.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule control_capabilities_have_no_cycles = slices().matching("dev.pampa.control.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule cockpit_screens_have_no_cycles = slices().matching("dev.pampa.ui.(*)..").should().beFreeOfCycles();
}
