package dev.secretkit.backend.gcp;

import dev.secretkit.emulator.gcp.GcpSecretManagerEmulator;
import dev.secretkit.emulator.support.ManualClock;
import dev.secretkit.spi.SecretStoreProvider;
import dev.secretkit.spi.StoreConfig;
import dev.secretkit.testkit.StoreProviderContract;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The gcp-sm provider passes the provider contract; constructing and validating make no call to Secret Manager. */
class GcpProviderContractTest extends StoreProviderContract {
  private static GcpSecretManagerEmulator emulator;

  @BeforeAll
  static void startEmulator() {
    emulator = new GcpSecretManagerEmulator(new ManualClock()).startTcp();
  }

  @AfterAll
  static void stopEmulator() {
    emulator.close();
  }

  @Override
  protected SecretStoreProvider newProvider() {
    return new GcpSecretManagerStoreProvider();
  }

  @Override
  protected StoreConfig goodConfig() {
    return StoreConfig.parse(TestStores.uri(emulator.endpoint(), "provider-", ""), Map.of(), new ManualClock());
  }

  @Override
  protected StoreConfig badConfig() {
    return StoreConfig.parse("gcp-sm://My_Project?tls=maybe&prefix=a.b&colour=red&maxAttempts=0&locations=mars",
        Map.of(), new ManualClock());
  }

  @Override
  protected List<String> badConfigProblems() {
    return List.of("location must be //PROJECT", "tls must be true or false", "prefix must be", "unknown parameter"
        + " colour", "maxAttempts must be", "locations must be");
  }

  @Override
  protected List<String> observableState() {
    return List.of(Integer.toString(emulator.totalCalls()));
  }
}
