package dev.secretkit.backend.aws;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.secretkit.SecretId;
import dev.secretkit.spi.SecretPayload;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Damages the record of an aws-sm secret from outside the store, as a hand edit would, through the
 * real SDK: the store then reads it as a {@link dev.secretkit.SecretDataException}.
 */
final class DamagedRecords {
  private static final ObjectMapper JSON = new ObjectMapper();

  private DamagedRecords() {
  }

  /**
   * Returns what damages, in the Secrets Manager at {@code endpoint}, the record of a secret of a store whose
   * names are under {@code prefix}: a new current version whose {@code SecretString} keeps the values but whose
   * reserved member is no longer an envelope.
   */
  static Consumer<SecretId> breakingTheEnvelope(URI endpoint, String prefix) {
    return id -> breakEnvelope(endpoint, prefix + "/" + id.scope() + "/" + id.name());
  }

  private static void breakEnvelope(URI endpoint, String name) {
    try (SecretsManagerClient sdk = SecretsManagerClient.builder().endpointOverride(endpoint)
        .region(Region.EU_WEST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDFAKE", "fake")))
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build()) {
      ObjectNode document = (ObjectNode) JSON.readTree(sdk.getSecretValue(r -> r.secretId(name)).secretString());
      document.put(SecretPayload.RESERVED_KEY, "damaged by hand");
      sdk.putSecretValue(r -> r.secretId(name).secretString(document.toString()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
