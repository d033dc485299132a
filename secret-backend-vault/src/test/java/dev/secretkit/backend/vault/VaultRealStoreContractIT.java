package dev.secretkit.backend.vault;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.secretkit.SecretId;
import dev.secretkit.spi.Page;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoreConfig;
import dev.secretkit.testkit.SecretStoreContract;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * The whole contract against a real Vault (or OpenBao): run with {@code mvn -Pit verify -pl secret-backend-vault
 * -am} and {@code VAULT_ADDR} and {@code VAULT_TOKEN} set, such as for {@code vault server -dev} (its KV
 * version 2 mount {@code secret/}; {@code SECRETKIT_IT_VAULT_MOUNT} names another). {@code VAULT_NAMESPACE},
 * {@code VAULT_CACERT} and the other variables apply as for any vault store. Skipped when either is unset.
 * Each test writes under its own prefix and deletes what it wrote.
 */
class VaultRealStoreContractIT extends SecretStoreContract {
  private static final Map<String, String> ENV = System.getenv();
  private String prefix;

  @BeforeAll
  static void needsAVault() {
    assumeTrue(ENV.containsKey("VAULT_ADDR") && ENV.containsKey("VAULT_TOKEN"),
        "set VAULT_ADDR and VAULT_TOKEN (such as for 'vault server -dev') to run against a real Vault");
  }

  @Override
  protected SecretStore openStore() {
    if (prefix == null) {
      prefix = "secretkit-it/" + UUID.randomUUID().toString().substring(0, 8);
    }
    String uri = "vault:///" + ENV.getOrDefault("SECRETKIT_IT_VAULT_MOUNT", "secret") + "?prefix=" + prefix;
    return new VaultSecretStoreProvider().open(StoreConfig.parse(uri, ENV, Clock.systemUTC()));
  }

  @Override
  protected SecretStore reopenStore() {
    return openStore();
  }

  @Override
  protected int concurrentWritesPerWriter() {
    return 5;
  }

  @AfterEach
  void deleteWhatThisTestWrote() {
    try (SecretStore store = openStore()) {
      List<SecretId> written = new ArrayList<>();
      String token = null;
      do {
        Page<SecretId> page = store.listIds(token, 100);
        written.addAll(page.items());
        token = page.nextPageToken();
      } while (token != null);
      written.forEach(id -> store.delete(id, null));
    }
  }
}
