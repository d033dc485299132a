package dev.secretkit.store.file;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HKDF with HMAC-SHA256 (RFC 5869), which derives independent keys for separate purposes from one
 * master key, so that no key serves two algorithms.
 */
final class Hkdf {
  private static final String HMAC = "HmacSHA256";
  private static final int HASH_LENGTH = 32;

  private Hkdf() {
  }

  /** Returns the pseudorandom key of {@code inputKey} under {@code salt} (HKDF-Extract). */
  static byte[] extract(byte[] salt, byte[] inputKey) {
    Mac mac = mac(salt.length == 0 ? new byte[HASH_LENGTH] : salt);
    return mac.doFinal(inputKey);
  }

  /** Returns {@code length} bytes of key for {@code info} from {@code prk} (HKDF-Expand); at most 255 hash lengths. */
  static byte[] expand(byte[] prk, byte[] info, int length) {
    if (length < 1 || length > 255 * HASH_LENGTH) {
      throw new IllegalArgumentException("HKDF-Expand gives 1 to " + 255 * HASH_LENGTH + " bytes, not " + length);
    }
    Mac mac = mac(prk);
    byte[] out = new byte[length];
    byte[] block = new byte[0];
    int done = 0;
    for (int counter = 1; done < length; counter++) {
      mac.update(block);
      mac.update(info);
      mac.update((byte) counter);
      Arrays.fill(block, (byte) 0);
      block = mac.doFinal();
      int take = Math.min(block.length, length - done);
      System.arraycopy(block, 0, out, done, take);
      done += take;
    }
    Arrays.fill(block, (byte) 0);
    return out;
  }

  private static Mac mac(byte[] key) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(new SecretKeySpec(key, HMAC));
      return mac;
    } catch (InvalidKeyException e) {
      throw new IllegalArgumentException("HMAC-SHA256 refused the key", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK lacks HmacSHA256", e);
    }
  }
}
