package dev.secretkit.testkit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.secretkit.SecretId;
import dev.secretkit.spi.Page;
import dev.secretkit.spi.SecretStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;

/**
 * The whole {@link SecretStoreContract} against a real service, for a backend's integration tests:
 * each test is skipped, with what to set, unless the environment names a service to run against;
 * each writes under a prefix of its own and deletes, after it, every secret the prefix holds. A
 * backend implements {@link #missingConfiguration} and {@link #openStore(Map, String)}:
 *
 * <pre>{@code
 * class VaultRealStoreContractIT extends RealStoreContract {
 *   protected Optional<String> missingConfiguration(Map<String, String> environment) {
 *     return environment.containsKey("VAULT_ADDR") ? Optional.empty() : Optional.of("set VAULT_ADDR and VAULT_TOKEN");
 *   }
 *
 *   protected SecretStore openStore(Map<String, String> environment, String prefix) {
 *     return new VaultSecretStoreProvider().open(StoreConfig.parse("vault:///secret?prefix=" + prefix, environment,
 *         Clock.systemUTC()));
 *   }
 * }
 * }</pre>
 *
 * <p>The store is persistent, so {@link #reopenStore()} opens the same prefix again. The
 * environment is the process's.
 */
public abstract class RealStoreContract extends SecretStoreContract {
  private String prefix;

  /** Creates the contract; subclasses need no constructor arguments. */
  protected RealStoreContract() {
  }

  /**
   * Returns what to set for the tests to run, such as "set VAULT_ADDR and VAULT_TOKEN to run against
   * a real Vault", or empty when {@code environment} names a service to run against.
   */
  protected abstract Optional<String> missingConfiguration(Map<String, String> environment);

  /** Opens the store {@code environment} names, with every secret under {@code prefix}. */
  protected abstract SecretStore openStore(Map<String, String> environment, String prefix);

  /**
   * Opens the store under this test's prefix, made on the first call as {@code secretkit-it/} and 8
   * random hex digits.
   *
   * @throws org.opentest4j.TestAbortedException when {@link #missingConfiguration} says what to set:
   *     the test is skipped
   */
  @Override
  protected final SecretStore openStore() {
    Optional<String> missing = missingConfiguration(System.getenv());
    assumeTrue(missing.isEmpty(), () -> missing.orElseThrow());
    if (prefix == null) {
      prefix = "secretkit-it/" + UUID.randomUUID().toString().substring(0, 8);
    }
    return openStore(System.getenv(), prefix);
  }

  @Override
  protected final SecretStore reopenStore() {
    return openStore();
  }

  @AfterEach
  final void deleteWhatThisTestWrote() {
    if (prefix == null) {
      return;
    }
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
