package dev.secretkit.emulator.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.api.gax.rpc.ApiException;
import com.google.cloud.secretmanager.v1.Secret;
import com.google.cloud.secretmanager.v1.SecretManagerServiceClient;
import com.google.cloud.secretmanager.v1.SecretPayload;
import com.google.cloud.secretmanager.v1.ServiceProto;
import com.google.iam.v1.GetIamPolicyRequest;
import com.google.iam.v1.Policy;
import com.google.iam.v1.SetIamPolicyRequest;
import com.google.iam.v1.TestIamPermissionsRequest;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors;
import dev.secretkit.emulator.support.ManualClock;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** How the emulator serves: in process and on a loopback port, its lifecycle, and what it does not emulate. */
class ServingTest {
  private static final Secret AUTOMATIC = Secret.newBuilder().setReplication(EmulatorTestBase.AUTOMATIC).build();

  private final ManualClock clock = new ManualClock();

  @Test
  void startTcp_servesTheRealClient_onALoopbackPort_andInProcessToo() {
    try (GcpSecretManagerEmulator gcp = new GcpSecretManagerEmulator(clock).startTcp();
        SecretManagerServiceClient overTcp = Clients.tcp(gcp.endpoint());
        SecretManagerServiceClient inProcess = Clients.inProcess(gcp)) {
      overTcp.createSecret("projects/tcp-project", "db", AUTOMATIC);
      overTcp.addSecretVersion("projects/tcp-project/secrets/db", SecretPayload.newBuilder()
          .setData(ByteString.copyFromUtf8("over-tcp")).build());

      assertThat(gcp.endpoint()).isEqualTo("127.0.0.1:" + gcp.port());
      assertThat(gcp.port()).isPositive();
      assertThat(inProcess.accessSecretVersion("projects/tcp-project/secrets/db/versions/latest").getPayload()
          .getData().toStringUtf8()).isEqualTo("over-tcp");
      assertThat(gcp.toString()).isEqualTo("GcpSecretManagerEmulator[in-process " + gcp.inProcessName() + ", "
          + gcp.endpoint() + "]");
    }
  }

