package dev.secretkit.backend.vault;

import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoreConfig;
import dev.secretkit.testkit.RealStoreContract;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * The whole contract against a real Vault (or OpenBao): run with {@code mvn -Pit verify -pl secret-backend-vault
 * -am} and {@code VAULT_ADDR} and {@code VAULT_TOKEN} set, such as for {@code vault server -dev} (its KV
 * version 2 mount {@code secret/}; {@code SECRETKIT_IT_VAULT_MOUNT} names another). {@code VAULT_NAMESPACE},
 * {@code VAULT_CACERT} and the other variables apply as for any vault store. Skipped when either is unset.
 * Each test writes under its own prefix and deletes what it wrote.
 */
class VaultRealStoreContractIT extends RealStoreContract {

  @Override
  protected Optional<String> missingConfiguration(Map<String, String> environment) {
    return environment.containsKey("VAULT_ADDR") && environment.containsKey("VAULT_TOKEN") ? Optional.empty()
        : Optional.of("set VAULT_ADDR and VAULT_TOKEN (such as for 'vault server -dev') to run against a real Vault");
  }

  @Override
  protected SecretStore openStore(Map<String, String> environment, String prefix) {
    String uri = "vault:///" + environment.getOrDefault("SECRETKIT_IT_VAULT_MOUNT", "secret") + "?prefix=" + prefix;
    return new VaultSecretStoreProvider().open(StoreConfig.parse(uri, environment, Clock.systemUTC()));
  }

  @Override
  protected int concurrentWritesPerWriter() {
    return 5;
  }
}
