package dev.secretkit.store.file;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One 256-bit master key and the keys derived from it: never used directly to encrypt (but by
 * format-1 records, which it still opens), it gives each store its record key and every key a
 * public id, through {@link Hkdf} with separate labels.
 */
final class MasterKey {
  static final int LENGTH = 32;
  static final int ID_LENGTH = 8;

  private static final byte[] SALT = "secretkit file store".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] ID_INFO = "secretkit key id".getBytes(StandardCharsets.US_ASCII);
  private static final String RECORD_INFO = "secretkit record encryption ";
  private static final byte[] LEGACY_ID_LABEL = "secretkit key id".getBytes(StandardCharsets.US_ASCII);

  private final byte[] prk;
  private final SecretKeySpec legacyKey;
  private final byte[] id;
  private final byte[] legacyId;

  /** Makes the key of {@code bytes} (32 of them), which it copies; the caller wipes its own. */
  MasterKey(byte[] bytes) {
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException("a master key has " + LENGTH + " bytes");
    }
    this.prk = Hkdf.extract(SALT, bytes);
    this.legacyKey = new SecretKeySpec(bytes, "AES");
    this.id = Hkdf.expand(prk, ID_INFO, ID_LENGTH);
    this.legacyId = legacyIdOf(bytes);
  }

  /** Returns the id of this key in format-2 records and the store file: not secret, and the same in every store. */
  byte[] id() {
    return id.clone();
  }

  /** Returns {@link #id()} in hex, as the store file and messages show it. */
  String idText() {
    return HexFormat.of().formatHex(id);
  }

  /**
   * Returns the id of this key in format-1 records: a truncated HMAC of the key, as SecretKit
   * before format 2 made it.
   */
  byte[] legacyId() {
    return legacyId.clone();
  }

  /** Returns {@link #legacyId()} in hex, as format-1 stores kept it in their key id file. */
  String legacyIdText() {
    return HexFormat.of().formatHex(legacyId);
  }

  /** Returns the AES-256 key that seals the records of store {@code storeId}: derived, so no two stores share one. */
  SecretKeySpec recordKey(String storeId) {
    byte[] key = Hkdf.expand(prk, (RECORD_INFO + storeId).getBytes(StandardCharsets.US_ASCII), LENGTH);
    try {
      return new SecretKeySpec(key, "AES");
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  /** Returns the key that format-1 records were sealed with: the master key itself. */
  SecretKeySpec legacyKey() {
    return legacyKey;
  }

  private static byte[] legacyIdOf(byte[] bytes) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(bytes, "HmacSHA256"));
      return Arrays.copyOf(mac.doFinal(LEGACY_ID_LABEL), ID_LENGTH);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK lacks HmacSHA256", e);
    }
  }

  @Override
  public String toString() {
    return "MasterKey[" + idText() + "]";
  }
}
