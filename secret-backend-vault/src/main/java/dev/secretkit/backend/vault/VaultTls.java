package dev.secretkit.backend.vault;

import dev.secretkit.ConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Builds the TLS context of a store as the {@code vault} CLI does: trust the CA certificates of
 * {@code VAULT_CACERT} (PEM) instead of the JDK's when it is set, present the client certificate and key of
 * {@code VAULT_CLIENT_CERT} and {@code VAULT_CLIENT_KEY} (PEM; a PKCS#8 or PKCS#1 RSA key, unencrypted), and
 * with {@code VAULT_SKIP_VERIFY} trust any certificate for any host. Errors name the variable and the file,
 * never a key's bytes.
 */
final class VaultTls {
  private static final char[] IN_MEMORY = "in-memory".toCharArray();
  /** The DER prefix that wraps a PKCS#1 RSA key into PKCS#8, up to the key's own length and bytes. */
  private static final byte[] RSA_ALGORITHM = {0x02, 0x01, 0x00, 0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48,
      (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};

  private VaultTls() {
  }

  /**
   * Returns the context for {@code tls}.
   *
   * @throws ConfigurationException if a file cannot be read or holds no usable certificate or key
   */
  static SSLContext context(VaultSettings.TlsFiles tls) {
    try {
      TrustManager[] trust = tls.skipVerify() ? new TrustManager[] {new TrustingEverything()}
          : tls.caCert() == null ? null : trustManagers(certificates(tls.caCert(), "VAULT_CACERT"));
      KeyManager[] keys = tls.clientCert() == null ? null : keyManagers(tls.clientCert(), tls.clientKey());
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys, trust, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new ConfigurationException("cannot set up TLS for the vault store: " + e.getClass().getSimpleName(), e);
    }
  }

  private static List<X509Certificate> certificates(Path file, String variable) {
    Collection<? extends Certificate> read;
    try (InputStream in = Files.newInputStream(file)) {
      read = CertificateFactory.getInstance("X.509").generateCertificates(in);
    } catch (IOException e) {
      throw new ConfigurationException(variable + " names " + file + ", which cannot be read ("
          + e.getClass().getSimpleName() + "): point it at a PEM file of certificates", e);
    } catch (CertificateException e) {
      throw new ConfigurationException(variable + " names " + file + ", which holds no readable PEM certificate: point"
          + " it at a file of -----BEGIN CERTIFICATE----- blocks", e);
    }
    List<X509Certificate> certificates = new ArrayList<>();
    read.forEach(certificate -> certificates.add((X509Certificate) certificate));
    if (certificates.isEmpty()) {
      throw new ConfigurationException(variable + " names " + file + ", which holds no certificate: point it at a"
          + " file of -----BEGIN CERTIFICATE----- blocks");
    }
    return certificates;
  }

  private static TrustManager[] trustManagers(List<X509Certificate> authorities) throws GeneralSecurityException {
    KeyStore store = emptyStore();
    for (int i = 0; i < authorities.size(); i++) {
      store.setCertificateEntry("ca-" + i, authorities.get(i));
    }
    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    return factory.getTrustManagers();
  }

  private static KeyManager[] keyManagers(Path certFile, Path keyFile) throws GeneralSecurityException {
    List<X509Certificate> chain = certificates(certFile, "VAULT_CLIENT_CERT");
    PrivateKey key = privateKey(keyFile);
    KeyStore store = emptyStore();
    store.setKeyEntry("client", key, IN_MEMORY, chain.toArray(new Certificate[0]));
    KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    factory.init(store, IN_MEMORY);
    return factory.getKeyManagers();
  }

  private static KeyStore emptyStore() throws GeneralSecurityException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try {
      store.load(null, null);
    } catch (IOException e) {
      throw new GeneralSecurityException("an empty key store cannot be made", e);
    }
    return store;
  }

  /** Reads a PEM private key: PKCS#8 ({@code PRIVATE KEY}) of RSA, EC or EdDSA, or PKCS#1 ({@code RSA PRIVATE KEY}). */
  private static PrivateKey privateKey(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new ConfigurationException("VAULT_CLIENT_KEY names " + file + ", which cannot be read ("
          + e.getClass().getSimpleName() + "): point it at the client key's PEM file", e);
    }
    byte[] der = null;
    try {
      if (text.contains("-----BEGIN PRIVATE KEY-----")) {
        der = pem(text, "PRIVATE KEY");
      } else if (text.contains("-----BEGIN RSA PRIVATE KEY-----")) {
        der = pkcs8(pem(text, "RSA PRIVATE KEY"));
      }
    } catch (IllegalArgumentException e) {
      der = null;
    }
    if (der == null) {
      throw new ConfigurationException("VAULT_CLIENT_KEY names " + file + ", which holds no unencrypted PKCS#8 or RSA"
          + " private key in PEM; convert it with 'openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pem'");
    }
    try {
      for (String algorithm : List.of("RSA", "EC", "Ed25519", "Ed448")) {
        try {
          return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException notThisAlgorithm) {
          // Try the next.
        }
      }
    } finally {
      Arrays.fill(der, (byte) 0);
    }
    throw new ConfigurationException("VAULT_CLIENT_KEY names " + file + ", whose key is not an RSA, EC or EdDSA key"
        + " the JDK can read");
  }

  private static byte[] pem(String text, String label) {
    int begin = text.indexOf("-----BEGIN " + label + "-----");
    int end = text.indexOf("-----END " + label + "-----", begin);
    if (end < 0) {
      throw new IllegalArgumentException("no end line");
    }
    String body = text.substring(begin + ("-----BEGIN " + label + "-----").length(), end);
    return Base64.getMimeDecoder().decode(body);
  }

  /** Wraps a PKCS#1 RSA key into PKCS#8: SEQUENCE { version 0, rsaEncryption, OCTET STRING { key } }. */
  private static byte[] pkcs8(byte[] pkcs1) {
    byte[] octets = concat(new byte[] {0x04}, length(pkcs1.length), pkcs1);
    byte[] content = concat(RSA_ALGORITHM, octets, new byte[0]);
    byte[] whole = concat(new byte[] {0x30}, length(content.length), content);
    Arrays.fill(pkcs1, (byte) 0);
    Arrays.fill(octets, (byte) 0);
    Arrays.fill(content, (byte) 0);
    return whole;
  }

  private static byte[] length(int length) {
    if (length < 0x80) {
      return new byte[] {(byte) length};
    }
    if (length < 0x100) {
      return new byte[] {(byte) 0x81, (byte) length};
    }
    if (length < 0x10000) {
      return new byte[] {(byte) 0x82, (byte) (length >> 8), (byte) length};
    }
    return new byte[] {(byte) 0x83, (byte) (length >> 16), (byte) (length >> 8), (byte) length};
  }

  private static byte[] concat(byte[] first, byte[] second, byte[] third) {
    byte[] all = Arrays.copyOf(first, first.length + second.length + third.length);
    System.arraycopy(second, 0, all, first.length, second.length);
    System.arraycopy(third, 0, all, first.length + second.length, third.length);
    return all;
  }

  /** Trusts every certificate for every host: what {@code VAULT_SKIP_VERIFY} asks for, and warns about. */
  static final class TrustingEverything extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
      // Not a server.
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
      // VAULT_SKIP_VERIFY: any certificate, any host.
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
      // Not a server.
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
      // VAULT_SKIP_VERIFY: any certificate, any host.
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
      // Not a server.
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
      // VAULT_SKIP_VERIFY: any certificate, any host.
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
