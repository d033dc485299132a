package dev.secretkit.projection;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One V1 {@code dataosSecrets} entry: a secret, the keys taken from it, and how they are delivered.
 *
 * <p>{@code allKeys} takes every key; otherwise the union of {@code key} and {@code keys}, here
 * {@link #keys()}, in the order written. An entry without a workspace uses the consumer's.
 *
 * @param name the secret's name
 * @param workspace the secret's workspace (its scope); empty for the consumer's
 * @param keys the keys taken when {@code allKeys} is false; not empty then
 * @param allKeys whether every key is taken
 * @param consumptionType how the keys are delivered
 * @param location where the entry was written
 */
public record DataosSecret(String name, Optional<String> workspace, List<String> keys, boolean allKeys,
    ConsumptionType consumptionType, Location location) {

  /** Copies the list and checks that keys are chosen, by {@code allKeys} or by name. */
  public DataosSecret {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(workspace, "workspace");
    keys = List.copyOf(keys);
    Objects.requireNonNull(consumptionType, "consumptionType");
    Objects.requireNonNull(location, "location");
    if (!allKeys && keys.isEmpty()) {
      throw new IllegalArgumentException("an entry takes every key or names some");
    }
  }

  /** Returns an entry in code that takes every key of {@code name} as {@code type}. */
  public static DataosSecret allKeys(String name, ConsumptionType type) {
    return new DataosSecret(name, Optional.empty(), List.of(), true, type, Location.inCode("dataosSecrets"));
  }

  /** Returns an entry in code that takes {@code keys} of {@code name} as {@code type}. */
  public static DataosSecret keys(String name, ConsumptionType type, String... keys) {
    return new DataosSecret(name, Optional.empty(), List.of(keys), false, type, Location.inCode("dataosSecrets"));
  }
}
