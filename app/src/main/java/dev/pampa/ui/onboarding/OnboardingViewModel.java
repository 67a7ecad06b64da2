package dev.pampa.ui.onboarding;

import dev.pampa.ui.common.NodeForm;
import dev.pampa.ui.common.Sizes;
import dev.pampa.control.node.ClusterActions;
import dev.pampa.control.node.DeployReport;
import dev.pampa.control.ssh.HostKeyCheck;
import dev.pampa.control.ssh.HostKeyRefusedException;
import dev.pampa.control.ssh.HostKeyTrust;
import dev.pampa.control.ssh.KeyInstallation;
import dev.pampa.control.node.NodeDeployment;
import dev.pampa.control.node.NodeOperations;
import dev.pampa.control.shell.NodeOperationException;
import dev.pampa.control.shell.NodeProblem;
import dev.pampa.control.shell.NodeStep;
import dev.pampa.control.node.ProbeReport;
import dev.pampa.control.ssh.SshSession;
import dev.pampa.control.node.StartOutcome;
import dev.pampa.model.InvalidSpecException;
import dev.pampa.model.NodeDraft;
import dev.pampa.model.NodeSpec;
import dev.pampa.ui.common.Background;
import dev.pampa.ui.common.DialogService;
import dev.pampa.ui.common.ProblemText;
import java.util.List;
import java.util.Optional;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The onboarding wizard's state and rules: the node's parameters, then connect, host key, log in
 * (installing Pampa's key with a password when asked to), probe, each check shown as it runs; the
 * node is stored only once the probe finds it ready; then deploy and start its workers. A failure
 * stops on the page where it can be fixed (a wrong password goes back to the node's page) with what
 * went wrong and what to do. SSH work runs in the background; dialogs are put on the FX thread.
 */
public final class OnboardingViewModel {

    public enum Page {
        NODE("1. Node"), CHECK("2. Connect and check"), DEPLOY("3. Deploy and start");

        private final String title;

        Page(String title) {
            this.title = title;
        }

        public String title() {
            return title;
        }
    }

    public enum CheckState { WAITING, RUNNING, PASSED, FAILED, SKIPPED }

    /** One line of the check page. */
    public static final class Check {
        private final String name;
        private final ReadOnlyObjectWrapper<CheckState> state = new ReadOnlyObjectWrapper<>(CheckState.WAITING);
        private final ReadOnlyStringWrapper detail = new ReadOnlyStringWrapper("");

        Check(String name) {
            this.name = name;
        }

        public String name() {
            return name;
        }

        public ReadOnlyObjectProperty<CheckState> stateProperty() {
            return state.getReadOnlyProperty();
        }

        public ReadOnlyStringProperty detailProperty() {
            return detail.getReadOnlyProperty();
        }

        void set(CheckState s, String text) {
            state.set(s);
            detail.set(text == null ? "" : text);
        }
    }

    private final NodeOperations nodes;
    private final ClusterActions cluster;
    private final Background background;
    private final DialogService dialogs;
    private final Runnable onNodeSaved;

    private final NodeForm form = new NodeForm();
    /** The key file's passphrase, when it has one; used for the check and not kept. */
    public final StringProperty passphrase = new SimpleStringProperty("");
    public final IntegerProperty maxWorkers = new SimpleIntegerProperty(1);

    private final ReadOnlyObjectWrapper<Page> page = new ReadOnlyObjectWrapper<>(Page.NODE);
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper fix = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
    private final ReadOnlyObjectWrapper<NodeSpec> savedNode = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<ProbeReport> probe = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyDoubleWrapper deployProgress = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyStringWrapper deployStatus = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<DeployReport> deployReport = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper workersStatus = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper workersStarted = new ReadOnlyBooleanWrapper();

    final Check connect = new Check("Connect");
    final Check hostKey = new Check("Host key");
    final Check logIn = new Check("Log in");
    final Check installKey = new Check("Install Pampa's key");
    final Check loginShell = new Check("Quiet login shell");
    final Check system = new Check("System: OS, CPUs, memory, disk");
    final Check java = new Check("Java 17 or later");
    final Check baseDir = new Check("Base directory writable");
    private final ObservableList<Check> checks = FXCollections.unmodifiableObservableList(FXCollections.observableArrayList(
            connect, hostKey, logIn, installKey, loginShell, system, java, baseDir));

    /** @param onNodeSaved told on the FX thread when the node was stored, so that lists can show it */
    public OnboardingViewModel(NodeOperations nodes, ClusterActions cluster, Background background, DialogService dialogs,
                               Runnable onNodeSaved) {
        this.nodes = nodes;
        this.cluster = cluster;
        this.background = background;
        this.dialogs = dialogs;
        this.onNodeSaved = onNodeSaved;
    }

    public NodeForm form() {
        return form;
    }

    public ObservableList<Check> checks() {
        return checks;
    }

    public ReadOnlyObjectProperty<Page> pageProperty() {
        return page.getReadOnlyProperty();
    }

    /** What went wrong, on the page shown; empty when nothing did. */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /** What to do about {@link #problemProperty()}. */
    public ReadOnlyStringProperty fixProperty() {
        return fix.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** The node once stored (after a probe that found it ready); null before. */
    public ReadOnlyObjectProperty<NodeSpec> savedNodeProperty() {
        return savedNode.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<ProbeReport> probeProperty() {
        return probe.getReadOnlyProperty();
    }

    /** 0..1, or negative while the deploy cannot tell how far it is. */
    public ReadOnlyDoubleProperty deployProgressProperty() {
        return deployProgress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty deployStatusProperty() {
        return deployStatus.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<DeployReport> deployReportProperty() {
        return deployReport.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty workersStatusProperty() {
        return workersStatus.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty workersStartedProperty() {
        return workersStarted.getReadOnlyProperty();
    }

    /** From the node's page: checks the name is free, then connects and checks. */
    public void next() {
        if (page.get() == Page.CHECK && savedNode.get() != null && !busy.get()) {
            clearProblem();
            page.set(Page.DEPLOY);
            return;
        }
        if (page.get() != Page.NODE || busy.get()) {
            return;
        }
        Optional<NodeSpec> spec = form.spec();
        if (spec.isEmpty()) {
            fail(Page.NODE, "Some values are not right: " + String.join("; ", form.problems().keySet()), "correct the fields marked in red");
            return;
        }
        if (spec.get().isLocal()) {
            fail(Page.NODE, "'local' is this machine's node, which exists already", "give the new node another name");
            return;
        }
        clearProblem();
        busy.set(true);
        background.call("Checking the node's name", () -> cluster.node(spec.get().name()).isPresent(), exists -> {
            busy.set(false);
            if (exists) {
                fail(Page.NODE, "a node named " + spec.get().name() + " exists already", "give the new node another name, or edit that node in the Nodes table");
            } else {
                page.set(Page.CHECK);
                checkAgain();
            }
        }, this::unexpected);
    }

    /** Back one page; nothing stored is undone: from the deploy page to the probe's findings, from there to the node's page until it is saved. */
    public void back() {
        if (busy.get()) {
            return;
        }
        clearProblem();
        if (page.get() == Page.DEPLOY) {
            page.set(Page.CHECK);
        } else if (page.get() == Page.CHECK && savedNode.get() == null) {
            page.set(Page.NODE);
        }
    }

    /** Next goes on: from the node's page, and from the checks once the node is saved. */
    public javafx.beans.binding.BooleanBinding canGoNext() {
        return busy.not().and(page.isEqualTo(Page.NODE).or(page.isEqualTo(Page.CHECK).and(savedNode.isNotNull())));
    }

    /** Back goes back: to the node's page while it is not saved, and from deploy to the checks. */
    public javafx.beans.binding.BooleanBinding canGoBack() {
        return busy.not().and(page.isEqualTo(Page.DEPLOY).or(page.isEqualTo(Page.CHECK).and(savedNode.isNull())));
    }

    /** Finish only once the runtime is on the node: a node saved but never deployed cannot run workers. */
    public javafx.beans.binding.BooleanBinding canFinish() {
        return busy.not().and(page.isEqualTo(Page.DEPLOY)).and(deployReport.isNotNull());
    }

    /** What the wizard waits for while busy, for the line beside its spinner. */
    public javafx.beans.binding.StringBinding busyText() {
        return javafx.beans.binding.Bindings.createStringBinding(() -> !busy.get() ? "" : switch (page.get()) {
            case NODE -> "Checking the node's name…";
            case CHECK -> "Connecting and checking the node…";
            case DEPLOY -> deployReport.get() == null ? "Deploying…" : "Starting the workers…";
        }, busy, page, deployReport);
    }

    /** Runs every check again from the connection on (after approving a key, or fixing the node). */
    public void checkAgain() {
        if (busy.get() || form.spec().isEmpty()) {
            return;
        }
        NodeSpec spec = form.spec().get();
        clearProblem();
        checks.forEach(c -> c.set(CheckState.WAITING, ""));
        connect.set(CheckState.RUNNING, "connecting to " + HostKeyTrust.hostPattern(spec.host(), spec.port()) + "…");
        busy.set(true);
        char[] phrase = passphrase.get().toCharArray();
        background.call("Connecting to " + spec.host(), () -> nodes.logIn(spec, phrase),
                session -> loggedIn(spec, session), failure -> loginFailed(spec, failure));
    }

    private void loggedIn(NodeSpec spec, SshSession session) {
        connect.set(CheckState.PASSED, "connected to " + HostKeyTrust.hostPattern(spec.host(), spec.port()));
        if (hostKey.stateProperty().get() != CheckState.PASSED) {
            hostKey.set(CheckState.PASSED, "known");
        }
        logIn.set(CheckState.PASSED, "logged in as " + spec.user());
        if (installKey.stateProperty().get() == CheckState.WAITING) {
            installKey.set(CheckState.SKIPPED, "not needed: " + (spec.keyPath() != null ? "the node's key file works" : "Pampa's key works"));
        }
        for (Check c : List.of(loginShell, system, java, baseDir)) {
            c.set(CheckState.RUNNING, "probing…");
        }
        background.call("Probing " + spec.host(), () -> {
            try (session) {
                return nodes.probe(session, spec);
            }
        }, report -> probed(spec, report), failure -> {
            for (Check c : List.of(loginShell, system, java, baseDir)) {
                c.set(CheckState.FAILED, "");
            }
            stopWith(Page.CHECK, ProblemText.of(failure));
        });
    }

    private void loginFailed(NodeSpec spec, Throwable failure) {
        if (failure instanceof HostKeyRefusedException refused) {
            connect.set(CheckState.PASSED, "connected");
            if (refused.check() instanceof HostKeyCheck.Unknown unknown) {
                askToApprove(unknown);
            } else {
                NodeProblem p = refused.problem();
                hostKey.set(CheckState.FAILED, "refused");
                stop(Page.CHECK, p.cause(), p.fix());
            }
            return;
        }
        if (failure instanceof NodeOperationException e && e.problem().step() == NodeStep.AUTHENTICATE) {
            connect.set(CheckState.PASSED, "connected");
            hostKey.set(CheckState.PASSED, "known");
            if (form.auth.get() == NodeForm.Auth.PASSWORD) {
                logIn.set(CheckState.RUNNING, "Pampa's key is not installed on the node yet");
                askPasswordAndInstall(spec);
            } else {
                logIn.set(CheckState.FAILED, "refused");
                stop(Page.NODE, e.problem().cause(), form.auth.get() == NodeForm.Auth.KEY_FILE
                        ? "choose the key file whose public key is in the node's ~/.ssh/authorized_keys (and its passphrase), or log in with a password once"
                        : "choose \"" + NodeForm.Auth.PASSWORD + "\" to install Pampa's key, or give the key file the node accepts");
            }
            return;
        }
        if (failure instanceof NodeOperationException e
                && (e.problem().step() == NodeStep.LOAD_KEY || e.problem().step() == NodeStep.CREATE_OPERATOR_KEY)) {
            logIn.set(CheckState.FAILED, "the key file cannot be used");
            stop(Page.NODE, e.problem().cause(), e.problem().fix());
            return;
        }
        connect.set(CheckState.FAILED, "");
        ProblemText text = ProblemText.of(failure);
        stop(Page.CHECK, text.cause(), text.fix().isBlank() ? "go Back to correct the host and port, or Check again" : text.fix()
                + "; then Check again, or go Back to correct the host and port");
    }

    private void askToApprove(HostKeyCheck.Unknown unknown) {
        hostKey.set(CheckState.RUNNING, "unknown: " + unknown.presentedFingerprint());
        boolean approved = dialogs.confirm("Approve the host key of " + HostKeyTrust.hostPattern(unknown.host(), unknown.port()) + "?",
                "The node presents a host key Pampa has not seen before:\n" + unknown.presentedFingerprint(),
                "Compare it with the fingerprint the node's administrator gives you (on the node: ssh-keygen -lf "
                        + "/etc/ssh/ssh_host_ed25519_key.pub). Approve only if they are the same: a different key may mean "
                        + "someone is between you and the node. An approved key is kept in " + nodes.knownHostsFile() + ".");
        if (!approved) {
            hostKey.set(CheckState.FAILED, "not approved: " + unknown.presentedFingerprint());
            stop(Page.CHECK, "The host key " + unknown.presentedFingerprint() + " was not approved, so Pampa did not log in; nothing was saved.",
                    "compare the fingerprint with the node's administrator, then Check again and approve it; or go Back to correct the host");
            return;
        }
        background.call("Trusting the host key", () -> {
            nodes.approve(unknown);
            return unknown.presentedFingerprint();
        }, fingerprint -> {
            busy.set(false);
            checkAgain();
            hostKey.set(CheckState.PASSED, "approved: " + fingerprint);
        }, this::unexpected);
    }

    private void askPasswordAndInstall(NodeSpec spec) {
        installKey.set(CheckState.RUNNING, "waiting for the password…");
        Optional<char[]> password = dialogs.askSecret("Password for " + spec.user() + "@" + spec.host(),
                "The password of " + spec.user() + " on " + spec.host() + ", used once to install Pampa's key (never stored):");
        if (password.isEmpty()) {
            installKey.set(CheckState.FAILED, "no password given");
            stop(Page.NODE, "No password was given, so Pampa's key could not be installed.",
                    "click Next and type the password when asked, or choose another way to log in");
            return;
        }
        installKey.set(CheckState.RUNNING, "installing Pampa's key…");
        char[] secret = password.get();
        background.call("Installing Pampa's key on " + spec.host(), () -> nodes.installKey(spec, secret),
                outcome -> installed(spec, outcome), failure -> {
                    if (failure instanceof NodeOperationException e && e.problem().step() == NodeStep.AUTHENTICATE) {
                        installKey.set(CheckState.FAILED, "the password was refused");
                        logIn.set(CheckState.FAILED, "");
                        stop(Page.NODE, "The node refused " + spec.user() + " with that password.",
                                "check the user name and the password, then click Next to try again");
                    } else {
                        installKey.set(CheckState.FAILED, "");
                        stopWith(Page.CHECK, ProblemText.of(failure));
                    }
                });
    }

    private void installed(NodeSpec spec, KeyInstallation.Outcome outcome) {
        installKey.set(CheckState.PASSED, (outcome.appended() ? "installed " : "already there: ") + outcome.keyFingerprint());
        background.call("Logging in to " + spec.host(), () -> nodes.logIn(spec, null),
                session -> loggedIn(spec, session), failure -> loginFailed(spec, failure));
    }

    private void probed(NodeSpec spec, ProbeReport report) {
        probe.set(report);
        loginShell.set(state(report, NodeStep.PROBE_LOGIN_SHELL), report.loginNoise().isEmpty() ? "quiet" : problemOf(report, NodeStep.PROBE_LOGIN_SHELL));
        String memory = report.memoryKb() == null ? "memory unknown" : Sizes.kb(report.memoryKb()) + " memory";
        String disk = report.freeDiskKb() == null ? "free disk unknown" : Sizes.kb(report.freeDiskKb()) + " free";
        system.set(state(report, NodeStep.PROBE_SYSTEM), orUnknown(report.os()) + " " + orUnknown(report.architecture()) + ", "
                + (report.cpuCount() == null ? "CPUs unknown" : report.cpuCount() + " CPUs") + ", " + memory + ", " + disk);
        java.set(state(report, NodeStep.PROBE_JAVA), report.java() != null && report.java().version() != null && report.java().meetsRequirement()
                ? "Java " + report.java().version() + " at " + report.java().foundAt() : problemOf(report, NodeStep.PROBE_JAVA));
        baseDir.set(state(report, NodeStep.PROBE_BASE_DIRECTORY), report.baseDirectoryWritable() ? report.baseDirectory()
                : problemOf(report, NodeStep.PROBE_BASE_DIRECTORY));
        if (!report.ready()) {
            stop(Page.CHECK, "The node is not ready to run workers: " + report.problems().size() + " problem"
                    + (report.problems().size() == 1 ? "" : "s") + " (marked above).", "fix them on the node, then Check again");
            return;
        }
        int cpus = report.cpuCount() == null ? 1 : Math.max(1, Math.min(1000, report.cpuCount()));
        NodeSpec toSave = withMaxWorkers(spec, form.maxWorkers.get().isBlank() ? cpus : spec.maxWorkers());
        background.call("Saving node " + spec.name(), () -> {
            cluster.saveNode(toSave);
            cluster.recordProbe(toSave.name(), report);
            return toSave;
        }, saved -> {
            busy.set(false);
            savedNode.set(saved);
            maxWorkers.set(saved.maxWorkers());
            // the probe's findings (OS, CPUs, memory, Java) stay in view until the operator goes on
            onNodeSaved.run();
        }, this::unexpected);
    }

    /** Stores the chosen max workers, then sends the runtime and job jars, showing progress and the report. */
    public void deploy() {
        NodeSpec node = savedNode.get();
        if (node == null || busy.get()) {
            return;
        }
        clearProblem();
        busy.set(true);
        NodeSpec withMax = withMaxWorkers(node, maxWorkers.get());
        deployStatus.set("Deploying to " + node.name() + "…");
        var task = background.run("Deploying to " + node.name(), progress -> {
            progress.update(0.05, "Saving max workers " + withMax.maxWorkers());
            cluster.saveNode(withMax);
            progress.message("Sending the runtime and job jars to " + node.name() + " (unchanged files are skipped)…");
            NodeDeployment deployed = cluster.deploy(withMax);
            progress.update(1, "Deployed");
            return deployed;
        }, (NodeDeployment deployed) -> {
            DeployReport report = deployed.files();
            busy.set(false);
            deployProgress.unbind();
            deployProgress.set(1);
            savedNode.set(withMax);
            deployReport.set(report);
            deployStatus.set("Deployed to " + report.baseDirectory() + ": sent " + report.sent().size() + " file"
                    + (report.sent().size() == 1 ? "" : "s") + " (" + Sizes.bytes(report.bytesSent()) + "), skipped "
                    + report.skipped().size() + " unchanged, in " + Sizes.duration(report.duration()) + "; " + deployed.archive().describe());
            onNodeSaved.run();
        }, failure -> {
            deployProgress.unbind();
            deployProgress.set(0);
            deployStatus.set("Deploy failed");
            stopWith(Page.DEPLOY, ProblemText.of(failure));
        });
        deployProgress.bind(task.progressProperty());
        task.messageProperty().addListener((o, was, now) -> {
            if (busy.get() && now != null && !now.isBlank()) {
                deployStatus.set(now);
            }
        });
    }

    /** Starts workers 1..max workers on the deployed node. */
    public void startWorkers() {
        NodeSpec node = savedNode.get();
        if (node == null || deployReport.get() == null || busy.get()) {
            return;
        }
        clearProblem();
        busy.set(true);
        workersStatus.set("Starting " + node.maxWorkers() + " worker" + (node.maxWorkers() == 1 ? "" : "s") + "…");
        background.call("Starting workers on " + node.name(), () -> nodes.startWorkers(node), outcomes -> {
            busy.set(false);
            long started = outcomes.stream().filter(StartOutcome::started).count();
            workersStarted.set(true);
            workersStatus.set(started + " of " + outcomes.size() + " worker" + (outcomes.size() == 1 ? "" : "s") + " started"
                    + (started < outcomes.size() ? " (the others were running already)" : ""));
            onNodeSaved.run();
        }, failure -> {
            workersStatus.set("Starting the workers failed");
            stopWith(Page.DEPLOY, ProblemText.of(failure));
        });
    }

    static NodeSpec withMaxWorkers(NodeSpec spec, int max) {
        NodeDraft d = NodeDraft.of(spec);
        try {
            return new NodeDraft(d.name(), d.host(), d.port(), d.user(), d.auth(), max, d.javaCommand(), d.baseDir(), d.maxRamMb(),
                    d.maxCpuPercent(), d.maxDiskIo(), d.maxNetIo()).toSpec();
        } catch (InvalidSpecException e) {
            return spec;
        }
    }

    private static CheckState state(ProbeReport report, NodeStep step) {
        return report.problems().stream().anyMatch(p -> p.step() == step) ? CheckState.FAILED : CheckState.PASSED;
    }

    private static String problemOf(ProbeReport report, NodeStep step) {
        return report.problems().stream().filter(p -> p.step() == step).map(p -> p.cause() + " — " + p.fix()).findFirst().orElse("");
    }

    private static String orUnknown(String s) {
        return s == null ? "?" : s;
    }

    private void unexpected(Throwable failure) {
        stopWith(page.get(), ProblemText.of(failure));
    }

    private void stopWith(Page where, ProblemText text) {
        stop(where, text.cause(), text.fix());
    }

    private void stop(Page where, String cause, String whatToDo) {
        busy.set(false);
        page.set(where);
        fail(where, cause, whatToDo);
    }

    private void fail(Page where, String cause, String whatToDo) {
        page.set(where);
        problem.set(cause);
        fix.set(whatToDo == null ? "" : whatToDo);
    }

    private void clearProblem() {
        problem.set("");
        fix.set("");
    }
}
