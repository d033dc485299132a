package dev.secretkit.spi.support;

import dev.secretkit.SecretValue;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Copies a secret's values, as every store must when it takes or returns them: the SPI says a store
 * never keeps or shares the {@link SecretValue} instances it was given or returned, since their
 * owners may destroy them.
 */
public final class SecretValues {
  private SecretValues() {
  }

  /**
   * Returns fresh copies of {@code values}, in their order.
   *
   * @throws NullPointerException if a key or value is null
   * @throws IllegalStateException if a value was destroyed
   */
  public static Map<String, SecretValue> copy(Map<String, SecretValue> values) {
    Map<String, SecretValue> copy = new LinkedHashMap<>();
    values.forEach((key, value) -> copy.put(Objects.requireNonNull(key, "key"),
        SecretValue.ofBytes(Objects.requireNonNull(value, "value").bytes())));
    return copy;
  }
}
