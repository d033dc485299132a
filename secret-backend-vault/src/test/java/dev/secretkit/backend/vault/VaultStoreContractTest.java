package dev.secretkit.backend.vault;

import dev.secretkit.SecretId;
import dev.secretkit.emulator.vault.VaultEmulator;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.testkit.SecretStoreContract;
import io.github.jopenlibs.vault.json.JsonObject;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The vault store passes the whole contract, through the real vault-java-driver, against the Vault emulator. */
class VaultStoreContractTest extends SecretStoreContract {
  private static final AtomicInteger TESTS = new AtomicInteger();
  private static VaultEmulator emulator;

  private String prefix;

  @BeforeAll
  static void startEmulator() {
    emulator = new VaultEmulator(new TickingClock()).start();
  }

  @AfterAll
  static void stopEmulator() {
    emulator.close();
  }

  @Override
  protected SecretStore openStore() {
    if (prefix == null) {
      prefix = "contract" + TESTS.incrementAndGet();
    }
    return TestStores.open(emulator, prefix, "", new TickingClock());
  }

  @Override
  protected SecretStore reopenStore() {
    return openStore();
  }

  /**
   * Writes, as {@code vault kv put} of a hand-edited copy would, a new KV version that keeps the values but whose
   * reserved field is no longer SecretKit's.
   */
  @Override
  protected Optional<Consumer<SecretId>> recordCorrupter() {
    RawVault raw = new RawVault(emulator);
    return Optional.of(id -> {
      String path = "secret/data/" + prefix + "/" + id.scope() + "/" + id.name();
      JsonObject data = raw.get(path).json().get("data").asObject().get("data").asObject();
      data.set(VaultRecord.RESERVED, "damaged by hand");
      raw.post(path, "{\"data\":" + data + "}");
    });
  }

  @Override
  protected int concurrentWritesPerWriter() {
    return 10;
  }
}
