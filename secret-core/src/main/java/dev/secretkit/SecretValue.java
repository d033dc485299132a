package dev.secretkit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;

/**
 * A secret's bytes, which never appear in {@link #toString()} and can be wiped with {@link #destroy()}.
 *
 * <p>Values from a manifest's {@code data} are the UTF-8 bytes of the exact text written in the
 * file; values from {@code files} are the file's bytes, which may be binary. Equality compares
 * contents in constant time. Instances are thread-safe; after {@code destroy()} every accessor
 * throws {@link IllegalStateException}.
 */
public final class SecretValue {
  private final byte[] bytes;
  private volatile boolean destroyed;

  private SecretValue(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * Returns a value holding a copy of {@code bytes}.
   *
   * @throws NullPointerException if {@code bytes} is null
   */
  public static SecretValue ofBytes(byte[] bytes) {
    return new SecretValue(Objects.requireNonNull(bytes, "bytes").clone());
  }

  /**
   * Returns a value holding the UTF-8 encoding of {@code text}.
   *
   * @throws NullPointerException if {@code text} is null
   */
  public static SecretValue ofString(String text) {
    return new SecretValue(Objects.requireNonNull(text, "text").getBytes(StandardCharsets.UTF_8));
  }

  /** Returns a copy of the bytes. */
  public byte[] bytes() {
    checkLive();
    return bytes.clone();
  }

  /** Returns the bytes decoded as UTF-8 (malformed input is replaced, never thrown). */
  public String asString() {
    checkLive();
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** Returns the number of bytes. */
  public int length() {
    checkLive();
    return bytes.length;
  }

  /** Overwrites the bytes with zeros; the value is unusable afterwards. */
  public void destroy() {
    destroyed = true;
    Arrays.fill(bytes, (byte) 0);
  }

  /** Returns whether {@link #destroy()} was called. */
  public boolean isDestroyed() {
    return destroyed;
  }

  private void checkLive() {
    if (destroyed) {
      throw new IllegalStateException("secret value was destroyed");
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SecretValue that
        && !destroyed
        && !that.destroyed
        && MessageDigest.isEqual(bytes, that.bytes);
  }

  @Override
  public int hashCode() {
    return bytes.length;
  }

  /** Returns a fixed redacted text; the value is never part of it. */
  @Override
  public String toString() {
    return "SecretValue[redacted]";
  }
}
