package dev.secretkit.backend.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretkit.SecretValue;
import dev.secretkit.StoreUnavailableException;
import dev.secretkit.client.SecretClient;
import dev.secretkit.emulator.aws.AwsEmulatorExtension;
import dev.secretkit.emulator.aws.SecretsManagerEmulator;
import dev.secretkit.manifest.SecretManifest;
import dev.secretkit.manifest.SecretSection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The emulator module's extension, with this store on the class path, hands out a working aws-sm client. */
class AwsEmulatorExtensionTest {
  @RegisterExtension
  final AwsEmulatorExtension aws = new AwsEmulatorExtension();

  @Test
  void client_appliesAndResolves_throughTheTestsEmulator(SecretClient client, SecretsManagerEmulator emulator) {
    client.apply(manifest("fake-db-password"));

    assertThat(client.resolve("public:db#password").asString()).isEqualTo("fake-db-password");
    assertThat(client.store()).startsWith("aws-sm://eu-west-1");
    assertThat(emulator.calls("CreateSecret")).isEqualTo(1);
  }

  @Test
  void client_makesOneAttempt_soAFaultSwitchShowsAtOnce(SecretClient client, SecretsManagerEmulator emulator) {
    client.apply(manifest("fake-db-password"));
    emulator.throttleNext(1);

    assertThatThrownBy(() -> client.resolve("public:db#password")).isInstanceOf(StoreUnavailableException.class);
    emulator.clearFaults();
    assertThat(client.resolve("public:db#password").asString()).isEqualTo("fake-db-password");
  }

  private static SecretManifest manifest(String password) {
    return new SecretManifest("db", "v1", SecretManifest.TYPE_SECRET, List.of(), null, null, null, null,
        new SecretSection("key-value", "r", Map.of("password", SecretValue.ofString(password)), Map.of()));
  }
}
