package dev.secretkit.access;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Who is acting: an id, the roles it holds, and whether it is the single local user who holds
 * every right.
 *
 * <p>A client with no principal configured acts as {@link #localUser(String)}: the embedded and
 * test default, for which every check passes. Ids are 1 to 128 characters without whitespace or
 * control characters. Instances are immutable.
 *
 * @param id the principal's id, such as {@code iamgroot} or {@code users:id:iamgroot}
 * @param roles the roles held
 * @param unrestricted whether this is the local user, who holds every right
 */
public record Principal(String id, Set<Role> roles, boolean unrestricted) {
  private static final Pattern ID = Pattern.compile("[^\\s\\p{Cntrl}]{1,128}");

  /** Checks the id and copies the roles. */
  public Principal {
    checkId(id);
    roles = Set.copyOf(roles.isEmpty() ? EnumSet.noneOf(Role.class) : EnumSet.copyOf(roles));
  }

  /** Returns a principal with the given id and roles, restricted by the access rules (this package's overview). */
  public static Principal of(String id, Set<Role> roles) {
    return new Principal(id, roles, false);
  }

  /** Returns a principal with the given id and roles, restricted by the access rules (this package's overview). */
  public static Principal of(String id, Role... roles) {
    return new Principal(id, Set.of(roles), false);
  }

  /** Returns the single local user with every right, named {@code id}. */
  public static Principal localUser(String id) {
    return new Principal(id, EnumSet.allOf(Role.class), true);
  }

  /** Returns whether this principal holds {@code role}. */
  public boolean has(Role role) {
    return roles.contains(role);
  }

  /**
   * Checks a principal id.
   *
   * @throws IllegalArgumentException if it is empty, longer than 128 characters, or holds
   *     whitespace or control characters
   */
  public static String checkId(String id) {
    Objects.requireNonNull(id, "principal id");
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "invalid principal id: expected 1 to 128 characters without whitespace or control characters");
    }
    return id;
  }

  /** Returns the id and roles, such as {@code alice (data-developer)}. */
  @Override
  public String toString() {
    if (unrestricted) {
      return id + " (local user)";
    }
    return id + " (" + (roles.isEmpty() ? "no roles"
        : roles.stream().sorted().map(Role::label).collect(Collectors.joining(", "))) + ")";
  }
}
