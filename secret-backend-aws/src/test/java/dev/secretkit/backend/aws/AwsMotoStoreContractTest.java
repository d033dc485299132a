package dev.secretkit.backend.aws;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.secretkit.SecretId;
import dev.secretkit.backend.aws.moto.MotoServer;
import dev.secretkit.emulator.support.ManualClock;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.testkit.SecretStoreContract;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The aws-sm store passes the whole contract against moto, a Secrets Manager implementation
 * SecretKit's authors did not write; skipped, with the reason, where Python's moto is not installed.
 */
class AwsMotoStoreContractTest extends SecretStoreContract {
  private static final AtomicInteger TESTS = new AtomicInteger();
  private static MotoServer moto;

  private String prefix;

  @BeforeAll
  static void startMoto() {
    Optional<String> missing = MotoServer.unavailableBecause();
    assumeTrue(missing.isEmpty(), () -> "moto cannot run here: " + missing.orElse(""));
    moto = MotoServer.start().orElseThrow();
  }

  @AfterAll
  static void stopMoto() {
    if (moto != null) {
      moto.close();
    }
  }

  @Override
  protected SecretStore openStore() {
    if (prefix == null) {
      prefix = "contract" + TESTS.incrementAndGet();
    }
    return TestStores.open(moto.endpoint(), prefix, "", new ManualClock());
  }

  @Override
  protected SecretStore reopenStore() {
    return openStore();
  }

  @Override
  protected Optional<Consumer<SecretId>> recordCorrupter() {
    return Optional.of(DamagedRecords.breakingTheEnvelope(moto.endpoint(), prefix));
  }

  @Override
  protected int concurrentWritesPerWriter() {
    return 5;
  }
}
