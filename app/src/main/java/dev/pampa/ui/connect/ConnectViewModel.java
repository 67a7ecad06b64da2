package dev.pampa.ui.connect;

import dev.pampa.control.database.ExternalDatabase;
import dev.pampa.ui.common.Background;
import dev.pampa.ui.common.ProblemText;
import java.nio.file.Path;
import java.util.function.BiConsumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The "Connect to database" dialog's state and rules: a URL (JDBC or postgresql://), a user and a
 * password; Test connects in the background and says what it found; Save tests first, then writes
 * the URL and user (never the password) to the settings file and hands the choice on, with the
 * password, for the window to reconnect. "Use the embedded database" switches back.
 */
public final class ConnectViewModel {
    public final StringProperty url = new SimpleStringProperty("");
    public final StringProperty user = new SimpleStringProperty("");
    public final StringProperty password = new SimpleStringProperty("");

    private final ReadOnlyStringWrapper result = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper resultIsProblem = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper fix = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
    private final Background background;
    private final Path settingsFile;
    private final BiConsumer<DatabaseSetting, char[]> chosen;

    /** @param chosen gets the saved choice and its password (empty for none; the receiver wipes it), on the FX thread */
    public ConnectViewModel(Background background, Path settingsFile, BiConsumer<DatabaseSetting, char[]> chosen) {
        this.background = background;
        this.settingsFile = settingsFile;
        this.chosen = chosen;
        DatabaseSetting current = DatabaseSetting.read(settingsFile);
        if (!current.embedded()) {
            url.set(current.jdbcUrl());
            user.set(current.user() == null ? "" : current.user());
        }
    }

    /** What the last Test or Save found, in a sentence. */
    public ReadOnlyStringProperty resultProperty() {
        return result.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty resultIsProblemProperty() {
        return resultIsProblem.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty fixProperty() {
        return fix.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public void test() {
        run(false);
    }

    /** Tests, and when the database can be used, saves the choice and hands it on. */
    public void save() {
        run(true);
    }

    public void useEmbedded() {
        if (busy.get()) {
            return;
        }
        try {
            DatabaseSetting.EMBEDDED.write(settingsFile);
        } catch (RuntimeException e) {
            show(ProblemText.of(e));
            return;
        }
        ok("Saved: the cockpit uses its embedded database.");
        chosen.accept(DatabaseSetting.EMBEDDED, new char[0]);
    }

    private void run(boolean thenSave) {
        if (busy.get()) {
            return;
        }
        String u = url.get();
        String who = user.get();
        char[] secret = password.get().toCharArray();
        busy.set(true);
        resultIsProblem.set(false);
        fix.set("");
        result.set("Connecting…");
        background.call(thenSave ? "Testing and saving the database" : "Testing the database", () -> {
            ExternalDatabase.SchemaState state = ExternalDatabase.test(u, who, secret);
            if (thenSave && state.usable()) {
                ExternalDatabase.WithoutPassword kept = ExternalDatabase.withoutPassword(u, who);
                new DatabaseSetting(kept.jdbcUrl(), kept.user()).write(settingsFile);
            }
            return state;
        }, state -> {
            busy.set(false);
            if (!state.usable()) {
                result.set(state.summary());
                resultIsProblem.set(true);
                fix.set("upgrade this cockpit, or choose another database");
                return;
            }
            if (thenSave) {
                ExternalDatabase.WithoutPassword kept = ExternalDatabase.withoutPassword(u, who);
                ok("Saved (without the password): " + state.summary());
                chosen.accept(new DatabaseSetting(kept.jdbcUrl(), kept.user()), secret);
            } else {
                ok(state.summary());
                java.util.Arrays.fill(secret, '\0');
            }
        }, failure -> {
            busy.set(false);
            java.util.Arrays.fill(secret, '\0');
            show(ProblemText.of(failure));
        });
    }

    private void ok(String text) {
        resultIsProblem.set(false);
        fix.set("");
        result.set(text);
    }

    private void show(ProblemText text) {
        resultIsProblem.set(true);
        result.set(text.cause());
        fix.set(text.fix());
    }
}
