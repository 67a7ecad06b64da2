import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * Run as another local user by SecondLocalUserTest (java OtherUser.java PORT PAMPA_HOME, the secret on
 * stdin for the control case): what that user can do to the operator's embedded PostgreSQL and ~/.pampa.
 * One line per attempt: "what: OUTCOME detail".
 */
public class OtherUser {
    public static void main(String[] args) throws Exception {
        String url = "jdbc:postgresql://localhost:" + args[0] + "/postgres?connectTimeout=10&user=postgres";
        Path pampa = Path.of(args[1]);
        String secret = new String(System.in.readAllBytes()).strip();
        connect("no-password", url);
        connect("guessed-password", url + "&password=postgres");
        connect("with-the-secret", url + "&password=" + java.net.URLEncoder.encode(secret, "UTF-8"));
        try (var s = Files.list(pampa)) {
            System.out.println("list-pampa-home: READ " + s.count());
        } catch (Exception e) {
            System.out.println("list-pampa-home: DENIED " + e.getClass().getSimpleName());
        }
        try {
            Files.readAllBytes(pampa.resolve("demo-db/pampa.secret"));
            System.out.println("read-secret: READ");
        } catch (Exception e) {
            System.out.println("read-secret: DENIED " + e.getClass().getSimpleName());
        }
    }

    private static void connect(String what, String url) {
        try (var c = DriverManager.getConnection(url); var s = c.createStatement(); var r = s.executeQuery("SELECT current_user")) {
            r.next();
            System.out.println(what + ": CONNECTED as " + r.getString(1));
        } catch (SQLException e) {
            System.out.println(what + ": REFUSED " + e.getMessage().lines().findFirst().orElse(""));
        }
    }
}
