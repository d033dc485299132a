package dev.secretkit.store.file;

import dev.secretkit.SecretId;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Seals and opens record files: {@code magic "SKSF" | format 1 | key id (8) | nonce (12) |
 * AES-256-GCM ciphertext with its 128-bit tag}.
 *
 * <p>The additional authenticated data is the 13-byte header followed by the secret's id, so an
 * altered header, a file copied over another secret's, or a different key all fail the tag check.
 * Every seal draws a fresh random nonce.
 */
final class RecordCipher {
  static final byte[] MAGIC = {'S', 'K', 'S', 'F'};
  static final byte FORMAT = 1;
  static final int HEADER_LENGTH = MAGIC.length + 1 + MasterKey.ID_LENGTH;
  static final int NONCE_LENGTH = 12;
  static final int TAG_BITS = 128;
  static final int MIN_LENGTH = HEADER_LENGTH + NONCE_LENGTH + TAG_BITS / 8;

  private final MasterKey key;
  private final SecureRandom random;
  private final byte[] header;

  RecordCipher(MasterKey key, SecureRandom random) {
    this.key = key;
    this.random = random;
    this.header = new byte[HEADER_LENGTH];
    System.arraycopy(MAGIC, 0, header, 0, MAGIC.length);
    header[MAGIC.length] = FORMAT;
    System.arraycopy(key.id(), 0, header, MAGIC.length + 1, MasterKey.ID_LENGTH);
  }

  /** Returns where the key came from, for messages. */
  String keySource() {
    return key.source();
  }

  /** Why a record file cannot be opened; the message never holds any of its content. */
  static final class UnreadableRecordException extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean otherKey;

    UnreadableRecordException(String message, boolean otherKey) {
      super(message);
      this.otherKey = otherKey;
    }

    /** Returns whether the file is intact but sealed with another master key. */
    boolean otherKey() {
      return otherKey;
    }
  }

  byte[] seal(SecretId id, byte[] plaintext, int length) {
    byte[] nonce = MasterKey.randomBytes(random, NONCE_LENGTH);
    try {
      Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce);
      cipher.updateAAD(aad(header, id));
      byte[] sealed = new byte[HEADER_LENGTH + NONCE_LENGTH + cipher.getOutputSize(length)];
      System.arraycopy(header, 0, sealed, 0, HEADER_LENGTH);
      System.arraycopy(nonce, 0, sealed, HEADER_LENGTH, NONCE_LENGTH);
      cipher.doFinal(plaintext, 0, length, sealed, HEADER_LENGTH + NONCE_LENGTH);
      return sealed;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-GCM failed to encrypt", e);
    }
  }

  /** Returns the plaintext of {@code sealed}, which must be {@code id}'s record. */
  byte[] open(SecretId id, byte[] sealed) throws UnreadableRecordException {
    if (sealed.length < MAGIC.length || !Arrays.equals(sealed, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      throw new UnreadableRecordException("it does not start like a SecretKit record", false);
    }
    if (sealed.length < MIN_LENGTH) {
      throw new UnreadableRecordException("it is truncated (" + sealed.length + " bytes; a record has at least "
          + MIN_LENGTH + ")", false);
    }
    if (sealed[MAGIC.length] != FORMAT) {
      throw new UnreadableRecordException("its format version " + (sealed[MAGIC.length] & 0xff)
          + " is unknown (this SecretKit reads version " + FORMAT + "); it was written by a newer SecretKit"
          + " or is damaged", false);
    }
    byte[] fileHeader = Arrays.copyOf(sealed, HEADER_LENGTH);
    if (!MessageDigest.isEqual(fileHeader, header)) {
      // Either another key sealed it, or the key id bytes were damaged: only the tag can tell.
      if (decrypt(id, sealed, header) != null) {
        throw new UnreadableRecordException("its header is damaged (the key id does not match the key"
            + " that sealed it)", false);
      }
      throw new UnreadableRecordException("it was written with a different master key", true);
    }
    byte[] plaintext = decrypt(id, sealed, header);
    if (plaintext == null) {
      throw new UnreadableRecordException("its authentication tag does not match: it was altered, truncated,"
          + " or copied from another secret's file", false);
    }
    return plaintext;
  }

  private byte[] decrypt(SecretId id, byte[] sealed, byte[] expectedHeader) {
    try {
      Cipher cipher = cipher(Cipher.DECRYPT_MODE, Arrays.copyOfRange(sealed, HEADER_LENGTH, HEADER_LENGTH + NONCE_LENGTH));
      cipher.updateAAD(aad(expectedHeader, id));
      return cipher.doFinal(sealed, HEADER_LENGTH + NONCE_LENGTH, sealed.length - HEADER_LENGTH - NONCE_LENGTH);
    } catch (AEADBadTagException e) {
      return null;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-GCM failed to decrypt", e);
    }
  }

  private Cipher cipher(int mode, byte[] nonce) throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(mode, key.key(), new GCMParameterSpec(TAG_BITS, nonce));
    return cipher;
  }

  private static byte[] aad(byte[] header, SecretId id) {
    byte[] name = id.toString().getBytes(StandardCharsets.UTF_8);
    byte[] aad = Arrays.copyOf(header, header.length + name.length);
    System.arraycopy(name, 0, aad, header.length, name.length);
    return aad;
  }
}
