package dev.secretkit.backend.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.secretkit.ConfigurationException;
import dev.secretkit.SecretId;
import dev.secretkit.SecretMetadata;
import dev.secretkit.SecretValue;
import dev.secretkit.StoreUnavailableException;
import dev.secretkit.emulator.support.ManualClock;
import dev.secretkit.emulator.vault.VaultEmulator;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoreConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS as the vault CLI speaks it, against the emulator serving a certificate from a CA this test makes:
 * {@code VAULT_CACERT} trusts the CA, a client certificate and key (PKCS#8 or PKCS#1) answer a listener that
 * requires one, {@code VAULT_SKIP_VERIFY} trusts anything but says so, and every failure is a configuration
 * error that names the variable or file to fix.
 */
class VaultTlsTest {
  private static final SecretId PG = SecretId.of("public", "pg");
  private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

  @TempDir
  static Path directory;

  private static TestCertificates certificates;
  private VaultEmulator vault;

  @BeforeAll
  static void makeCertificates() throws Exception {
    certificates = TestCertificates.forLoopback();
  }

  @AfterEach
  void stop() {
    vault.close();
  }

  private void start(boolean requireClientCertificate) throws Exception {
    vault = new VaultEmulator(new ManualClock()).start(certificates.serverContext("server"),
        requireClientCertificate);
  }

  private StoreConfig config(Map<String, String> tls) {
    Map<String, String> env = new HashMap<>(tls);
    env.put("VAULT_TOKEN", vault.rootToken());
    return StoreConfig.parse("vault://127.0.0.1:" + vault.address().getPort() + "/secret?maxAttempts=1", env,
        new ManualClock());
  }

  private SecretStore open(Map<String, String> tls) {
    return TestStores.provider().open(config(tls));
  }

  private static void writeAndRead(SecretStore store) {
    store.create(PG, new SecretMetadata("secret", "v1", "key-value", "r", "olivia", List.of(), null, null, List.of(),
        List.of(), T0, "olivia", T0, "olivia"), Map.of("password", SecretValue.ofString("fake-password")));
    assertThat(store.read(PG).orElseThrow().values().get("password").asString()).isEqualTo("fake-password");
  }

  @Test
  void vaultCacert_trustsTheCa_andTheStoreSpeaksHttps() throws Exception {
    start(false);

    try (SecretStore store = open(Map.of("VAULT_CACERT", certificates.caPem.toString()))) {
      writeAndRead(store);
      assertThat(store.description()).doesNotContain("NOT verified");
    }
    assertThat(vault.address().getScheme()).isEqualTo("https");
  }

  @Test
  void withoutTheCa_theHandshakeFails_asAConfigurationErrorNamingVaultCacert() throws Exception {
    start(false);

    Throwable thrown = catchThrowable(() -> open(Map.of()).close());

    assertThat(thrown).isInstanceOf(ConfigurationException.class).hasMessageContaining("the TLS handshake failed")
        .hasMessageContaining("set VAULT_CACERT to that CA's PEM file");
    assertThat(vault.totalCalls()).isZero();
  }

  @Test
  void aCertificateForAnotherHost_isRefused_evenFromTheTrustedCa() throws Exception {
    vault = new VaultEmulator(new ManualClock()).start(certificates.serverContext("elsewhere"), false);

    Throwable thrown = catchThrowable(() -> open(Map.of("VAULT_CACERT", certificates.caPem.toString())).close());

    assertThat(thrown).isInstanceOf(ConfigurationException.class).hasMessageContaining("the TLS handshake failed");
  }

  @Test
  void aListenerThatRequiresClientCertificates_takesAPkcs8OrPkcs1Key() throws Exception {
    start(true);

    for (Path key : List.of(certificates.clientKeyPkcs8, certificates.clientKeyPkcs1)) {
      try (SecretStore store = open(Map.of("VAULT_CACERT", certificates.caPem.toString(), "VAULT_CLIENT_CERT",
          certificates.clientPem.toString(), "VAULT_CLIENT_KEY", key.toString()))) {
        assertThat(store.read(PG)).as("with the key in " + key.getFileName()).isEmpty();
      }
    }
  }

  @Test
  void aListenerThatRequiresClientCertificates_refusesAClientWithout() throws Exception {
    start(true);

    Throwable thrown = catchThrowable(() -> open(Map.of("VAULT_CACERT", certificates.caPem.toString())).close());

    // TLS 1.3 refuses the missing certificate after the handshake, by closing the connection: the same as a
    // connection lost on the way, so it is transient, with a hint.
    assertThat(thrown).isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("(if Vault requires client certificates, set VAULT_CLIENT_CERT and VAULT_CLIENT_KEY)");
  }

  @Test
  void skipVerify_trustsAnyCertificate_saysSoInTheDescription_andWarnsOnce() throws Exception {
    start(false);
    ByteArrayOutputStream warnings = new ByteArrayOutputStream();
    VaultSecretStoreProvider provider = new VaultSecretStoreProvider(TestStores.WAITS::add, () -> 0.5,
        new PrintStream(warnings, true, StandardCharsets.UTF_8));

    try (SecretStore store = provider.open(config(Map.of("VAULT_SKIP_VERIFY", "true")))) {
      writeAndRead(store);
      assertThat(store.description()).endsWith(" (TLS certificate NOT verified: VAULT_SKIP_VERIFY)");
    }
    assertThat(warnings.toString(StandardCharsets.UTF_8)).isEqualTo("secretkit: warning: VAULT_SKIP_VERIFY is set,"
        + " so store vault://127.0.0.1:" + vault.address().getPort() + "/secret?maxAttempts=1 does not verify the TLS"
        + " certificate of https://127.0.0.1:" + vault.address().getPort() + ": anyone on the network path can read"
        + " and change its secrets and its token; set VAULT_CACERT to Vault's CA instead\n");
  }

  @Test
  void unreadableOrWrongFiles_areConfigurationErrors_namingTheVariableAndTheFile() throws Exception {
    start(false);
    Path notPem = Files.writeString(directory.resolve("not.pem"), "not a certificate\n");
    Path missing = directory.resolve("missing.pem");

    assertThat(catchThrowable(() -> open(Map.of("VAULT_CACERT", missing.toString())).close()))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("VAULT_CACERT names " + missing
            + ", which cannot be read");
    assertThat(catchThrowable(() -> open(Map.of("VAULT_CACERT", notPem.toString())).close()))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("VAULT_CACERT names " + notPem);
    assertThat(catchThrowable(() -> open(Map.of("VAULT_CLIENT_CERT", certificates.clientPem.toString(),
        "VAULT_CLIENT_KEY", notPem.toString())).close())).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("VAULT_CLIENT_KEY names " + notPem + ", which holds no unencrypted PKCS#8 or RSA private"
            + " key in PEM; convert it with 'openssl pkcs8 -topk8 -nocrypt");
    assertThat(catchThrowable(() -> open(Map.of("VAULT_CLIENT_CERT", certificates.clientPem.toString(),
        "VAULT_CLIENT_KEY", missing.toString())).close())).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("VAULT_CLIENT_KEY names " + missing + ", which cannot be read");
    assertThat(vault.totalCalls()).isZero();
  }

  @Test
  void plainHttp_ignoresTheTlsVariables() {
    vault = new VaultEmulator(new ManualClock()).start();

    try (SecretStore store = TestStores.open(TestStores.uri(vault, "plain", ""), Map.of("VAULT_TOKEN",
        vault.rootToken(), "VAULT_CACERT", directory.resolve("missing.pem").toString(), "VAULT_SKIP_VERIFY", "1"),
        new ManualClock())) {
      assertThat(store.read(PG)).isEmpty();
      assertThat(store.description()).doesNotContain("NOT verified");
    }
  }
}
