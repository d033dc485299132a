package dev.secretkit.store.file;

import dev.secretkit.ConfigurationException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The master keys a store may open records with, the first of which seals new ones: one key, or
 * during and after a rotation the new key followed by the keys it replaces.
 *
 * <p>As text, a ring is one key per line or per word, each 32 bytes in base64; blank lines and
 * lines starting with {@code #} are ignored.
 */
final class KeyRing {
  static final String HOW_TO_MAKE = "one or more keys of 32 random bytes in base64 (44 characters each, the first"
      + " sealing new records), such as the output of 'openssl rand -base64 32'";

  private final List<MasterKey> keys;
  private final String source;

  KeyRing(List<MasterKey> keys, String source) {
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("a key ring holds at least one key");
    }
    this.keys = List.copyOf(keys);
    this.source = source;
  }

  /**
   * Reads the ring in {@code text}, from {@code source} (for messages), and wipes nothing: the caller owns the text.
   *
   * @throws ConfigurationException if it holds no key or anything but keys; the message never repeats it
   */
  static KeyRing parse(byte[] text, String source, String store) {
    List<MasterKey> keys = new ArrayList<>();
    int start = 0;
    boolean comment = false;
    boolean lineStart = true;
    for (int i = 0; i <= text.length; i++) {
      byte b = i < text.length ? text[i] : (byte) '\n';
      if (lineStart && b == '#') {
        comment = true;
      }
      boolean separator = b == '\n' || b == '\r' || b == ' ' || b == '\t' || b == ',';
      if (separator) {
        if (!comment && i > start && !add(keys, Arrays.copyOfRange(text, start, i))) {
          throw malformed(source, store);
        }
        start = i + 1;
        if (b == '\n' || b == '\r') {
          comment = false;
          lineStart = true;
        }
      } else {
        lineStart = false;
      }
    }
    if (keys.isEmpty()) {
      throw malformed(source, store);
    }
    return new KeyRing(keys, source);
  }

  private static boolean add(List<MasterKey> keys, byte[] word) {
    try {
      byte[] bytes = Base64.getDecoder().decode(word);
      try {
        if (bytes.length != MasterKey.LENGTH) {
          return false;
        }
        keys.add(new MasterKey(bytes));
        return true;
      } finally {
        Arrays.fill(bytes, (byte) 0);
      }
    } catch (IllegalArgumentException e) {
      return false;
    } finally {
      Arrays.fill(word, (byte) 0);
    }
  }

  private static ConfigurationException malformed(String source, String store) {
    return new ConfigurationException("cannot open store " + store + ": " + source + " is not a valid master key;"
        + " it must hold " + HOW_TO_MAKE);
  }

  /** Returns the key that seals new records. */
  MasterKey current() {
    return keys.get(0);
  }

  /** Returns every key, the current one first. */
  List<MasterKey> keys() {
    return keys;
  }

  /** Returns the key whose format-2 id is {@code id}. */
  Optional<MasterKey> byId(byte[] id) {
    return keys.stream().filter(key -> MessageDigest.isEqual(key.id(), id)).findFirst();
  }

  /** Returns the key whose format-1 id is {@code id}. */
  Optional<MasterKey> byLegacyId(byte[] id) {
    return keys.stream().filter(key -> MessageDigest.isEqual(key.legacyId(), id)).findFirst();
  }

  /** Returns where the keys came from, for messages: never a key. */
  String source() {
    return source;
  }

  /** Returns a ring of {@code first} followed by the keys of this one that are not it, as a rotation writes it. */
  KeyRing withCurrent(MasterKey first) {
    List<MasterKey> next = new ArrayList<>();
    next.add(first);
    keys.stream().filter(key -> !MessageDigest.isEqual(key.id(), first.id())).forEach(next::add);
    return new KeyRing(next, source);
  }

  /** Returns a ring of the current key alone, as a finished rotation leaves it. */
  KeyRing currentOnly() {
    return new KeyRing(List.of(current()), source);
  }

  /** Returns the ring as key-file text, one key per line; the caller wipes it. */
  byte[] text() {
    int line = Base64.getEncoder().encode(new byte[MasterKey.LENGTH]).length + 1;
    byte[] text = new byte[keys.size() * line];
    for (int i = 0; i < keys.size(); i++) {
      byte[] raw = keys.get(i).legacyKey().getEncoded();
      byte[] encoded = Base64.getEncoder().encode(raw);
      System.arraycopy(encoded, 0, text, i * line, encoded.length);
      text[i * line + encoded.length] = '\n';
      Arrays.fill(raw, (byte) 0);
      Arrays.fill(encoded, (byte) 0);
    }
    return text;
  }

  @Override
  public String toString() {
    return "KeyRing[" + keys.size() + " keys from " + source + "]";
  }
}
