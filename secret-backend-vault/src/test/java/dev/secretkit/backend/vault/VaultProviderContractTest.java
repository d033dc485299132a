package dev.secretkit.backend.vault;

import dev.secretkit.emulator.support.ManualClock;
import dev.secretkit.emulator.vault.VaultEmulator;
import dev.secretkit.spi.SecretStoreProvider;
import dev.secretkit.spi.StoreConfig;
import dev.secretkit.testkit.StoreProviderContract;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The vault provider passes the provider contract; constructing and validating make no call to Vault. */
class VaultProviderContractTest extends StoreProviderContract {
  private static VaultEmulator emulator;

  @BeforeAll
  static void startEmulator() {
    emulator = new VaultEmulator(new ManualClock()).start();
  }

  @AfterAll
  static void stopEmulator() {
    emulator.close();
  }

  @Override
  protected SecretStoreProvider newProvider() {
    return new VaultSecretStoreProvider();
  }

  @Override
  protected StoreConfig goodConfig() {
    return StoreConfig.parse(TestStores.uri(emulator, "provider", ""), Map.of("VAULT_TOKEN", emulator.rootToken()),
        new ManualClock());
  }

  @Override
  protected StoreConfig badConfig() {
    return StoreConfig.parse("vault://vault.internal:8200/?tls=false&token=hvs.fake&colour=red&auth=ldap",
        Map.of(), new ManualClock());
  }

  @Override
  protected List<String> badConfigProblems() {
    return List.of("names no KV mount", "tls=false would send", "token would put a credential", "unknown parameter"
        + " colour", "auth must be token, approle or kubernetes");
  }

  @Override
  protected List<String> observableState() {
    return List.of(Integer.toString(emulator.totalCalls()));
  }
}
