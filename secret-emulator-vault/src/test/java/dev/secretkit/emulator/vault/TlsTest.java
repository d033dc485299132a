package dev.secretkit.emulator.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretkit.emulator.support.ManualClock;
import io.github.jopenlibs.vault.Vault;
import io.github.jopenlibs.vault.VaultConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS with a key and self-signed certificate this test makes with the JDK's keytool, and client certificates. */
class TlsTest {
  private static final char[] PASSWORD = "fake-store-password".toCharArray();

  @TempDir
  static Path directory;

  private static KeyStore keys;
  private VaultEmulator vault;

  @BeforeAll
  static void makeAKeyFor127001() throws Exception {
    Path store = directory.resolve("emulator.p12");
    Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "emulator", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
        "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
        "-storepass", new String(PASSWORD)).redirectErrorStream(true).start();
    String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(keytool.waitFor()).as(output).isZero();
    keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      keys.load(in, PASSWORD);
    }
  }

  /** Returns a context that trusts the test's certificate, and presents it as its own when {@code withKey}. */
  private static SSLContext context(boolean withKey) throws Exception {
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(keys);
    KeyManagerFactory key = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    key.init(keys, PASSWORD);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(withKey ? key.getKeyManagers() : null, trust.getTrustManagers(), null);
    return context;
  }

  private static HttpClient client(SSLContext context) {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(context).build();
  }

  private int status(HttpClient client) throws IOException, InterruptedException {
    return client.send(HttpRequest.newBuilder(vault.address().resolve("/v1/sys/health")).build(),
        HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  @AfterEach
  void stop() {
    vault.close();
  }

  @Test
  void https_servesTheDriver_throughASharedClientThatTrustsTheCertificate() throws Exception {
    vault = new VaultEmulator(new ManualClock()).start(context(true), false);
    Vault driver = Vault.create(new VaultConfig().address(vault.address().toString()).token(vault.rootToken())
        .engineVersion(2).httpClient(client(context(false))).build(), 2);

    driver.logical().write("secret/app", Map.of("v", "1"));

    assertThat(vault.address().getScheme()).isEqualTo("https");
    assertThat(driver.logical().read("secret/app").getData()).containsEntry("v", "1");
  }

  @Test
  void https_aClientThatDoesNotTrustTheCertificate_failsTheHandshake() throws Exception {
    vault = new VaultEmulator(new ManualClock()).start(context(true), false);

    assertThatThrownBy(() -> status(client(SSLContext.getDefault()))).isInstanceOf(IOException.class);
    assertThat(vault.totalCalls()).isZero();
  }

  @Test
  void https_requiringClientCertificates_refusesAClientWithout_andServesOneWith() throws Exception {
    vault = new VaultEmulator(new ManualClock()).start(context(true), true);

    assertThatThrownBy(() -> status(client(context(false)))).isInstanceOf(IOException.class);
    assertThat(status(client(context(true)))).isEqualTo(200);
  }
}
