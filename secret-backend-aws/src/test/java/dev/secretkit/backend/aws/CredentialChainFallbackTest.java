package dev.secretkit.backend.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsCredentials;

/**
 * As in the AWS SDK's own chain, a {@code [default]} profile that sets no credentials (only a
 * region, as {@code aws configure set region} writes on an EC2 host or in a container image) does
 * not hide the container or instance role.
 */
class CredentialChainFallbackTest {
  private static final String FULL_URI_PROPERTY = "aws.containerCredentialsFullUri";

  @TempDir
  Path home;

  private HttpServer containerEndpoint;

  @BeforeEach
  void startContainerEndpoint() throws IOException {
    containerEndpoint = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    containerEndpoint.createContext("/creds", exchange -> {
      byte[] body = ("{\"AccessKeyId\":\"AKIDCONTAINERFAKE\",\"SecretAccessKey\":\"fake-container-secret\","
          + "\"Token\":\"fake-container-token\",\"Expiration\":\"2099-01-01T00:00:00Z\"}")
          .getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    containerEndpoint.start();
  }

  @AfterEach
  void stop() {
    containerEndpoint.stop(0);
    System.clearProperty(FULL_URI_PROPERTY);
  }

  @Test
  void aDefaultProfileWithOnlyARegion_doesNotHideTheContainerRole() throws IOException {
    Path aws = Files.createDirectories(home.resolve(".aws"));
    Files.writeString(aws.resolve("config"), "[default]\nregion = eu-west-1\n");
    assertContainerRoleUsed();
  }

  /** The control: without the region-only profile the same set-up finds the container role. */
  @Test
  void withoutAProfile_theContainerRoleIsUsed() {
    assertContainerRoleUsed();
  }

  private void assertContainerRoleUsed() {
    String fullUri = "http://127.0.0.1:" + containerEndpoint.getAddress().getPort() + "/creds";
    // The SDK's container provider reads the process's setting; the chain reads the store's environment.
    System.setProperty(FULL_URI_PROPERTY, fullUri);
    Map<String, String> environment = new HashMap<>();
    environment.put("HOME", home.toString());
    environment.put("AWS_EC2_METADATA_DISABLED", "true");
    environment.put("AWS_CONTAINER_CREDENTIALS_FULL_URI", fullUri);

    try (CredentialChain chain = new CredentialChain("aws-sm://eu-west-1", Map.of(), environment)) {
      AwsCredentials credentials = chain.resolveCredentials();
      assertThat(credentials.accessKeyId()).isEqualTo("AKIDCONTAINERFAKE");
      assertThat(chain.source()).isEqualTo("the container role");
    }
  }
}
