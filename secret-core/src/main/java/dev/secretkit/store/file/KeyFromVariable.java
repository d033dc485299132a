package dev.secretkit.store.file;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** The key ring in an environment variable. */
record KeyFromVariable(String value) implements KeySource {
  @Override
  public String describe() {
    return "environment variable " + KeySource.VARIABLE;
  }

  @Override
  public KeyRing load(String store) {
    byte[] text = value.getBytes(StandardCharsets.US_ASCII);
    try {
      return KeyRing.parse(text, describe(), store);
    } finally {
      Arrays.fill(text, (byte) 0);
    }
  }

  @Override
  public String toString() {
    return "KeyFromVariable[" + KeySource.VARIABLE + "]";
  }
}
