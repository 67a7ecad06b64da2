package dev.pampa.control.node;

import dev.pampa.control.shell.CommandResult;
import dev.pampa.control.shell.NodeOperationException;
import dev.pampa.control.shell.NodeProblem;
import dev.pampa.control.shell.NodeStep;
import dev.pampa.control.shell.NodeShell;
import dev.pampa.control.shell.RemoteCommand;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

import dev.pampa.store.DbUrl;

/**
 * Puts the runtime jar into {@code <base>/lib/}, job jars into {@code <base>/jobs/}, and the database
 * URL into {@code <base>/pampa.env} (0600). A jar is sent only when the node's copy differs by
 * SHA-256; it is written under a temporary name in the same directory, checked against the local
 * hash, then renamed, so the real name only ever holds a complete jar. Temporary files left by an
 * interrupted deploy are removed by the next one.
 */
public final class Deploy {

    /** A jar name is one plain file name: no directory, no hidden file, nothing a shell or SFTP reads twice. */
    private static final Pattern JAR_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]*\\.jar");
    static final String TEMP_SUFFIX = ".pampa-upload";

    // Prints, in the order of the file names given after $1 (a directory), each file's SHA-256 or "-"
    // when it is missing. sha256sum on Linux, shasum on macOS and the BSDs.
    private static final String HASHES = """
            if command -v sha256sum >/dev/null 2>&1; then sha() { sha256sum < "$1"; }
            elif command -v shasum >/dev/null 2>&1; then sha() { shasum -a 256 < "$1"; }
            else echo 'neither sha256sum nor shasum is installed' >&2; exit 127; fi
            dir=$1; shift
            for f; do
              if [ -f "$dir/$f" ]; then h=$(sha "$dir/$f") || exit 4; printf '%s\\n' "${h%% *}"; else echo -; fi
            done
            """;

    // $1: a directory whose leftovers of interrupted uploads are removed.
    private static final String REMOVE_LEFTOVERS = """
            dir=$1
            for f in "$dir"/.*.pampa-upload; do [ -e "$f" ] && rm -f -- "$f"; done
            exit 0
            """;

    // $1: temporary file, $2: real name, $3: expected SHA-256. A mismatch (a cut transfer) removes the temporary file.
    private static final String CHECK_AND_RENAME = """
            if command -v sha256sum >/dev/null 2>&1; then h=$(sha256sum < "$1"); else h=$(shasum -a 256 < "$1"); fi || exit 4
            if [ "${h%% *}" != "$3" ]; then rm -f -- "$1"; echo "the uploaded file does not match: got ${h%% *}" >&2; exit 3; fi
            mv -f -- "$1" "$2"
            """;

    // $1: temporary config file. Created empty and private before any secret is written into it.
    private static final String CREATE_PRIVATE = """
            umask 077
            rm -f -- "$1" && : > "$1" && chmod 600 -- "$1"
            """;

    // $1: temporary config file, $2: real name.
    private static final String INSTALL_PRIVATE = """
            chmod 600 -- "$1" && mv -f -- "$1" "$2"
            """;

    private final NodeShell shell;
    private final Duration commandTimeout;

    public Deploy(NodeShell shell) {
        this(shell, Duration.ofMinutes(2));
    }

    public Deploy(NodeShell shell, Duration commandTimeout) {
        this.shell = shell;
        this.commandTimeout = commandTimeout;
    }

    /**
     * @param runtimeJar the runtime jar; stored on the node as {@code lib/pampa-runtime.jar} whatever its local name
     * @param jobJars    job jars, stored under their own names in {@code jobs/}
     * @param db         the database the node's processes use; its password goes only into pampa.env
     */
    public DeployReport deploy(String configuredBase, Path runtimeJar, List<Path> jobJars, DbUrl db) throws NodeOperationException {
        long started = System.nanoTime();
        List<Upload> uploads = new ArrayList<>();
        uploads.add(new Upload(runtimeJar, "lib", NodeDirectories.RUNTIME_JAR));
        for (Path jar : jobJars) {
            String name = jar.getFileName().toString();
            if (!JAR_NAME.matcher(name).matches()) {
                throw new NodeOperationException(new NodeProblem(NodeStep.DEPLOY, "the job jar name \"" + name + "\" is not a plain jar file name",
                        "rename it to letters, digits, '.', '_', '+' or '-', ending in .jar"));
            }
            uploads.add(new Upload(jar, "jobs", name));
        }
        NodeDirectories dirs = NodeDirectories.prepare(shell, configuredBase);
        check(shell.run(RemoteCommand.script(REMOVE_LEFTOVERS, dirs.lib()), commandTimeout), "clean up an earlier upload");
        check(shell.run(RemoteCommand.script(REMOVE_LEFTOVERS, dirs.jobs()), commandTimeout), "clean up an earlier upload");

        List<String> sent = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        long bytes = 0;
        for (Upload upload : uploads) {
            String local = sha256(upload.local());
            String directory = dirs.base() + "/" + upload.directory();
            if (local.equals(remoteHash(directory, upload.name()))) {
                skipped.add(upload.label());
                continue;
            }
            bytes += send(upload, directory, local);
            sent.add(upload.label());
        }
        writeConfig(dirs, db);
        return new DeployReport(dirs.base(), sent, skipped, bytes, Duration.ofNanos(System.nanoTime() - started));
    }

    private long send(Upload upload, String directory, String expectedHash) throws NodeOperationException {
        String temporary = directory + "/." + upload.name() + TEMP_SUFFIX;
        String real = directory + "/" + upload.name();
        try (InputStream in = Files.newInputStream(upload.local())) {
            shell.write(in, temporary);
        } catch (IOException e) {
            throw new NodeOperationException(new NodeProblem(NodeStep.DEPLOY, "cannot read " + upload.local() + ": " + e.getMessage(),
                    "check that the file exists and is readable"), e);
        }
        check(shell.run(RemoteCommand.script(CHECK_AND_RENAME, temporary, real, expectedHash), commandTimeout),
                "put " + upload.label() + " in place");
        try {
            return Files.size(upload.local());
        } catch (IOException e) {
            return 0;
        }
    }

    private String remoteHash(String directory, String name) throws NodeOperationException {
        CommandResult result = shell.run(RemoteCommand.script(HASHES, directory, name), commandTimeout);
        check(result, "compare " + name + " by SHA-256");
        String hash = result.stdout().strip();
        return "-".equals(hash) ? null : hash;
    }

    private void writeConfig(NodeDirectories dirs, DbUrl db) throws NodeOperationException {
        String temporary = dirs.base() + "/." + NodeDirectories.CONFIG_FILE + TEMP_SUFFIX;
        check(shell.run(RemoteCommand.script(CREATE_PRIVATE, temporary), commandTimeout), "create " + NodeDirectories.CONFIG_FILE);
        // Sourced by the start script; quoted so that '&' and '?' in the URL stay literal.
        String content = "PAMPA_DB=" + RemoteCommand.quote(db.withCredentials()) + "\nexport PAMPA_DB\n";
        shell.write(new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)), temporary);
        check(shell.run(RemoteCommand.script(INSTALL_PRIVATE, temporary, dirs.config()), commandTimeout),
                "install " + NodeDirectories.CONFIG_FILE);
    }

    private void check(CommandResult result, String step) throws NodeOperationException {
        if (!result.succeeded()) {
            throw new NodeOperationException(new NodeProblem(NodeStep.DEPLOY, "could not " + step + " on " + shell.describe() + ": "
                    + NodeDirectories.orStatus(result),
                    "check the base directory's permissions and free space on the node, then deploy again"));
        }
    }

    static String sha256(Path file) throws NodeOperationException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new NodeOperationException(new NodeProblem(NodeStep.DEPLOY, "cannot read " + file + ": " + e.getMessage(),
                    "check that the file exists and is readable"), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    private record Upload(Path local, String directory, String name) {
        String label() {
            return directory + "/" + name;
        }
    }
}
