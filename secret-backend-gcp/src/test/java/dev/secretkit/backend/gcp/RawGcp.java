package dev.secretkit.backend.gcp;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.cloud.secretmanager.v1.SecretManagerServiceClient;
import com.google.cloud.secretmanager.v1.SecretManagerServiceSettings;
import dev.secretkit.SecretId;
import dev.secretkit.emulator.gcp.GcpSecretManagerEmulator;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Google's client on an emulator, used the way another tool (gcloud, the console) would, to look at and change what
 * the store wrote behind its back.
 */
final class RawGcp {
  private RawGcp() {
  }

  /** Returns a client on a new in-process channel to {@code emulator}; the caller closes it. */
  static SecretManagerServiceClient client(GcpSecretManagerEmulator emulator) {
    try {
      return SecretManagerServiceClient.create(SecretManagerServiceSettings.newBuilder()
          .setTransportChannelProvider(FixedTransportChannelProvider.create(
              GrpcTransportChannel.create(emulator.openChannel())))
          .setCredentialsProvider(NoCredentialsProvider.create()).build());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Returns the resource name of the GCP secret that holds {@code id} under {@code prefix}. */
  static String secretName(String prefix, SecretId id) {
    return "projects/" + TestStores.PROJECT + "/secrets/" + GcpSecretIds.encode(prefix, id);
  }

  /** Returns the resource name of version {@code version} (a number, latest or an alias) of that secret. */
  static String versionName(String prefix, SecretId id, Object version) {
    return secretName(prefix, id) + "/versions/" + version;
  }
}
