package dev.triage.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * Where delivery state and chat capabilities are kept: in this process (memory, or the {@code
 * server.journal} file) by default, or in PostgreSQL, shared by every instance that names the same
 * database.
 *
 * @param postgres the shared database, or {@code null} for the embedded defaults
 */
public record StorageConfig(Postgres postgres) {
  /** The environment variable that names the database when the configuration does not. */
  public static final String DATABASE_URL_VARIABLE = "TRIAGE_DATABASE_URL";

  /** The embedded defaults: nothing shared. */
  public static StorageConfig embedded() {
    return new StorageConfig(null);
  }

  /**
   * A PostgreSQL database.
   *
   * @param jdbcUrl the JDBC URL, without credentials
   * @param user the user, or {@code null} to leave it to the URL's parameters or the driver
   * @param password the password, or {@code null}; never shown
   * @param poolSize how many connections an instance keeps open at most (one more listens)
   * @param waitFor how long a repeat waits for another instance still delivering the same action
   *     before it answers a retriable failure
   */
  public record Postgres(
      String jdbcUrl, String user, String password, int poolSize, Duration waitFor) {
    /** The default pool size. */
    public static final int DEFAULT_POOL_SIZE = 10;

    /** The default wait for another instance. */
    public static final Duration DEFAULT_WAIT_FOR = Duration.ofSeconds(10);

    public Postgres {
      Objects.requireNonNull(jdbcUrl, "jdbcUrl");
      Objects.requireNonNull(waitFor, "waitFor");
      if (poolSize < 1) {
        throw new IllegalArgumentException("poolSize must be at least 1, got " + poolSize);
      }
    }

    /**
     * Reads {@code postgresql://user:password@host:port/database?params} (or {@code postgres://},
     * as libpq spells it) or a {@code jdbc:postgresql://} URL. {@code password}, when given, is
     * used over one in the URL, so that the URL can be written down without it.
     *
     * @throws IllegalArgumentException when it is neither, saying why (never echoing a password)
     */
    public static Postgres parse(String url, String password) {
      if (url.startsWith("jdbc:postgresql:")) {
        return new Postgres(url, null, password, DEFAULT_POOL_SIZE, DEFAULT_WAIT_FOR);
      }
      if (!url.startsWith("postgresql://") && !url.startsWith("postgres://")) {
        throw new IllegalArgumentException(
            "not a PostgreSQL URL: expected postgresql://user:password@host:port/database or"
                + " jdbc:postgresql://host:port/database");
      }
      URI uri;
      try {
        uri = new URI(url);
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException(
            "not a PostgreSQL URL: " + e.getReason() + " at index " + e.getIndex());
      }
      if (uri.getHost() == null) {
        throw new IllegalArgumentException("the PostgreSQL URL names no host");
      }
      String database = uri.getRawPath() == null ? "" : uri.getRawPath();
      if (database.isEmpty() || database.equals("/")) {
        throw new IllegalArgumentException("the PostgreSQL URL names no database (…/database)");
      }
      String user = null;
      String inUrl = null;
      String userInfo = uri.getRawUserInfo();
      if (userInfo != null) {
        int colon = userInfo.indexOf(':');
        user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
        inUrl = colon < 0 ? null : decode(userInfo.substring(colon + 1));
      }
      String jdbc =
          "jdbc:postgresql://"
              + (uri.getHost().contains(":") ? "[" + uri.getHost() + "]" : uri.getHost())
              + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
              + database
              + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
      return new Postgres(
          jdbc,
          user == null || user.isEmpty() ? null : user,
          password != null && !password.isEmpty() ? password : inUrl,
          DEFAULT_POOL_SIZE,
          DEFAULT_WAIT_FOR);
    }

    private static String decode(String text) {
      return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** This database with another pool size and wait. */
    public Postgres with(int poolSize, Duration waitFor) {
      return new Postgres(jdbcUrl, user, password, poolSize, waitFor);
    }

    /** The database, as logs name it: host, port and name, never the password. */
    public String describe() {
      String rest = jdbcUrl.substring("jdbc:postgresql:".length());
      int query = rest.indexOf('?');
      return (user == null ? "" : user + "@") + (query < 0 ? rest : rest.substring(0, query));
    }

    /** The password is never shown; nor is a URL's query, which may hold one. */
    @Override
    public String toString() {
      return "Postgres["
          + describe()
          + ", password="
          + (password == null ? "none" : "***")
          + ", poolSize="
          + poolSize
          + ", waitFor="
          + waitFor
          + "]";
    }
  }
}
