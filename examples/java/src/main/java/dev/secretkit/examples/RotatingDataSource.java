package dev.secretkit.examples;

import dev.secretkit.SecretRef;
import dev.secretkit.client.CredentialRefresher;
import dev.secretkit.client.SecretResolver;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Objects;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A {@link DataSource} whose password lives in a SecretKit store and may be rotated while the
 * application runs: each connection is opened with the password the resolver holds (a cache hit,
 * usually), and when the database refuses it (SQLState class {@code 28}, invalid authorization),
 * the password is read from the store again and the connection tried once more, within a
 * {@link CredentialRefresher}'s budget. A pool in front of it (HikariCP, say) picks up a rotated
 * password as its connections are replaced, without a restart.
 */
public final class RotatingDataSource implements DataSource {
  private final String url;
  private final String user;
  private final SecretRef password;
  private final CredentialRefresher refresher;
  private volatile PrintWriter logWriter;
  private volatile int loginTimeout;

  /** Opens connections to {@code url} as {@code user}, with the password {@code password} names in {@code secrets}. */
  public RotatingDataSource(String url, String user, SecretRef password, SecretResolver secrets) {
    this(url, user, password, CredentialRefresher.of(secrets));
  }

  /** As above, with a refresher of one's own (its budget, its ticker). */
  public RotatingDataSource(String url, String user, SecretRef password, CredentialRefresher refresher) {
    this.url = Objects.requireNonNull(url, "url");
    this.user = Objects.requireNonNull(user, "user");
    this.password = Objects.requireNonNull(password, "password");
    this.refresher = Objects.requireNonNull(refresher, "refresher");
  }

  @Override
  public Connection getConnection() throws SQLException {
    return refresher.call(password, RotatingDataSource::refused,
        secret -> DriverManager.getConnection(url, user, secret.asString()));
  }

  /** Returns whether {@code error} is the database refusing the credentials (SQLState class 28). */
  private static boolean refused(Exception error) {
    return error instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("28");
  }

  @Override
  public Connection getConnection(String username, String pass) throws SQLException {
    return DriverManager.getConnection(url, username, pass);
  }

  @Override
  public PrintWriter getLogWriter() {
    return logWriter;
  }

  @Override
  public void setLogWriter(PrintWriter out) {
    logWriter = out;
  }

  /** Keeps {@code seconds} for {@link #getLoginTimeout()}; DriverManager's timeout is the JVM's, which this leaves alone. */
  @Override
  public void setLoginTimeout(int seconds) {
    loginTimeout = seconds;
  }

  @Override
  public int getLoginTimeout() {
    return loginTimeout;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException("RotatingDataSource logs nothing");
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    if (type.isInstance(this)) {
      return type.cast(this);
    }
    throw new SQLException("not a wrapper of " + type.getName());
  }

  @Override
  public boolean isWrapperFor(Class<?> type) {
    return type.isInstance(this);
  }
}
