package dev.secretkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretkit.SecretRef;
import dev.secretkit.client.SecretClient;
import java.sql.DriverManager;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A hostile review of the JDBC example (issue 14): each test fails while the defect it names is there. */
class RotatingDataSourceReviewTest {

  /**
   * setLoginTimeout writes DriverManager's one login timeout, shared by every driver and DataSource in the JVM; a
   * pool in front of the data source (HikariCP sets it from its connectionTimeout) changes everyone's.
   */
  @Test
  void setLoginTimeout_isTheDataSourcesOwn_notTheWholeJvms() {
    int before = DriverManager.getLoginTimeout();
    try (SecretClient client = SecretClient.builder().store("memory:").environment(Map.of()).build()) {
      RotatingDataSource dataSource = new RotatingDataSource("jdbc:h2:mem:review", "app",
          SecretRef.parse("app-db#password"), client);

      dataSource.setLoginTimeout(before + 7);

      assertThat(dataSource.getLoginTimeout()).isEqualTo(before + 7);
      assertThat(DriverManager.getLoginTimeout()).as("the JVM's login timeout").isEqualTo(before);
    } finally {
      DriverManager.setLoginTimeout(before);
    }
  }
}
