package dev.secretkit.backend.aws;

import dev.secretkit.emulator.aws.SecretsManagerEmulator;
import dev.secretkit.emulator.support.CallFault;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The wire-fault contract against SecretKit's own Secrets Manager emulator, which fails calls itself. */
class AwsWriteFaultInjectionTest extends WireFaultContract {
  private static SecretsManagerEmulator emulator;

  @BeforeAll
  static void startEmulator() {
    emulator = new SecretsManagerEmulator(CLOCK).start();
  }

  @AfterAll
  static void stopEmulator() {
    emulator.close();
  }

  @Override
  String endpoint() {
    return emulator.endpoint().toString();
  }

  @Override
  void resetCalls() {
    emulator.resetCalls();
  }

  @Override
  int totalCalls() {
    return emulator.totalCalls();
  }

  @Override
  List<String> faults() {
    return Arrays.stream(CallFault.values()).map(CallFault::name).toList();
  }

  @Override
  void failCall(int k, String fault) {
    emulator.failCall(k, CallFault.valueOf(fault));
  }

  @Override
  void clearFaults() {
    emulator.clearFaults();
  }
}
