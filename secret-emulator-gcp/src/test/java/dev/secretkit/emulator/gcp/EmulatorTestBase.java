package dev.secretkit.emulator.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.api.gax.rpc.ApiException;
import com.google.cloud.secretmanager.v1.AddSecretVersionRequest;
import com.google.cloud.secretmanager.v1.Replication;
import com.google.cloud.secretmanager.v1.Secret;
import com.google.cloud.secretmanager.v1.SecretManagerServiceClient;
import com.google.cloud.secretmanager.v1.SecretPayload;
import com.google.cloud.secretmanager.v1.SecretVersion;
import com.google.protobuf.ByteString;
import dev.secretkit.emulator.support.ManualClock;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A fresh emulator per test on a manual clock, and the real client on it; helpers to set secrets up. */
abstract class EmulatorTestBase {
  static final String PROJECT = "test-project";
  static final String PARENT = "projects/" + PROJECT;
  static final Replication AUTOMATIC = Replication.newBuilder()
      .setAutomatic(Replication.Automatic.getDefaultInstance()).build();

  final ManualClock clock = new ManualClock();

  @RegisterExtension
  final GcpEmulatorExtension extension = new GcpEmulatorExtension().withClock(clock);

  GcpSecretManagerEmulator gcp;
  SecretManagerServiceClient client;
  /** The project's number, which names it in every answer. */
  String number;

  @BeforeEach
  void openClient(GcpSecretManagerEmulator emulator, ManagedChannel channel) {
    gcp = emulator;
    client = Clients.inProcess(channel);
    number = gcp.projectNumber(PROJECT);
  }

  @AfterEach
  void closeClient() {
    client.close();
  }

  /** Returns the answer's name of secret {@code id}: its project by number. */
  String secretName(String id) {
    return "projects/" + number + "/secrets/" + id;
  }

  Secret createSecret(String id) {
    return createSecret(id, Map.of());
  }

  Secret createSecret(String id, Map<String, String> labels) {
    return client.createSecret(PARENT, id, Secret.newBuilder().setReplication(AUTOMATIC).putAllLabels(labels).build());
  }

  SecretVersion addVersion(String id, String data) {
    return client.addSecretVersion(AddSecretVersionRequest.newBuilder().setParent(PARENT + "/secrets/" + id)
        .setPayload(SecretPayload.newBuilder().setData(ByteString.copyFromUtf8(data))).build());
  }

  String access(String versionName) {
    return client.accessSecretVersion(versionName).getPayload().getData().toString(StandardCharsets.UTF_8);
  }

  /** Runs {@code call}, which must fail, and returns the status it failed with. */
  static Status failure(ThrowingCallable call) {
    ApiException failure = catchThrowableOfType(ApiException.class, call);
    assertThat(failure).as("the call should have failed").isNotNull();
    return Clients.status(failure);
  }
}
