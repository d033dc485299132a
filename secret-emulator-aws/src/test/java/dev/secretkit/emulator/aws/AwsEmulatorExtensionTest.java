package dev.secretkit.emulator.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretkit.client.SecretClient;
import dev.secretkit.emulator.support.FixtureExtension;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The extension starts a fresh emulator per test on a loopback port, hands the same one to a test and its
 * {@code @BeforeEach}, closes it afterwards, and names it in a store URI. The client it hands out is proven
 * with the aws-sm store in secret-backend-aws's tests and in examples/java; here, where that store is absent,
 * asking for one fails clearly. When it opens and closes a fixture, and what it resolves, is
 * secret-emulator-support's FixtureExtension, proven there.
 */
class AwsEmulatorExtensionTest {
  private static final List<SecretsManagerEmulator> HANDED_OUT = new CopyOnWriteArrayList<>();

  @RegisterExtension
  static final AwsEmulatorExtension AWS = new AwsEmulatorExtension().withRegion("us-east-1");

  private SecretsManagerEmulator before;

  @BeforeEach
  void remember(SecretsManagerEmulator aws) {
    before = aws;
    HANDED_OUT.add(aws);
  }

  /** Runs after every test's emulator should have been closed, and before the extension's own afterAll. */
  @AfterAll
  static void everyTest_gotItsOwnEmulator_closedAfterIt() {
    assertThat(HANDED_OUT).isNotEmpty().doesNotHaveDuplicates();
    for (SecretsManagerEmulator emulator : HANDED_OUT) {
      assertThatThrownBy(emulator::endpoint).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void emulator_inBeforeEachAndTest_isTheSameStartedLoopbackInstance(SecretsManagerEmulator aws) {
    assertThat(aws).isSameAs(before);
    assertThat(aws.endpoint().getHost()).isEqualTo("127.0.0.1");
    assertThat(aws.endpoint().getPort()).isPositive();
  }

  @Test
  void emulator_servesTheRealSdk_withTheStoreUrisCredentialsAndRegion(SecretsManagerEmulator aws) {
    try (SecretsManagerClient sdk = SecretsManagerClient.builder().endpointOverride(aws.endpoint())
        .region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(AwsEmulatorExtension.ACCESS_KEY_ID, "fake-emulator-secret-key")))
        .build()) {
      String arn = sdk.createSecret(request -> request.name("db").secretString("fake-value")).arn();

      assertThat(arn).startsWith("arn:aws:secretsmanager:us-east-1:" + SecretsManagerEmulator.ACCOUNT_ID + ":");
    }
    assertThat(aws.calls("CreateSecret")).isEqualTo(1);
  }

  @Test
  void storeUri_namesTheEmulatorRegionAndOneAttempt_andTheFakeCredentialsGoInTheEnvironment(
      SecretsManagerEmulator aws) {
    assertThat(AWS.storeUri(aws)).isEqualTo("aws-sm://us-east-1?endpoint=" + aws.endpoint() + "&maxAttempts=1");
    assertThat(AwsEmulatorExtension.credentials()).containsEntry("AWS_ACCESS_KEY_ID", "AKIDEMULATOR")
        .containsEntry("AWS_SECRET_ACCESS_KEY", "fake-emulator-secret-key");
  }

  @Test
  void withRegion_notARegion_saysWhatIsExpected() {
    assertThatThrownBy(() -> AWS.withRegion("Ireland"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not an AWS region: 'Ireland'; expected a region such as us-east-1 or eu-west-1");
  }

  @Test
  void client_withoutTheAwsStoreOnTheClassPath_isRefusedSayingSo() {
    FixtureExtension.Fixture fixture = AWS.open();
    try {
      assertThatThrownBy(() -> fixture.part(SecretClient.class)).isInstanceOf(ParameterResolutionException.class)
          .hasMessageStartingWith("cannot open a SecretClient on the AWS Secrets Manager emulator: unknown store type "
              + "'aws-sm'")
          .hasMessageEndingWith("dev.secretkit:secret-backend-aws must be on the test's class path");
      assertThat(fixture.part(SecretsManagerEmulator.class)).as("the emulator is still handed out")
          .isInstanceOf(SecretsManagerEmulator.class);
    } finally {
      fixture.close();
    }
  }
}
