package dev.secretkit.backend.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.secretkit.ConfigurationException;
import dev.secretkit.CredentialsException;
import dev.secretkit.emulator.support.ManualClock;
import dev.secretkit.emulator.vault.VaultEmulator;
import dev.secretkit.spi.SecretStore;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store's seams to the wire and the file system: the HTTP client it gives the driver forwards everything
 * and keeps the last answer per thread; the TLS files and credential files it reads are refused with
 * messages that name them.
 */
class VaultTransportTest {
  @TempDir
  Path directory;

  @Test
  void theRecordingClient_forwardsItsSettings_andKeepsTheLastAnswerUntilTaken() throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(3))
        .build();
    RecordingHttpClient recording = new RecordingHttpClient(http);

    assertThat(recording.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
    assertThat(recording.connectTimeout()).contains(Duration.ofSeconds(3));
    assertThat(recording.followRedirects()).isEqualTo(http.followRedirects());
    assertThat(recording.cookieHandler()).isEqualTo(http.cookieHandler());
    assertThat(recording.proxy()).isEqualTo(http.proxy());
    assertThat(recording.sslContext()).isSameAs(http.sslContext());
    assertThat(recording.sslParameters().getProtocols()).isEqualTo(http.sslParameters().getProtocols());
    assertThat(recording.authenticator()).isEqualTo(http.authenticator());
    assertThat(recording.executor()).isEqualTo(http.executor());
    assertThat(recording).hasToString("RecordingHttpClient[HTTP_1_1]");
    try (VaultEmulator vault = new VaultEmulator(new ManualClock()).start()) {
      HttpRequest health = HttpRequest.newBuilder(vault.address().resolve("/v1/sys/health")).build();
      assertThat(recording.sendAsync(health, HttpResponse.BodyHandlers.ofString()).get().statusCode()).isEqualTo(200);
      assertThat(recording.sendAsync(health, HttpResponse.BodyHandlers.ofString(), null).get().statusCode())
          .isEqualTo(200);
      assertThat(recording.take()).as("asynchronous calls are not the driver's").isEmpty();
      recording.send(health, HttpResponse.BodyHandlers.ofString());
      assertThat(recording.take()).hasValueSatisfying(exchange -> assertThat(exchange.status()).isEqualTo(200));
      assertThat(recording.take()).as("taken once").isEmpty();
    }
  }

  @Test
  void skipVerify_trustsEveryChain() {
    VaultTls.TrustingEverything trust = new VaultTls.TrustingEverything();
    X509Certificate[] none = new X509Certificate[0];

    assertThatCode(() -> {
      trust.checkServerTrusted(none, "EC");
      trust.checkServerTrusted(none, "EC", (java.net.Socket) null);
      trust.checkClientTrusted(none, "EC");
      trust.checkClientTrusted(none, "EC", (java.net.Socket) null);
      trust.checkClientTrusted(none, "EC", (javax.net.ssl.SSLEngine) null);
    }).doesNotThrowAnyException();
    assertThat(trust.getAcceptedIssuers()).isEmpty();
  }

  @Test
  void tlsFiles_thatHoldNothingUsable_areRefusedNamingTheFile() throws Exception {
    Path empty = Files.writeString(directory.resolve("empty.pem"), "");
    Path truncated = Files.writeString(directory.resolve("truncated.pem"), "-----BEGIN PRIVATE KEY-----\nAAAA\n");
    KeyPairGenerator dsa = KeyPairGenerator.getInstance("DSA");
    dsa.initialize(2048);
    Path dsaKey = Files.writeString(directory.resolve("dsa.pem"), "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder().encodeToString(dsa.generateKeyPair().getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n");
    Path cert = TestCertificates.forLoopback().clientPem;

    assertThat(catchThrowable(() -> VaultTls.context(new VaultSettings.TlsFiles(empty, null, null, false))))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("VAULT_CACERT names " + empty
            + ", which holds no certificate");
    assertThat(catchThrowable(() -> VaultTls.context(new VaultSettings.TlsFiles(null, cert, truncated, false))))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("holds no unencrypted PKCS#8 or RSA");
    assertThat(catchThrowable(() -> VaultTls.context(new VaultSettings.TlsFiles(null, cert, dsaKey, false))))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("whose key is not an RSA, EC or EdDSA key");
  }

  @Test
  void aTokenFileThatIsEmptyOrUnreadable_isACredentialsError_namingIt() throws Exception {
    Files.writeString(directory.resolve(".vault-token"), "\n");
    Path unreadable = Files.createDirectories(directory.resolve("home-with-a-folder").resolve(".vault-token"));

    Throwable empty = catchThrowable(() -> open(directory));
    Throwable folder = catchThrowable(() -> open(unreadable.getParent()));

    assertThat(empty).isInstanceOf(CredentialsException.class).hasMessageContaining(directory.resolve(".vault-token")
        + " is empty, but should hold a Vault token");
    assertThat(folder).isInstanceOf(CredentialsException.class).hasMessageContaining("cannot read a Vault token for"
        + " store").hasMessageContaining("from " + unreadable);
  }

  private static void open(Path home) {
    try (SecretStore store = TestStores.open("vault://127.0.0.1:1/secret?tls=false", Map.of("HOME", home.toString()),
        new ManualClock())) {
      store.description();
    }
  }
}
