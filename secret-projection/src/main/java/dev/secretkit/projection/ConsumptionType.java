package dev.secretkit.projection;

import java.util.Arrays;
import java.util.Optional;

/** How a V1 {@code dataosSecrets} entry delivers its keys, as its {@code consumptionType} names it. */
public enum ConsumptionType {
  /** One environment variable per key, named as the key. The default. */
  ENV_VARS("envVars"),
  /**
   * One {@code <secret>.properties} file holding the keys from {@code data:}; each key from
   * {@code files:} is a file of its own named {@code <secret>_<file name>}.
   */
  PROP_FILE("propFile"),
  /** One file per key, named as the key; a key from {@code files:} is named {@code <secret>_<file name>}. */
  FILE("file");

  private final String manifestName;

  ConsumptionType(String manifestName) {
    this.manifestName = manifestName;
  }

  /** Returns the name a manifest uses: {@code envVars}, {@code propFile} or {@code file}. */
  public String manifestName() {
    return manifestName;
  }

  /**
   * Returns the type a manifest names with {@code name}; {@code propfile}, as one DataOS syntax
   * comment spells it, is {@link #PROP_FILE} too. Empty for anything else.
   */
  public static Optional<ConsumptionType> fromManifestName(String name) {
    if ("propfile".equals(name)) {
      return Optional.of(PROP_FILE);
    }
    return Arrays.stream(values()).filter(type -> type.manifestName.equals(name)).findFirst();
  }
}
