package dev.secretkit.spi;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What a store can do beyond the {@link SecretStore} contract's minimum: a set of
 * {@link Capability} flags and how many versions of a secret it keeps.
 *
 * <p>Made with {@link #of}, immutable, and able to grow without breaking stores built against it.
 */
public final class StoreCapabilities {
  private final Set<Capability> capabilities;
  private final int versionsRetained;

  private StoreCapabilities(Set<Capability> capabilities, int versionsRetained) {
    this.capabilities = capabilities;
    this.versionsRetained = versionsRetained;
  }

  /**
   * Returns the capabilities of a store.
   *
   * @param versionsRetained how many versions per secret are kept, or 0 when every version is
   * @param capabilities what the store can do
   * @throws IllegalArgumentException if {@code versionsRetained} is negative
   */
  public static StoreCapabilities of(int versionsRetained, Capability... capabilities) {
    if (versionsRetained < 0) {
      throw new IllegalArgumentException("versionsRetained must not be negative");
    }
    EnumSet<Capability> set = EnumSet.noneOf(Capability.class);
    for (Capability capability : capabilities) {
      set.add(Objects.requireNonNull(capability, "capability"));
    }
    return new StoreCapabilities(Collections.unmodifiableSet(set), versionsRetained);
  }

  /** Returns whether the store has {@code capability}. */
  public boolean has(Capability capability) {
    return capabilities.contains(capability);
  }

  /** Returns every capability the store has. */
  public Set<Capability> all() {
    return capabilities;
  }

  /** Returns whether secrets outlive the store's process: {@link Capability#PERSISTENT}. */
  public boolean persistent() {
    return has(Capability.PERSISTENT);
  }

  /** Returns whether each version records its author: {@link Capability#VERSION_AUTHORS}. */
  public boolean versionAuthors() {
    return has(Capability.VERSION_AUTHORS);
  }

  /** Returns how many versions per secret are kept, or 0 when every version is. */
  public int versionsRetained() {
    return versionsRetained;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof StoreCapabilities that && capabilities.equals(that.capabilities)
        && versionsRetained == that.versionsRetained;
  }

  @Override
  public int hashCode() {
    return Objects.hash(capabilities, versionsRetained);
  }

  @Override
  public String toString() {
    return "StoreCapabilities" + capabilities + ", versionsRetained=" + versionsRetained;
  }
}
