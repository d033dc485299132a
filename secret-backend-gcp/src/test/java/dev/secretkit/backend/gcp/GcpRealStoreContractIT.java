package dev.secretkit.backend.gcp;

import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoreConfig;
import dev.secretkit.testkit.RealStoreContract;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * The whole contract against real Secret Manager: run with {@code mvn -Pit verify -pl secret-backend-gcp -am} and
 * {@code SECRETKIT_IT_GCP_PROJECT} naming a project where the credentials may create and delete secrets
 * (roles/secretmanager.admin); the credentials are Application Default Credentials, or the key file
 * {@code GOOGLE_APPLICATION_CREDENTIALS} names. {@code SECRETKIT_IT_GCP_ENDPOINT} (a plaintext {@code HOST:PORT})
 * runs it against another implementation of the API instead, without credentials. Skipped when the project is not
 * set. Each test writes under its own prefix and deletes what it wrote.
 */
class GcpRealStoreContractIT extends RealStoreContract {

  @Override
  protected Optional<String> missingConfiguration(Map<String, String> environment) {
    return environment.containsKey("SECRETKIT_IT_GCP_PROJECT") ? Optional.empty()
        : Optional.of("set SECRETKIT_IT_GCP_PROJECT (with Application Default Credentials or"
            + " GOOGLE_APPLICATION_CREDENTIALS) to run against real Secret Manager");
  }

  /** Opens the project's store; the contract's prefix {@code secretkit-it/HEX} becomes {@code secretkit-it-HEX-}. */
  @Override
  protected SecretStore openStore(Map<String, String> environment, String prefix) {
    String endpoint = environment.get("SECRETKIT_IT_GCP_ENDPOINT");
    String uri = "gcp-sm://" + environment.get("SECRETKIT_IT_GCP_PROJECT") + "?prefix=" + prefix.replace('/', '-')
        + "-" + (endpoint == null ? "" : "&endpoint=" + endpoint + "&tls=false");
    return new GcpSecretManagerStoreProvider().open(StoreConfig.parse(uri, environment, Clock.systemUTC()));
  }

  @Override
  protected int concurrentWritesPerWriter() {
    return 3;
  }
}