  @Test
  void close_freesThePort_andAClientThenSeesUnavailable() {
    GcpSecretManagerEmulator gcp = new GcpSecretManagerEmulator(clock).startTcp();
    String endpoint = gcp.endpoint();
    gcp.close();
    gcp.close();

    try (SecretManagerServiceClient client = Clients.tcp(endpoint)) {
      ApiException failure = catchThrowableOfType(ApiException.class,
          () -> client.getSecret("projects/tcp-project/secrets/db"));
      assertThat(Clients.status(failure).getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    }
    assertThat(gcp.toString()).isEqualTo("GcpSecretManagerEmulator[closed]");
  }

  @Test
  void stopAndRestart_serveAgainUnderTheSameNameAndPort_withTheSecretsKept() {
    GcpSecretManagerEmulator gcp = new GcpSecretManagerEmulator(clock);
    try {
      assertThatThrownBy(gcp::restart).isInstanceOf(IllegalStateException.class)
          .hasMessage("the emulator was never started");
      gcp.startTcp();
      String name = gcp.inProcessName();
      String endpoint = gcp.endpoint();
      try (SecretManagerServiceClient client = Clients.tcp(endpoint)) {
        client.createSecret("projects/tcp-project", "db", AUTOMATIC);
      }
      assertThatThrownBy(gcp::restart).isInstanceOf(IllegalStateException.class).hasMessageContaining("serving");

      gcp.stop();

      assertThat(gcp.toString()).isEqualTo("GcpSecretManagerEmulator[stopped]");
      assertThatThrownBy(gcp::openChannel).isInstanceOf(IllegalStateException.class)
          .hasMessage("the emulator is stopped; call restart()");
      try (SecretManagerServiceClient client = Clients.tcp(endpoint)) {
        ApiException failure = catchThrowableOfType(ApiException.class,
            () -> client.getSecret("projects/tcp-project/secrets/db"));
        assertThat(Clients.status(failure).getCode()).isEqualTo(Status.Code.UNAVAILABLE);
      }
      gcp.restart();

      assertThat(gcp.inProcessName()).isEqualTo(name);
      assertThat(gcp.endpoint()).isEqualTo(endpoint);
      try (SecretManagerServiceClient overTcp = Clients.tcp(endpoint);
          SecretManagerServiceClient inProcess = Clients.inProcess(gcp)) {
        assertThat(overTcp.getSecret("projects/tcp-project/secrets/db").getName()).endsWith("/secrets/db");
        assertThat(inProcess.getSecret("projects/tcp-project/secrets/db").getName()).endsWith("/secrets/db");
      }
      gcp.close();
      assertThatThrownBy(gcp::restart).isInstanceOf(IllegalStateException.class).hasMessage("the emulator is closed");
    } finally {
      gcp.close();
    }
  }

  @Test
  void channels_areTheEmulatorsToShutDown_andOwnChannelsUseTheInProcessName() {
    GcpSecretManagerEmulator gcp = new GcpSecretManagerEmulator(clock).start();
    ManagedChannel opened = gcp.openChannel();
    ManagedChannel own = InProcessChannelBuilder.forName(gcp.inProcessName()).directExecutor().build();
    try (SecretManagerServiceClient client = Clients.inProcess(own)) {
      assertThat(client.createSecret("projects/own-project", "db", AUTOMATIC).getName()).endsWith("/secrets/db");
    }

    gcp.close();

    assertThat(opened.isShutdown()).isTrue();
    assertThat(gcp.toString()).isEqualTo("GcpSecretManagerEmulator[closed]");
  }

  @Test
  void lifecycle_isStartOnceThenClose() {
    GcpSecretManagerEmulator gcp = new GcpSecretManagerEmulator(clock);
    assertThat(gcp.toString()).isEqualTo("GcpSecretManagerEmulator[not started]");
    assertThatThrownBy(gcp::openChannel).isInstanceOf(IllegalStateException.class).hasMessageContaining("start()");
    assertThatThrownBy(gcp::inProcessName).isInstanceOf(IllegalStateException.class);

    gcp.start();
    assertThatThrownBy(gcp::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("already started");
    assertThatThrownBy(gcp::startTcp).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(gcp::endpoint).isInstanceOf(IllegalStateException.class).hasMessageContaining("startTcp()");
    assertThat(gcp.toString()).startsWith("GcpSecretManagerEmulator[in-process ").doesNotContain("127.0.0.1");

    gcp.close();
    assertThatThrownBy(gcp::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    assertThatThrownBy(gcp::port).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> new GcpSecretManagerEmulator(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void theService_registersEveryRpcOfTheProto_asGcpOperations() {
    Descriptors.ServiceDescriptor service = ServiceProto.getDescriptor().findServiceByName("SecretManagerService");

    assertThat(service.getFullName()).isEqualTo(SecretManagerService.SERVICE_NAME);
    assertThat(service.getMethods().stream().map(Descriptors.MethodDescriptor::getName).collect(Collectors.toSet()))
        .isEqualTo(Arrays.stream(GcpOperation.values()).map(GcpOperation::rpcName).collect(Collectors.toSet()));
  }

  @Test
  void iamRpcs_areUnimplemented_butCounted() {
    try (GcpSecretManagerEmulator gcp = new GcpSecretManagerEmulator(clock).start();
        SecretManagerServiceClient client = Clients.inProcess(gcp)) {
      Status set = EmulatorTestBase.failure(() -> client.setIamPolicy(SetIamPolicyRequest.newBuilder()
          .setResource("projects/p-1234/secrets/db").setPolicy(Policy.getDefaultInstance()).build()));
      Status get = EmulatorTestBase.failure(() -> client.getIamPolicy(GetIamPolicyRequest.newBuilder()
          .setResource("projects/p-1234/secrets/db").build()));
      Status test = EmulatorTestBase.failure(() -> client.testIamPermissions(TestIamPermissionsRequest.newBuilder()
          .setResource("projects/p-1234/secrets/db").addPermissions("secretmanager.versions.access").build()));

      assertThat(set.getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
      assertThat(set.getDescription()).isEqualTo("Method google.cloud.secretmanager.v1.SecretManagerService/"
          + "SetIamPolicy is not implemented by the SecretKit emulator, which does not emulate IAM policies.");
      assertThat(get.getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
      assertThat(test.getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
      assertThat(gcp.calls(GcpOperation.SET_IAM_POLICY) + gcp.calls(GcpOperation.GET_IAM_POLICY)
          + gcp.calls(GcpOperation.TEST_IAM_PERMISSIONS)).isEqualTo(3);
      gcp.deny(GcpOperation.TEST_IAM_PERMISSIONS);
      assertThat(EmulatorTestBase.failure(() -> client.testIamPermissions(TestIamPermissionsRequest.newBuilder()
          .setResource("projects/p-1234/secrets/db").build())).getDescription())
          .isEqualTo("The caller does not have permission");
    }
  }
}
