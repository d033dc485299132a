package dev.secretkit.access;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** A right over one secret that its owner (or a holder of {@link #CAN_MANAGE_ACCESS}) grants to a principal. */
public enum Permission {
  /** Read the secret's values: resolve, project, reveal, or depend on it. */
  CAN_USE("can-use"),
  /** Update or delete the secret. Does not include reading its values. */
  CAN_EDIT("can-edit"),
  /** Grant and revoke permissions on the secret. */
  CAN_MANAGE_ACCESS("can-manage-access");

  private final String label;

  Permission(String label) {
    this.label = label;
  }

  /** Returns the name used in CLI options and messages, such as {@code can-use}. */
  public String label() {
    return label;
  }

  /** Returns the permission with the given label, ignoring case, or empty. */
  public static Optional<Permission> fromLabel(String label) {
    return Arrays.stream(values()).filter(p -> p.label.equals(label.toLowerCase(Locale.ROOT))).findFirst();
  }

  @Override
  public String toString() {
    return label;
  }
}
