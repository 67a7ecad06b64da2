package dev.pampa.store;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Where the database is: a JDBC URL ({@code jdbc:postgresql://host:port/db}, credentials as
 * {@code user}/{@code password} parameters) or a libpq-style URL
 * ({@code postgresql://user:pass@host:port/db}). The password never appears in {@link #toString()}.
 */
public final class DbUrl {
    private final String jdbcUrl;
    private final String user;
    private final String password;

    private DbUrl(String jdbcUrl, String user, String password) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
    }

    public static DbUrl of(String jdbcUrl, String user, String password) {
        return new DbUrl(jdbcUrl, user, password);
    }

    /** @throws IllegalArgumentException naming what is wrong with the URL and how to write it */
    public static DbUrl parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("no database given — pass --db URL or set PAMPA_DB, e.g. postgresql://user:password@localhost:5432/mydb");
        }
        String t = text.trim();
        if (t.startsWith("jdbc:postgresql:")) {
            return new DbUrl(t, null, null);
        }
        if (t.startsWith("postgresql://") || t.startsWith("postgres://")) {
            try {
                URI uri = new URI(t);
                if (uri.getHost() == null) {
                    throw new IllegalArgumentException("database URL '" + redact(t) + "' has no host — write postgresql://user:password@host:port/db");
                }
                String user = null;
                String password = null;
                if (uri.getRawUserInfo() != null) {
                    String[] up = uri.getRawUserInfo().split(":", 2);
                    user = decode(up[0]);
                    password = up.length > 1 ? decode(up[1]) : null;
                }
                int port = uri.getPort() == -1 ? 5432 : uri.getPort();
                String db = uri.getPath() == null || uri.getPath().length() <= 1 ? (user == null ? "postgres" : user) : uri.getPath().substring(1);
                String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
                return new DbUrl("jdbc:postgresql://" + uri.getHost() + ":" + port + "/" + db + query, user, password);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("database URL '" + redact(t) + "' is malformed (" + e.getReason() + ") — write postgresql://user:password@host:port/db, percent-encoding special characters in the password");
            }
        }
        throw new IllegalArgumentException("database URL '" + redact(t) + "' is neither jdbc:postgresql://… nor postgresql://… — write e.g. postgresql://user:password@localhost:5432/mydb");
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /**
     * The URL with any password replaced, for messages and logs. A raw password may hold any character
     * ({@code @}, {@code ?}, {@code /}, {@code &}): the user's part runs to the last {@code @}, and a
     * {@code password=} or {@code sslpassword=} parameter to the end of the text, so more than the
     * secret may be hidden, never less.
     */
    public static String redact(String url) {
        String text = url;
        int scheme = text.indexOf("://");
        if (scheme >= 0) {
            int start = scheme + 3;
            int colon = text.indexOf(':', start);
            int query = text.indexOf('?', start);
            int lastAt = text.lastIndexOf('@');
            int atBeforeQuery = query < 0 ? lastAt : text.lastIndexOf('@', query);
            // user:password@ ends at the last '@' before the query; a '?' inside the password moves the
            // query's start into it, recognised by a "user:..." head that has no '/' yet (host:port/db has)
            boolean passwordHoldsQuery = atBeforeQuery < start && query >= 0 && lastAt > query && colon > 0 && colon < query
                    && text.substring(colon, query).indexOf('/') < 0;
            int at = passwordHoldsQuery ? lastAt : atBeforeQuery;
            if (at > start && colon > 0 && colon < at && text.substring(start, colon).indexOf('@') < 0) {
                text = text.substring(0, colon + 1) + "***" + text.substring(at);
            }
        }
        return text.replaceAll("(?i)((?:ssl)?password=).*", "$1***");
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /** A libpq-style URL with the credentials, for handing to another process through PAMPA_DB. */
    public String withCredentials() {
        if (user == null) {
            return jdbcUrl;
        }
        String sep = jdbcUrl.contains("?") ? "&" : "?";
        return jdbcUrl + sep + "user=" + java.net.URLEncoder.encode(user, StandardCharsets.UTF_8)
                + (password == null ? "" : "&password=" + java.net.URLEncoder.encode(password, StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return redact(jdbcUrl) + (user == null ? "" : " as " + user);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DbUrl d && d.jdbcUrl.equals(jdbcUrl) && Objects.equals(d.user, user) && Objects.equals(d.password, password);
    }

    @Override
    public int hashCode() {
        return Objects.hash(jdbcUrl, user);
    }
}
