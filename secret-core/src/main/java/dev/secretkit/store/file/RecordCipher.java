package dev.secretkit.store.file;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals and opens the store's files: {@code magic "SKSF" | format | key id (8) | nonce (12) |
 * AES-256-GCM ciphertext with its 128-bit tag}.
 *
 * <p>Format 2, which every write makes, encrypts with the store's record key, derived from the
 * master key and the store's id ({@link MasterKey#recordKey}), and names the key by its derived id.
 * Format 1, which SecretKit wrote before, encrypted with the master key itself; it is still opened.
 * The additional authenticated data is the 13-byte header followed by the file's context (the
 * secret's id for a record; the id, incarnation and number for a version), so an altered header, a
 * file copied over another's, or a different key all fail the tag check. Every seal draws a fresh
 * random nonce.
 */
final class RecordCipher {
  static final byte[] MAGIC = {'S', 'K', 'S', 'F'};
  static final byte LEGACY_FORMAT = 1;
  static final byte FORMAT = 2;
  static final int HEADER_LENGTH = MAGIC.length + 1 + MasterKey.ID_LENGTH;
  static final int NONCE_LENGTH = 12;
  static final int TAG_BITS = 128;
  static final int MIN_LENGTH = HEADER_LENGTH + NONCE_LENGTH + TAG_BITS / 8;

  private final KeyRing ring;
  private final List<SecretKeySpec> recordKeys;
  private final boolean opensRetired;
  private final SecureRandom random;

  /**
   * Makes the cipher of store {@code storeId} (null while a format-1 store has none: it then only
   * opens), which seals with the ring's current key and opens files sealed with it, and with the
   * ring's other keys only when {@code opensRetired} (while a rotation is under way).
   */
  RecordCipher(KeyRing ring, String storeId, boolean opensRetired, SecureRandom random) {
    this.ring = ring;
    this.opensRetired = opensRetired;
    this.random = random;
    List<SecretKeySpec> keys = new ArrayList<>();
    if (storeId != null) {
      ring.keys().forEach(key -> keys.add(key.recordKey(storeId)));
    }
    this.recordKeys = List.copyOf(keys);
  }

  /** Returns the ring this cipher opens with. */
  KeyRing ring() {
    return ring;
  }

  /** Why a file cannot be opened; the message never holds any of its content. */
  static final class UnreadableRecordException extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean otherKey;

    UnreadableRecordException(String message, boolean otherKey) {
      super(message);
      this.otherKey = otherKey;
    }

