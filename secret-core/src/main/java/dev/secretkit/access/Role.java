package dev.secretkit.access;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** A tenant role a principal may hold, as DataOS names them; each role's rights are in this package's overview. */
public enum Role {
  /** May create secrets, and update, delete and manage access to any secret in the tenant. */
  TENANT_ADMIN("tenant-admin"),
  /** May create secrets. */
  DATA_ADMIN("data-admin"),
  /** May create secrets. */
  DATA_DEVELOPER("data-developer"),
  /** Runs the platform; holds no right over secrets without a grant. */
  OPERATOR("operator");

  private final String label;

  Role(String label) {
    this.label = label;
  }

  /** Returns the name used in manifests, CLI options and messages, such as {@code tenant-admin}. */
  public String label() {
    return label;
  }

  /** Returns the role with the given label, ignoring case, or empty. */
  public static Optional<Role> fromLabel(String label) {
    return Arrays.stream(values()).filter(r -> r.label.equals(label.toLowerCase(Locale.ROOT))).findFirst();
  }

  @Override
  public String toString() {
    return label;
  }
}
