package dev.secretkit.backend.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.secretkit.AccessDeniedException;
import dev.secretkit.SecretId;
import dev.secretkit.StoreUnavailableException;
import dev.secretkit.emulator.aws.SecretsManagerEmulator;
import dev.secretkit.emulator.support.ManualClock;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.support.RedactedCause;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What the aws-sm store says when a call fails before AWS answers (the endpoint named, with why,
 * retryable) or when AWS refuses the client's credentials (AWS's code, where the credentials came
 * from, what to fix), and that the cause it keeps has every class and no message.
 */
class AwsErrorsTest {
  private static final SecretId PG = SecretId.of("public", "pg");

  private final ManualClock clock = new ManualClock();

  private static List<RedactedCause> causes(Throwable failure) {
    List<RedactedCause> causes = new ArrayList<>();
    for (Throwable t = failure.getCause(); t != null; t = t.getCause()) {
      causes.add((RedactedCause) t);
    }
    return causes;
  }

  @Test
  void aRefusedConnection_isRetryable_namesTheEndpoint_andKeepsTheSdkClassesAsTheCause() {
    try (SecretStore store = TestStores.open("http://127.0.0.1:1", "secretkit", "", clock)) {
      StoreUnavailableException failure = catchThrowableOfType(StoreUnavailableException.class,
          () -> store.list("public", null, 10));

      assertThat(failure.getMessage()).contains("cannot connect to http://127.0.0.1:1 (connection refused:"
          + " ConnectException) during ListSecrets of scope public; check the endpoint and the network, then retry");
      assertThat(failure.isRetryable()).isTrue();
      assertThat(causes(failure)).extracting(RedactedCause::originalClassName)
          .startsWith("software.amazon.awssdk.core.exception.SdkClientException").contains("java.net.ConnectException");
      assertThat(causes(failure)).allSatisfy(cause -> assertThat(cause.getMessage())
          .isEqualTo(cause.originalClassName()).as("no message of the SDK's is kept"));
      assertThat(causes(failure).get(0).getStackTrace()).isNotEmpty();
    }
  }

  @Test
  void anEndpointThatNeverAnswers_isRetryable_andSaysSo() throws IOException {
    try (ServerSocket silent = new ServerSocket(0);
        SecretStore store = TestStores.open("http://127.0.0.1:" + silent.getLocalPort(), "secretkit",
            "timeoutMillis=200", clock)) {
      StoreUnavailableException failure = catchThrowableOfType(StoreUnavailableException.class, () -> store.read(PG));

      assertThat(failure.getMessage()).contains("http://127.0.0.1:" + silent.getLocalPort() + " did not answer in time")
          .contains("timeoutMillis sets the limit");
    }
  }

  @Test
  void anIamRefusal_namesAwsCode_theAction_whereTheCredentialsCameFrom_andWhatToFix() {
    try (SecretsManagerEmulator emulator = new SecretsManagerEmulator(clock).start();
        SecretStore store = TestStores.open(emulator.endpoint(), "secretkit", "", clock)) {
      emulator.deny("ListSecrets");

      AccessDeniedException denied = catchThrowableOfType(AccessDeniedException.class,
          () -> store.list("public", null, 10));

      assertThat(denied.principal()).isNull();
      assertThat(denied.getMessage()).contains("AWS refused ListSecrets (AccessDeniedException) to the credentials"
          + " from AWS_ACCESS_KEY_ID: their IAM policy does not allow secretsmanager:ListSecrets here;"
          + " fix the IAM policy, or use other credentials")
          .as("AWS's own text, which names the access key, is not quoted").doesNotContain("AKIDFAKE")
          .doesNotContain("is not authorized");
      assertThat(causes(denied).get(0).detail()).contains("AccessDeniedException, HTTP 400");
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "ExpiredTokenException       | their session token has expired; renew the credentials",
      "InvalidSignatureException   | the secret access key is not the access key's, or this machine's clock is off",
      "IncompleteSignatureException | the request's signature does not match",
      "InvalidClientTokenId        | AWS does not know their access key or session token; fix the credentials"})
  void aRefusalOfTheCredentialsThemselves_saysWhatIsWrongWithThem(String code, String says) {
    try (SecretsManagerEmulator emulator = new SecretsManagerEmulator(clock).start();
        SecretStore store = TestStores.open(emulator.endpoint(), "secretkit", "", clock)) {
      emulator.refuseCredentials(code);

      AccessDeniedException denied = catchThrowableOfType(AccessDeniedException.class, () -> store.read(PG));

      assertThat(denied.principal()).isNull();
      assertThat(denied.getMessage()).contains("AWS refused GetSecretValue (" + code + ") to the credentials from"
          + " AWS_ACCESS_KEY_ID: ").contains(says).doesNotContain("were refused");
    }
  }
}
