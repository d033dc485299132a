/**
 * The {@code aws-sm} store: AWS Secrets Manager through the AWS SDK v2, found by
 * {@link java.util.ServiceLoader}; its one public type is the provider.
 *
 * @provides dev.secretkit.spi.SecretStoreProvider {@code aws-sm://}
 */
@SuppressWarnings("requires-automatic") // the AWS SDK v2 ships automatic modules only
module dev.secretkit.backend.aws {
  requires transitive dev.secretkit.core;
  requires software.amazon.awssdk.auth;
  requires software.amazon.awssdk.awscore;
  requires software.amazon.awssdk.core;
  requires software.amazon.awssdk.endpoints;
  requires software.amazon.awssdk.http;
  requires software.amazon.awssdk.http.urlconnection;
  requires software.amazon.awssdk.profiles;
  requires software.amazon.awssdk.regions;
  requires software.amazon.awssdk.retries;
  requires software.amazon.awssdk.retries.api;
  requires software.amazon.awssdk.services.secretsmanager;
  requires software.amazon.awssdk.utils;

  exports dev.secretkit.backend.aws;

  provides dev.secretkit.spi.SecretStoreProvider with dev.secretkit.backend.aws.AwsSecretsManagerStoreProvider;
}
