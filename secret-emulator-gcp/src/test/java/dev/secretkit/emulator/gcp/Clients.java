package dev.secretkit.emulator.gcp;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.retrying.RetrySettings;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.api.gax.rpc.UnaryCallSettings;
import com.google.cloud.secretmanager.v1.SecretManagerServiceClient;
import com.google.cloud.secretmanager.v1.SecretManagerServiceSettings;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;

/** Opens the real Secret Manager client on an emulator, making one attempt per call so no test waits for backoff. */
final class Clients {
  private static final RetrySettings ONE_ATTEMPT = RetrySettings.newBuilder()
      .setMaxAttempts(1)
      .setTotalTimeoutDuration(Duration.ofSeconds(10))
      .setInitialRpcTimeoutDuration(Duration.ofSeconds(10))
      .setMaxRpcTimeoutDuration(Duration.ofSeconds(10))
      .setRpcTimeoutMultiplier(1)
      .build();

  private Clients() {
  }

  /** Returns a client on a new in-process channel to {@code emulator}. */
  static SecretManagerServiceClient inProcess(GcpSecretManagerEmulator emulator) {
    return inProcess(emulator.openChannel());
  }

  /** Returns a client on {@code channel}; closing the client shuts the channel down. */
  static SecretManagerServiceClient inProcess(ManagedChannel channel) {
    SecretManagerServiceSettings.Builder settings = SecretManagerServiceSettings.newBuilder()
        .setTransportChannelProvider(FixedTransportChannelProvider.create(GrpcTransportChannel.create(channel)))
        .setCredentialsProvider(NoCredentialsProvider.create());
    return open(settings);
  }

  /** Returns a client that talks plaintext HTTP/2 to {@code endpoint}, such as {@code 127.0.0.1:54321}. */
  @SuppressWarnings("rawtypes") // gax configures channels through the raw ManagedChannelBuilder
  static SecretManagerServiceClient tcp(String endpoint) {
    SecretManagerServiceSettings.Builder settings = SecretManagerServiceSettings.newBuilder()
        .setEndpoint(endpoint)
        .setTransportChannelProvider(SecretManagerServiceSettings.defaultGrpcTransportProviderBuilder()
            .setChannelConfigurator(ManagedChannelBuilder::usePlaintext).build())
        .setCredentialsProvider(NoCredentialsProvider.create());
    return open(settings);
  }

  /** Returns the gRPC status a client call failed with. */
  static Status status(ApiException failure) {
    return Status.fromThrowable(failure);
  }

  private static SecretManagerServiceClient open(SecretManagerServiceSettings.Builder settings) {
    List<UnaryCallSettings.Builder<?, ?>> methods = List.of(settings.createSecretSettings(),
        settings.getSecretSettings(), settings.listSecretsSettings(), settings.updateSecretSettings(),
        settings.deleteSecretSettings(), settings.addSecretVersionSettings(), settings.accessSecretVersionSettings(),
        settings.getSecretVersionSettings(), settings.listSecretVersionsSettings(),
        settings.enableSecretVersionSettings(), settings.disableSecretVersionSettings(),
        settings.destroySecretVersionSettings(), settings.setIamPolicySettings(), settings.getIamPolicySettings(),
        settings.testIamPermissionsSettings());
    for (UnaryCallSettings.Builder<?, ?> method : methods) {
      method.setRetryableCodes().setRetrySettings(ONE_ATTEMPT);
    }
    try {
      return SecretManagerServiceClient.create(settings.build());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
