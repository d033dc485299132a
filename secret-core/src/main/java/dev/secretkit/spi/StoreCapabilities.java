package dev.secretkit.spi;

/**
 * What a store can do beyond the {@link SecretStore} contract's minimum.
 *
 * @param persistent whether secrets outlive the store's process
 * @param versionAuthors whether each version records who wrote it
 * @param versionsRetained how many versions per secret are kept, or 0 when every version is
 */
public record StoreCapabilities(boolean persistent, boolean versionAuthors, int versionsRetained) {

  /** Checks that the retention count is not negative. */
  public StoreCapabilities {
    if (versionsRetained < 0) {
      throw new IllegalArgumentException("versionsRetained must not be negative");
    }
  }
}
