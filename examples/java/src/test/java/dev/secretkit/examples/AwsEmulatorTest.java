package dev.secretkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretkit.client.SecretClient;
import dev.secretkit.emulator.aws.AwsEmulatorExtension;
import dev.secretkit.emulator.aws.SecretsManagerEmulator;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What a user's test of an application on AWS Secrets Manager looks like; the README shows this class. */
class AwsEmulatorTest {
  @RegisterExtension
  static final AwsEmulatorExtension AWS = new AwsEmulatorExtension();   // a fresh emulator for each test

  @Test
  void resolvesThePasswordFromAwsSecretsManager(SecretClient client, SecretsManagerEmulator aws) {
    client.apply(Path.of("../manifests/postgres-v2.yaml"));

    assertThat(client.resolve("engineering:sales-pg#password").asString()).isEqualTo("fake-password-not-real");
    assertThat(aws.calls("CreateSecret")).isEqualTo(1);
  }
}
