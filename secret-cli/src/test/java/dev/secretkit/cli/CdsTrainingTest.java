package dev.secretkit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.secretkit.emulator.aws.SecretsManagerEmulator;
import dev.secretkit.emulator.gcp.GcpOperation;
import dev.secretkit.emulator.gcp.GcpSecretManagerEmulator;
import dev.secretkit.emulator.support.ManualClock;
import dev.secretkit.emulator.vault.VaultEmulator;
import dev.secretkit.emulator.vault.VaultOperation;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The training run behind bin/secretctl's class-data archive must keep taking every code path it names, the
 * reads through each backend that BackendTraining adds.
 */
class CdsTrainingTest {

  @Test
  void train_runsEveryCommandAndStoresInItsOwnDirectory(@TempDir Path home) {
    assertThatCode(() -> CdsTraining.train(home)).doesNotThrowAnyException();

    assertThat(home.resolve("store")).isDirectory();
    assertThat(home.resolve(".secretkit")).doesNotExist();
  }

  @Test
  void backendTraining_readsThroughEveryBackend_leavesTheirStoresAsTheyWere_andNoTemporaryDirectory()
      throws Exception {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    long before = trainingDirectories(tmp);
    ManualClock clock = new ManualClock();
    try (SecretsManagerEmulator aws = new SecretsManagerEmulator(clock).start();
        VaultEmulator vault = new VaultEmulator(clock).start();
        GcpSecretManagerEmulator gcp = new GcpSecretManagerEmulator(clock).startTcp()) {
      CdsTraining.train(TrainingEmulators.stores(aws, vault, gcp));

      assertThat(aws.calls("GetSecretValue")).as("aws-sm reads").isPositive();
      assertThat(aws.calls("DeleteSecret")).as("aws-sm deletes").isEqualTo(1);
      assertThat(vault.calls(VaultOperation.READ_DATA)).as("vault reads").isPositive();
      assertThat(vault.calls(VaultOperation.DELETE_METADATA)).as("vault deletes").isEqualTo(1);
      assertThat(gcp.calls(GcpOperation.ACCESS_SECRET_VERSION)).as("gcp-sm reads").isPositive();
      assertThat(gcp.calls(GcpOperation.DELETE_SECRET)).as("gcp-sm deletes").isEqualTo(1);
    }
    assertThat(trainingDirectories(tmp)).isEqualTo(before);
  }

  private static long trainingDirectories(Path tmp) throws Exception {
    try (var entries = Files.list(tmp)) {
      return entries.filter(p -> p.getFileName().toString().startsWith("secretctl-training")).count();
    }
  }
}
