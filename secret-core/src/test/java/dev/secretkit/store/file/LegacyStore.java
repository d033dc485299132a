package dev.secretkit.store.file;

import dev.secretkit.SecretId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** Writes a store as SecretKit wrote it before format 2: key file and key id inside, records holding every version. */
final class LegacyStore {
  private LegacyStore() {
  }

  /** Writes a format-1 store under a new random key. */
  static void write(Path directory, SecretId id, List<String> passwords) throws Exception {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    write(directory, key, id, passwords);
  }

  /** Writes a format-1 store sealed with {@code key}, holding {@code id} with one version per password. */
  static void write(Path directory, byte[] key, SecretId id, List<String> passwords) throws Exception {
    Path scope = Files.createDirectories(directory.resolve("secrets").resolve(id.scope()));
    Path keyFile = directory.resolve("master.key");
    Files.writeString(keyFile, Base64.getEncoder().encodeToString(key) + "\n");
    Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
    MasterKey master = new MasterKey(key);
    Files.writeString(directory.resolve("key.id"), master.legacyIdText() + "\n");
    StringBuilder versions = new StringBuilder();
    for (int i = 0; i < passwords.size(); i++) {
      versions.append(i == 0 ? "" : ",").append("{\"number\":").append(i + 1)
          .append(",\"createdAt\":\"2025-01-02T03:04:05Z\",\"createdBy\":\"alice\",\"values\":{\"password\":\"")
          .append(Base64.getEncoder().encodeToString(passwords.get(i).getBytes(StandardCharsets.UTF_8)))
          .append("\"}}");
    }
    String json = "{\"id\":\"" + id + "\",\"revision\":\"" + HexFormat.of().formatHex(new byte[16]) + "\","
        + "\"metadata\":{\"kind\":\"secret\",\"manifestVersion\":\"v1\",\"secretType\":\"key-value-properties\","
        + "\"acl\":\"r\",\"owner\":\"alice\",\"tags\":[],\"description\":null,\"layer\":null,\"grants\":[],"
        + "\"dependents\":[],\"createdAt\":\"2025-01-02T03:04:05Z\",\"createdBy\":\"alice\","
        + "\"updatedAt\":\"2025-01-02T03:04:05Z\",\"updatedBy\":\"alice\",\"fileNames\":{}},"
        + "\"versionCount\":" + passwords.size() + ",\"firstVersion\":1,\"versions\":[" + versions + "]}";
    byte[] header = new byte[RecordCipher.HEADER_LENGTH];
    System.arraycopy(RecordCipher.MAGIC, 0, header, 0, 4);
    header[4] = RecordCipher.LEGACY_FORMAT;
    System.arraycopy(master.legacyId(), 0, header, 5, MasterKey.ID_LENGTH);
    byte[] nonce = new byte[RecordCipher.NONCE_LENGTH];
    new SecureRandom().nextBytes(nonce);
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(RecordCipher.TAG_BITS, nonce));
    byte[] name = id.toString().getBytes(StandardCharsets.UTF_8);
    byte[] aad = Arrays.copyOf(header, header.length + name.length);
    System.arraycopy(name, 0, aad, header.length, name.length);
    cipher.updateAAD(aad);
    byte[] body = cipher.doFinal(json.getBytes(StandardCharsets.UTF_8));
    byte[] sealed = new byte[header.length + nonce.length + body.length];
    System.arraycopy(header, 0, sealed, 0, header.length);
    System.arraycopy(nonce, 0, sealed, header.length, nonce.length);
    System.arraycopy(body, 0, sealed, header.length + nonce.length, body.length);
    Files.write(scope.resolve(id.name() + ".sk"), sealed);
  }
}