    /** Returns whether the file is intact as far as can be told but sealed with a key the ring lacks. */
    boolean otherKey() {
      return otherKey;
    }
  }

  /**
   * Returns {@code length} bytes of {@code plaintext} sealed in format 2 under the current key, for
   * {@code context}.
   */
  byte[] seal(String context, byte[] plaintext, int length) {
    if (recordKeys.isEmpty()) {
      throw new IllegalStateException("a store without an id cannot seal");
    }
    byte[] header = header(FORMAT, ring.current().id());
    byte[] nonce = new byte[NONCE_LENGTH];
    random.nextBytes(nonce);
    try {
      Cipher cipher = cipher(Cipher.ENCRYPT_MODE, recordKeys.get(0), nonce);
      cipher.updateAAD(aad(header, context));
      byte[] sealed = new byte[HEADER_LENGTH + NONCE_LENGTH + cipher.getOutputSize(length)];
      System.arraycopy(header, 0, sealed, 0, HEADER_LENGTH);
      System.arraycopy(nonce, 0, sealed, HEADER_LENGTH, NONCE_LENGTH);
      cipher.doFinal(plaintext, 0, length, sealed, HEADER_LENGTH + NONCE_LENGTH);
      return sealed;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-GCM failed to encrypt", e);
    }
  }

  /** Returns the format of {@code sealed}, which {@link #open} has accepted. */
  static byte format(byte[] sealed) {
    return sealed[MAGIC.length];
  }

  /** Returns the key id in the header of {@code sealed}, which {@link #open} has accepted. */
  static byte[] keyId(byte[] sealed) {
    return Arrays.copyOfRange(sealed, MAGIC.length + 1, HEADER_LENGTH);
  }

  /** Returns the plaintext of {@code sealed}, which must have been sealed for {@code context}. */
  byte[] open(String context, byte[] sealed) throws UnreadableRecordException {
    if (sealed.length < MAGIC.length || !Arrays.equals(sealed, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      throw new UnreadableRecordException("it does not start like a SecretKit record", false);
    }
    if (sealed.length < MIN_LENGTH) {
      throw new UnreadableRecordException("it is truncated (" + sealed.length + " bytes; a record has at least "
          + MIN_LENGTH + ")", false);
    }
    byte format = format(sealed);
    if (format != FORMAT && format != LEGACY_FORMAT) {
      throw new UnreadableRecordException("its format version " + (format & 0xff) + " is unknown (this SecretKit"
          + " reads versions " + LEGACY_FORMAT + " and " + FORMAT + "); it was written by a newer SecretKit or is"
          + " damaged", false);
    }
    byte[] header = Arrays.copyOf(sealed, HEADER_LENGTH);
    byte[] id = keyId(sealed);
    Optional<MasterKey> named = format == FORMAT ? ring.byId(id) : ring.byLegacyId(id);
    if (format == FORMAT && recordKeys.isEmpty()) {
      throw new UnreadableRecordException("it is a format-2 record, but the store file " + StoreInfo.FILE + " that"
          + " names the store's id, from which its key is derived, is missing", false);
    }
    if (named.isPresent() && !opensRetired && named.get() != ring.current()) {
      throw new UnreadableRecordException("it is sealed with a retired master key (key id "
          + (format == FORMAT ? named.get().idText() : named.get().legacyIdText()) + "), but every record was"
          + " re-sealed under the current key when the store's key was rotated: it was copied back from before the"
          + " rotation, or written by someone holding the old key", false);
    }
    if (named.isPresent()) {
      byte[] plaintext = decrypt(sealed, header, keyOf(named.get(), format), context);
      if (plaintext == null) {
        throw new UnreadableRecordException("its authentication tag does not match: it was altered, truncated,"
            + " or copied from another secret's file", false);
      }
      return plaintext;
    }
    // Either a key the ring lacks sealed it, or the key id bytes were damaged: only the tag can tell.
    for (MasterKey key : ring.keys()) {
      byte[] honest = header(format, format == FORMAT ? key.id() : key.legacyId());
      if (decrypt(sealed, honest, keyOf(key, format), context) != null) {
        throw new UnreadableRecordException("its header is damaged (the key id does not match the key that"
            + " sealed it)", false);
      }
    }
    throw new UnreadableRecordException("it was written with a different master key", true);
  }

  private SecretKeySpec keyOf(MasterKey key, byte format) {
    if (format == LEGACY_FORMAT) {
      return key.legacyKey();
    }
    int index = ring.keys().indexOf(key);
    return recordKeys.isEmpty() ? null : recordKeys.get(index);
  }

  private static byte[] decrypt(byte[] sealed, byte[] header, SecretKeySpec key, String context) {
    if (key == null) {
      return null;
    }
    try {
      Cipher cipher = cipher(Cipher.DECRYPT_MODE, key, Arrays.copyOfRange(sealed, HEADER_LENGTH,
          HEADER_LENGTH + NONCE_LENGTH));
      cipher.updateAAD(aad(header, context));
      return cipher.doFinal(sealed, HEADER_LENGTH + NONCE_LENGTH, sealed.length - HEADER_LENGTH - NONCE_LENGTH);
    } catch (AEADBadTagException e) {
      return null;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-GCM failed to decrypt", e);
    }
  }

  private static Cipher cipher(int mode, SecretKeySpec key, byte[] nonce) throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
    return cipher;
  }

  private static byte[] header(byte format, byte[] keyId) {
    byte[] header = new byte[HEADER_LENGTH];
    System.arraycopy(MAGIC, 0, header, 0, MAGIC.length);
    header[MAGIC.length] = format;
    System.arraycopy(keyId, 0, header, MAGIC.length + 1, MasterKey.ID_LENGTH);
    return header;
  }

  private static byte[] aad(byte[] header, String context) {
    byte[] name = context.getBytes(StandardCharsets.UTF_8);
    byte[] aad = Arrays.copyOf(header, header.length + name.length);
    System.arraycopy(name, 0, aad, header.length, name.length);
    return aad;
  }
}
