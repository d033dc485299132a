package dev.secretkit.access;

/** Something a principal does to a secret, each with the rule that allows it (all rules: the package overview). */
public enum Operation {
  /** Create a secret: needs the {@code tenant-admin}, {@code data-admin} or {@code data-developer} role. */
  CREATE("create", "a tenant-admin, data-admin or data-developer role"),
  /** Read values (resolve, project, reveal) or depend on the secret: needs ownership or {@code can-use}. */
  USE("use", "ownership or a can-use grant"),
  /** Update the secret: needs ownership, {@code can-edit} or {@code tenant-admin}. */
  UPDATE("update", "ownership, a can-edit grant or the tenant-admin role"),
  /** Delete the secret: needs ownership, {@code can-edit} or {@code tenant-admin}. */
  DELETE("delete", "ownership, a can-edit grant or the tenant-admin role"),
  /** Grant or revoke, or change the owner: needs ownership, {@code can-manage-access} or {@code tenant-admin}. */
  MANAGE_ACCESS("manage access to", "ownership, a can-manage-access grant or the tenant-admin role");

  private final String verb;
  private final String requirement;

  Operation(String verb, String requirement) {
    this.verb = verb;
    this.requirement = requirement;
  }

  /** Returns the verb used in denials, such as {@code use}. */
  public String verb() {
    return verb;
  }

  /** Returns what the operation needs, in words, such as {@code ownership or a can-use grant}. */
  public String requirement() {
    return requirement;
  }
}
