package dev.secretkit.backend.aws;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.secretkit.backend.aws.moto.FaultProxy;
import dev.secretkit.backend.aws.moto.MotoServer;
import dev.secretkit.emulator.support.ManualClock;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.testkit.WireFaultContract;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The wire-fault contract against moto, a Secrets Manager implementation SecretKit's authors did
 * not write, with the faults put between the SDK and moto by a proxy: so the store's protocol is
 * checked against another reading of AWS's documented behaviour than the emulator's. Skipped, with
 * the reason, where Python's moto is not installed.
 */
class AwsMotoWireFaultTest extends WireFaultContract<FaultProxy.Mode> {
  private static final ManualClock CLOCK = new ManualClock();
  private static MotoServer moto;
  private static FaultProxy proxy;

  @BeforeAll
  static void startMoto() {
    Optional<String> missing = MotoServer.unavailableBecause();
    assumeTrue(missing.isEmpty(), () -> "moto cannot run here: " + missing.orElse(""));
    moto = MotoServer.start().orElseThrow();
    proxy = FaultProxy.start(moto.endpoint());
  }

  @AfterAll
  static void stopMoto() {
    if (proxy != null) {
      proxy.close();
    }
    if (moto != null) {
      moto.close();
    }
  }

  @Override
  protected SecretStore openStore(String prefix) {
    return TestStores.open(proxy.endpoint(), prefix, "", CLOCK);
  }

  @Override
  protected Wire<FaultProxy.Mode> wire() {
    return new Wire<>(List.of(FaultProxy.Mode.values()), proxy::reset, () -> (int) proxy.requests(), proxy::fail,
        () -> proxy.fail(0, null));
  }
}
