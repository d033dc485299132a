package dev.secretkit.emulator.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.google.cloud.secretmanager.v1.Secret;
import com.google.cloud.secretmanager.v1.SecretManagerServiceClient;
import dev.secretkit.emulator.support.ManualClock;
import io.grpc.ManagedChannel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineTestKit;

/** What the extension opens, hands out and closes, per test and per class, run through JUnit's engine. */
class GcpEmulatorExtensionTest {
  private static final Instant START = Instant.parse("2025-06-01T12:00:00Z");
  /** What the fixture classes below saw, in the order they saw it. */
  static final List<Object> SEEN = new ArrayList<>();

  @Test
  void eachTest_getsAFreshStartedEmulator_andAChannel_closedAfterIt() {
    SEEN.clear();

    EngineTestKit.engine("junit-jupiter").selectors(selectClass(PerTestFixture.class)).execute().testEvents()
        .assertStatistics(stats -> stats.started(2).succeeded(2));

    assertThat(SEEN).hasSize(4);
    GcpSecretManagerEmulator first = (GcpSecretManagerEmulator) SEEN.get(0);
    GcpSecretManagerEmulator second = (GcpSecretManagerEmulator) SEEN.get(2);
    assertThat(first).isNotSameAs(second);
    assertThat(first.toString()).isEqualTo("GcpSecretManagerEmulator[closed]");
    assertThat(((ManagedChannel) SEEN.get(1)).isShutdown()).isTrue();
  }

  @Test
  void aBeforeAllParameter_sharesOneTcpEmulatorAcrossTheClass() {
    SEEN.clear();

    EngineTestKit.engine("junit-jupiter").selectors(selectClass(PerClassFixture.class)).execute().testEvents()
        .assertStatistics(stats -> stats.started(2).succeeded(2));

    assertThat(SEEN).hasSize(3).allMatch(seen -> seen == SEEN.get(0));
    assertThat(SEEN.get(0).toString()).isEqualTo("GcpSecretManagerEmulator[closed]");
  }

  @Test
  void toString_namesTheClockAndTheTransport() {
    ManualClock clock = new ManualClock(START);

    assertThat(new GcpEmulatorExtension().withClock(clock)).hasToString("GcpEmulatorExtension[" + clock
        + ", in-process]");
    assertThat(new GcpEmulatorExtension().withTcp().withClock(clock)).hasToString("GcpEmulatorExtension[" + clock
        + ", tcp]");
  }

  /** Two tests, each with its own emulator, which keeps nothing of the other's. */
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class PerTestFixture {
    @RegisterExtension
    static final GcpEmulatorExtension GCP = new GcpEmulatorExtension().withClock(new ManualClock(START));

    @Test
    @Order(1)
    void first(GcpSecretManagerEmulator gcp, ManagedChannel channel) {
      SEEN.add(gcp);
      SEEN.add(channel);
      try (SecretManagerServiceClient client = Clients.inProcess(gcp)) {
        Secret created = client.createSecret("projects/ext-project", "db", Secret.newBuilder()
            .setReplication(EmulatorTestBase.AUTOMATIC).build());
        assertThat(created.getCreateTime().getSeconds()).isEqualTo(START.getEpochSecond());
      }
    }

    @Test
    @Order(2)
    void second(GcpSecretManagerEmulator gcp, ManagedChannel channel) {
      SEEN.add(gcp);
      SEEN.add(channel);
      try (SecretManagerServiceClient client = Clients.inProcess(channel)) {
        assertThat(client.listSecrets("projects/ext-project").iterateAll()).isEmpty();
        assertThat(gcp.totalCalls()).isEqualTo(1);
      }
    }
  }

  /** A class whose tests share the one emulator its {@code @BeforeAll} method took, served on a port. */
  static class PerClassFixture {
    @RegisterExtension
    static final GcpEmulatorExtension GCP = new GcpEmulatorExtension().withTcp();

    @BeforeAll
    static void createOnce(GcpSecretManagerEmulator gcp) {
      SEEN.add(gcp);
      try (SecretManagerServiceClient client = Clients.tcp(gcp.endpoint())) {
        client.createSecret("projects/ext-project", "shared", Secret.newBuilder()
            .setReplication(EmulatorTestBase.AUTOMATIC).build());
      }
    }

    @Test
    void sees(GcpSecretManagerEmulator gcp) {
      SEEN.add(gcp);
      assertThat(gcp.calls(GcpOperation.CREATE_SECRET)).isEqualTo(1);
    }

    @Test
    void seesToo(GcpSecretManagerEmulator gcp) {
      SEEN.add(gcp);
      assertThat(gcp.port()).isPositive();
    }
  }
}
