package dev.secretkit.backend.vault;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
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
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A test CA, and server and client certificates it signs, made with the JDK's keytool once per test JVM in
 * {@code target/test-certificates}: the CA and the certificates as PEM files (as {@code VAULT_CACERT} and
 * {@code VAULT_CLIENT_CERT} name them), the client key as PKCS#8 and PKCS#1 PEM, and the server's TLS context
 * for the emulator. Tests only read them.
 *
 * <p>Keytool runs in this JVM, through its own entry point with the same arguments as on the command line (the
 * surefire configuration opens its package to the tests): seventeen keytool processes, each a JVM start, cost
 * about 5 s of CPU on every build.
 */
final class TestCertificates {
  private static final String PASSWORD = "fake-store-password";
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

  /** Makes the CA, then the three certificates it signs, each a chain of keytool runs. */
  private static TestCertificates make(Path directory) throws Exception {
    TestCertificates made = new TestCertificates(directory);
    keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=SecretKit"
        + " Test CA", "-ext", "bc:c", "-validity", "2", "-keystore", made.file("ca.p12"));
    keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", made.file("ca.p12"), "-file", made.file("ca.pem"));
    made.signed("server", "EC", "CN=127.0.0.1", "SAN=ip:127.0.0.1");
    made.signed("elsewhere", "EC", "CN=192.0.2.1", "SAN=ip:192.0.2.1");
    made.signed("client", "RSA", "CN=secretkit-client", "EKU=clientAuth");
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

  private void signed(String alias, String algorithm, String dname, String extension) throws Exception {
    String store = file(alias + ".p12");
    List<String> keyAlgorithm = algorithm.equals("EC") ? List.of("-keyalg", "EC", "-groupname", "secp256r1")
        : List.of("-keyalg", "RSA", "-keysize", "2048");
    List<String> generate = new ArrayList<>(List.of("-genkeypair", "-alias", alias));
    generate.addAll(keyAlgorithm);
    generate.addAll(List.of("-dname", dname, "-validity", "2", "-keystore", store));
    keytool(generate.toArray(new String[0]));
    keytool("-certreq", "-alias", alias, "-keystore", store, "-file", file(alias + ".csr"));
    keytool("-gencert", "-alias", "ca", "-keystore", file("ca.p12"), "-infile", file(alias + ".csr"), "-outfile",
        file(alias + ".pem"), "-rfc", "-ext", extension, "-validity", "2");
    keytool("-importcert", "-noprompt", "-alias", "ca", "-file", file("ca.pem"), "-keystore", store);
    keytool("-importcert", "-alias", alias, "-file", file(alias + ".pem"), "-keystore", store);
  }

  /** Returns the path of {@code name} in the certificates' directory, for keytool, which runs in this JVM's. */
  private String file(String name) {
    return directory.resolve(name).toString();
  }

  private KeyStore load(String name) throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(directory.resolve(name))) {
      store.load(in, PASSWORD.toCharArray());
    }
    return store;
  }

  /**
   * Runs {@code keytool ARGUMENTS} in this JVM: through {@code sun.security.tools.keytool.Main}'s {@code run}, which
   * throws where the command-line tool prints the error and exits. What keytool prints, on stdout or stderr, is kept
   * for the error message, as a keytool process's output was; the test JVM's own streams are put back after the run.
   */
  private static void keytool(String... arguments) throws Exception {
    List<String> command = new ArrayList<>(List.of(arguments));
    command.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD));
    Class<?> tool = Class.forName("sun.security.tools.keytool.Main");
    Constructor<?> create = tool.getDeclaredConstructor();
    Method run = tool.getDeclaredMethod("run", String[].class, PrintStream.class);
    create.setAccessible(true);
    run.setAccessible(true);
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    PrintStream stdout = System.out;
    PrintStream stderr = System.err;
    try (PrintStream printed = new PrintStream(output, true, StandardCharsets.UTF_8)) {
      System.setOut(printed);
      System.setErr(printed);
      run.invoke(create.newInstance(), command.toArray(new String[0]), printed);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException("keytool " + String.join(" ", arguments) + " failed: "
          + output.toString(StandardCharsets.UTF_8), e.getCause());
    } finally {
      System.setOut(stdout);
      System.setErr(stderr);
    }
  }

  private static String pem(String label, byte[] der) {
    return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + label + "-----\n";
  }
}
