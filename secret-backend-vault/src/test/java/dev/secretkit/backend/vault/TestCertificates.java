package dev.secretkit.backend.vault;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A test CA, and server and client certificates it signs, made with the JDK's keytool once per test JVM in
 * {@code target/test-certificates}: the CA and the certificates as PEM files (as {@code VAULT_CACERT} and
 * {@code VAULT_CLIENT_CERT} name them), the client key as PKCS#8 and PKCS#1 PEM, and the server's TLS context
 * for the emulator. Tests only read them.
 */
final class TestCertificates {
  private static final String PASSWORD = "fake-store-password";
  /** Keytool runs seconds, not hours: C1 only and the serial collector, as the test JVMs themselves. */
  private static final List<String> KEYTOOL_JVM = List.of("-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC");
  private static TestCertificates forLoopback;

  final Path caPem;
  final Path clientPem;
  final Path clientKeyPkcs8;
  final Path clientKeyPkcs1;
  private final Path directory;

  private TestCertificates(Path directory) {
    this.directory = directory;
    this.caPem = directory.resolve("ca.pem");
    this.clientPem = directory.resolve("client.pem");
    this.clientKeyPkcs8 = directory.resolve("client-key.pem");
    this.clientKeyPkcs1 = directory.resolve("client-rsa-key.pem");
  }

  /**
   * Returns the CA, a server certificate for 127.0.0.1 ({@code server}), one for another address
   * ({@code elsewhere}) and a client certificate, made on the first call in this JVM.
   */
  static synchronized TestCertificates forLoopback() throws Exception {
    if (forLoopback == null) {
      Path directory = Path.of("target", "test-certificates").toAbsolutePath();
      if (Files.exists(directory)) {
        try (Stream<Path> old = Files.walk(directory)) {
          old.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
      }
      forLoopback = make(Files.createDirectories(directory));
    }
    return forLoopback;
  }

  /** Makes the CA, then the three certificates it signs side by side, each its own chain of keytool runs. */
  private static TestCertificates make(Path directory) throws Exception {
    TestCertificates made = new TestCertificates(directory);
    made.keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=SecretKit"
        + " Test CA", "-ext", "bc:c", "-validity", "2", "-keystore", "ca.p12");
    made.keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", "ca.p12", "-file", "ca.pem");
    List<Callable<Void>> signings = List.of(
        () -> made.signed("server", "EC", "CN=127.0.0.1", "SAN=ip:127.0.0.1"),
        () -> made.signed("elsewhere", "EC", "CN=192.0.2.1", "SAN=ip:192.0.2.1"),
        () -> made.signed("client", "RSA", "CN=secretkit-client", "EKU=clientAuth"));
    ExecutorService threads = Executors.newFixedThreadPool(signings.size());
    try {
      for (Future<Void> signing : threads.invokeAll(signings)) {
        signing.get();
      }
    } finally {
      threads.shutdownNow();
    }
    KeyStore client = made.load("client.p12");
    PrivateKey key = (PrivateKey) client.getKey("client", PASSWORD.toCharArray());
    byte[] pkcs8 = key.getEncoded();
    Files.writeString(made.clientKeyPkcs8, pem("PRIVATE KEY", pkcs8));
    // An RSA PKCS#8 key is its PKCS#1 key after a 26-byte header (two-byte lengths, rsaEncryption).
    Files.writeString(made.clientKeyPkcs1, pem("RSA PRIVATE KEY", Arrays.copyOfRange(pkcs8, 26, pkcs8.length)));
    return made;
  }

  /**
   * Returns a TLS context for the emulator: the key and certificate of {@code server} ({@code server} or
   * {@code elsewhere}), and the CA to check client certificates.
   */
  SSLContext serverContext(String server) throws Exception {
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(load(server + ".p12"), PASSWORD.toCharArray());
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(load("ca.p12"));
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
    return context;
  }

  private Void signed(String alias, String algorithm, String dname, String extension) throws Exception {
    String store = alias + ".p12";
    List<String> keyAlgorithm = algorithm.equals("EC") ? List.of("-keyalg", "EC", "-groupname", "secp256r1")
        : List.of("-keyalg", "RSA", "-keysize", "2048");
    List<String> generate = new ArrayList<>(List.of("-genkeypair", "-alias", alias));
    generate.addAll(keyAlgorithm);
    generate.addAll(List.of("-dname", dname, "-validity", "2", "-keystore", store));
    keytool(generate.toArray(new String[0]));
    keytool("-certreq", "-alias", alias, "-keystore", store, "-file", alias + ".csr");
    keytool("-gencert", "-alias", "ca", "-keystore", "ca.p12", "-infile", alias + ".csr", "-outfile", alias + ".pem",
        "-rfc", "-ext", extension, "-validity", "2");
    keytool("-importcert", "-noprompt", "-alias", "ca", "-file", "ca.pem", "-keystore", store);
    keytool("-importcert", "-alias", alias, "-file", alias + ".pem", "-keystore", store);
    return null;
  }

  private KeyStore load(String name) throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(directory.resolve(name))) {
      store.load(in, PASSWORD.toCharArray());
    }
    return store;
  }

  private void keytool(String... arguments) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool")
        .toString()));
    command.addAll(KEYTOOL_JVM);
    command.addAll(List.of(arguments));
    command.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD));
    Process keytool = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
    String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (keytool.waitFor() != 0) {
      throw new IllegalStateException("keytool " + String.join(" ", arguments) + " failed: " + output);
    }
  }

  private static String pem(String label, byte[] der) {
    return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + label + "-----\n";
  }
}
