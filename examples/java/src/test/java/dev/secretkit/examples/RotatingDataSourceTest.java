package dev.secretkit.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretkit.SecretRef;
import dev.secretkit.client.CachePolicy;
import dev.secretkit.client.CredentialRefresher;
import dev.secretkit.client.SecretClient;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoreConfig;
import dev.secretkit.store.memory.InMemorySecretStoreProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data source keeps connecting to a real (H2) database while an operator rotates its password, in the database
 * and in the store, through a client of their own: the application's cached client learns of it on the refusal.
 */
class RotatingDataSourceTest {
  private static final Duration BACKOFF = Duration.ofSeconds(5);
  private static final String MANIFEST = """
      name: app-db
      version: v1
      type: secret
      secret:
        type: key-value-properties
        acl: r
        data:
          password: %s
      """;

  @TempDir
  Path directory;

  @Test
  void aRotatedPassword_isPickedUpWithoutARestart_andAWrongOneIsRefusedAsTheDatabaseSaid() throws Exception {
    String url = "jdbc:h2:mem:rotation-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    AtomicLong now = new AtomicLong();
    try (SecretStore store = new InMemorySecretStoreProvider().open(StoreConfig.parse("memory:", Map.of(),
            Clock.systemUTC()));
        SecretClient operator = SecretClient.builder().store(store).environment(Map.of()).build();
        SecretClient application = SecretClient.builder().store(store).environment(Map.of())
            .cache(CachePolicy.defaults()).ticker(now::get).build();
        Connection admin = DriverManager.getConnection(url, "admin", "fake-admin-password");
        Statement sql = admin.createStatement()) {
      sql.execute("CREATE USER app PASSWORD 'fake-password-1' ADMIN");
      operator.apply(manifest("fake-password-1"));
      RotatingDataSource dataSource = new RotatingDataSource(url, "APP", SecretRef.parse("app-db#password"),
          CredentialRefresher.of(application, BACKOFF, Duration.ofMinutes(5), now::get));
      assertConnects(dataSource);

      sql.execute("ALTER USER app SET PASSWORD 'fake-password-2'");
      operator.apply(manifest("fake-password-2"));
      assertConnects(dataSource);

      sql.execute("ALTER USER app SET PASSWORD 'fake-password-3'");
      assertRefused(dataSource);
      operator.apply(manifest("fake-password-3"));
      assertRefused(dataSource);

      now.addAndGet(BACKOFF.toNanos());
      assertConnects(dataSource);
    }
  }

  private Path manifest(String password) throws Exception {
    return Files.writeString(directory.resolve("app-db.yaml"), MANIFEST.formatted(password));
  }

  private static void assertConnects(RotatingDataSource dataSource) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      assertThat(connection.isValid(1)).isTrue();
    }
  }

  private static void assertRefused(RotatingDataSource dataSource) {
    assertThatThrownBy(dataSource::getConnection).isInstanceOf(SQLException.class)
        .satisfies(error -> assertThat(((SQLException) error).getSQLState()).startsWith("28"));
  }
}
