package dev.secretkit.emulator.aws;

import static org.assertj.core.api.Assertions.allOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.secretkit.client.SecretClient;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The extension starts a fresh emulator per test on a loopback port, hands the same one to a test and its
 * {@code @BeforeEach}, closes it afterwards, and names it in a store URI. The client it hands out is proven
 * with the aws-sm store in secret-backend-aws's tests and in examples/java; here, where that store is absent,
 * asking for one fails clearly.
 */
class AwsEmulatorExtensionTest {
  private static final String FIXTURES = "secretkit.emulator.fixtures";

  @RegisterExtension
  static final AwsEmulatorExtension AWS = new AwsEmulatorExtension().withRegion("us-east-1");

  private SecretsManagerEmulator before;

  @BeforeEach
  void remember(SecretsManagerEmulator aws) {
    before = aws;
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
  void storeUri_namesTheEmulatorRegionFakeCredentialsAndOneAttempt(SecretsManagerEmulator aws) {
    assertThat(AWS.storeUri(aws)).isEqualTo("aws-sm://us-east-1?endpoint=" + aws.endpoint()
        + "&accessKeyId=AKIDEMULATOR&secretAccessKey=fake-emulator-secret-key&maxAttempts=1");
  }

  @Test
  void withRegion_notARegion_saysWhatIsExpected() {
    assertThatThrownBy(() -> AWS.withRegion("Ireland"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not an AWS region: 'Ireland'; expected a region such as us-east-1 or eu-west-1");
  }

  @Test
  void extension_eachTest_getsItsOwnEmulator_closedAfterIt() {
    EngineExecutionResults results = run(TwoTests.class);

    assertThat(results.testEvents().succeeded().count()).isEqualTo(2);
    assertThat(TwoTests.SEEN).hasSize(2).doesNotHaveDuplicates();
    assertThat(TwoTests.CLOSED).as("the first test's emulator, closed when the second ran").hasSize(1);
    for (SecretsManagerEmulator emulator : TwoTests.SEEN) {
      assertThatThrownBy(emulator::endpoint).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void extension_constructorParameter_eachTestGetsItsOwnEmulator() {
    EngineExecutionResults results = run(ByConstructor.class);

    assertThat(results.testEvents().succeeded().count()).isEqualTo(2);
    assertThat(ByConstructor.SEEN).as("the javadoc: the next test gets a new, empty emulator")
        .hasSize(2).doesNotHaveDuplicates();
  }

  @Test
  void extension_beforeAll_sharesOneEmulatorAcrossTheClass_closedAfterIt() {
    EngineExecutionResults results = run(SharedByClass.class);

    assertThat(results.testEvents().succeeded().count()).isEqualTo(2);
    assertThat(SharedByClass.SEEN).hasSize(3).containsOnly(SharedByClass.SEEN.get(0));
    assertThatThrownBy(SharedByClass.SEEN.get(0)::endpoint).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void client_withoutTheAwsStoreOnTheClassPath_failsTheTestSayingSo() {
    EngineExecutionResults results = run(WantsAClient.class);

    results.testEvents().assertThatEvents().haveExactly(1, allOf(
        test("client"), finishedWithFailure(instanceOf(ParameterResolutionException.class), message(m ->
            m.contains("cannot open a SecretClient on the AWS Secrets Manager emulator: unknown store type 'aws-sm'")
            && m.endsWith("dev.secretkit:secret-backend-aws must be on the test's class path")))));
  }

  private static EngineExecutionResults run(Class<?> fixture) {
    return EngineTestKit.engine("junit-jupiter").configurationParameter(FIXTURES, "true")
        .selectors(selectClass(fixture)).execute();
  }

  /** Runs the fixture classes below only under {@link #run}, never in the build's own test run. */
  static final class OnlyAsFixture implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      return context.getConfigurationParameter(FIXTURES).filter("true"::equals).isPresent()
          ? ConditionEvaluationResult.enabled("run as a fixture")
          : ConditionEvaluationResult.disabled("a fixture; runs only under EngineTestKit");
    }
  }

  /** Two tests that record their emulators, and check in each test that the other's is already closed. */
  @ExtendWith(OnlyAsFixture.class)
  static final class TwoTests {
    static final List<SecretsManagerEmulator> SEEN = new CopyOnWriteArrayList<>();
    static final List<SecretsManagerEmulator> CLOSED = new CopyOnWriteArrayList<>();

    @RegisterExtension
    final AwsEmulatorExtension aws = new AwsEmulatorExtension();

    @Test
    void first(SecretsManagerEmulator emulator) {
      record(emulator);
    }

    @Test
    void second(SecretsManagerEmulator emulator) {
      record(emulator);
    }

    private static void record(SecretsManagerEmulator emulator) {
      for (SecretsManagerEmulator earlier : SEEN) {
        assertThatThrownBy(earlier::endpoint).isInstanceOf(IllegalStateException.class);
        CLOSED.add(earlier);
      }
      SEEN.add(emulator);
    }
  }

  /** Takes the emulator in its constructor, as JUnit 5 allows; a new instance is made for each test. */
  @ExtendWith(OnlyAsFixture.class)
  static final class ByConstructor {
    static final List<SecretsManagerEmulator> SEEN = new CopyOnWriteArrayList<>();

    @RegisterExtension
    static final AwsEmulatorExtension AWS = new AwsEmulatorExtension();

    ByConstructor(SecretsManagerEmulator emulator) {
      SEEN.add(emulator);
    }

    @Test
    void first() {
    }

    @Test
    void second() {
    }
  }

  /** A class whose @BeforeAll takes the emulator, so every test shares it. */
  @ExtendWith(OnlyAsFixture.class)
  static final class SharedByClass {
    static final List<SecretsManagerEmulator> SEEN = new CopyOnWriteArrayList<>();

    @RegisterExtension
    static final AwsEmulatorExtension AWS = new AwsEmulatorExtension();

    @BeforeAll
    static void start(SecretsManagerEmulator emulator) {
      SEEN.add(emulator);
    }

    @Test
    void first(SecretsManagerEmulator emulator) {
      SEEN.add(emulator);
      emulator.endpoint();
    }

    @Test
    void second(SecretsManagerEmulator emulator) {
      SEEN.add(emulator);
      emulator.endpoint();
    }
  }

  /** Asks for a client, which needs the aws-sm store this module's tests do not have. */
  @ExtendWith(OnlyAsFixture.class)
  static final class WantsAClient {
    @RegisterExtension
    static final AwsEmulatorExtension AWS = new AwsEmulatorExtension();

    @Test
    void client(SecretClient client) {
      client.ids();
    }
  }
}
