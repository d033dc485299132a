package dev.secretkit;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The identity of one secret in a store: its scope and its name, written {@code scope:name}.
 *
 * <p>A scope is a V1 workspace or a V2 tenant; instance secrets live in the reserved scope
 * {@value #INSTANCE_SCOPE}. Scope names match {@code ^[a-z]([-a-z0-9]*[a-z0-9])?$} with at most
 * 31 characters. Names match {@code ^[a-z]([-_.a-z0-9]*[a-z0-9])?$} with at most 59 characters,
 * the widest rule of any manifest version; a manifest's own rules are stricter and are checked by
 * the validator. Instances are immutable.
 *
 * @param scope the scope, such as {@code public}
 * @param name the secret's name within the scope
 */
public record SecretId(String scope, String name) implements Comparable<SecretId> {

  /** The scope that holds every instance secret. */
  public static final String INSTANCE_SCOPE = "instance";
  /** The scope used when neither a manifest nor a caller names one. */
  public static final String DEFAULT_SCOPE = "public";
  /** The longest scope name. */
  public static final int MAX_SCOPE_LENGTH = 31;
  /** The longest secret name. */
  public static final int MAX_NAME_LENGTH = 59;

  private static final Pattern SCOPE = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern NAME = Pattern.compile("[a-z]([-_.a-z0-9]*[a-z0-9])?");

  /**
   * Checks both parts.
   *
   * @throws InvalidReferenceException if the scope or the name breaks its rule
   */
  public SecretId {
    checkScope(scope);
    checkName(name);
  }

  /**
   * Returns the id {@code scope:name}.
   *
   * @throws InvalidReferenceException if the scope or the name breaks its rule
   */
  public static SecretId of(String scope, String name) {
    return new SecretId(scope, name);
  }

  /**
   * Parses {@code scope:name}, such as {@code public:pg-r}: the way to name a secret with a string
   * wherever the API takes a {@code SecretId} ({@code client.describe(SecretId.of("public:pg-r"))}).
   * The scope is required, so that the text names the same secret for every client; for a bare
   * name in a client's default scope, use {@link #parse(String, String)} with
   * {@code client.defaultScope()}.
   *
   * @throws InvalidReferenceException if the text has no scope, or the scope or the name breaks
   *     its rule; the message does not repeat the text
   */
  public static SecretId of(String text) {
    Objects.requireNonNull(text, "text");
    int colon = text.indexOf(':');
    if (colon < 0) {
      throw new InvalidReferenceException("a secret id needs its scope (" + text.length() + " characters, not"
          + " repeated in case it was a value typed by mistake): write scope:name, such as public:pg-r, or use"
          + " SecretId.parse(name, client.defaultScope()) for a bare name");
    }
    return new SecretId(text.substring(0, colon), text.substring(colon + 1));
  }

  /**
   * Parses {@code scope:name}, or a bare {@code name} in {@code defaultScope}.
   *
   * @throws InvalidReferenceException if the text is not an id
   */
  public static SecretId parse(String text, String defaultScope) {
    Objects.requireNonNull(text, "text");
    int colon = text.indexOf(':');
    if (colon < 0) {
      return new SecretId(Objects.requireNonNull(defaultScope, "defaultScope"), text);
    }
    return new SecretId(text.substring(0, colon), text.substring(colon + 1));
  }

  /**
   * Checks a scope name.
   *
   * @throws InvalidReferenceException if it breaks the scope rule; the message does not repeat it
   */
  public static String checkScope(String scope) {
    if (!isScope(scope)) {
      throw new InvalidReferenceException("invalid scope (" + scope.length() + " characters, not repeated in case"
          + " it was a value typed by mistake): expected lower-case letters, digits and '-', starting with a letter,"
          + " at most " + MAX_SCOPE_LENGTH + " characters");
    }
    return scope;
  }

  /**
   * Checks a secret name.
   *
   * @throws InvalidReferenceException if it breaks the name rule; the message does not repeat it
   */
  public static String checkName(String name) {
    if (!isName(name)) {
      throw new InvalidReferenceException("invalid secret name (" + name.length() + " characters, not repeated in"
          + " case it was a value typed by mistake): expected lower-case letters, digits, '-', '_' and '.', starting"
          + " with a letter and ending with a letter or digit, at most " + MAX_NAME_LENGTH + " characters");
    }
    return name;
  }

  /**
   * Returns whether {@code scope} keeps the scope rule: for a store that lists what other tools may
   * also have written next to SecretKit's secrets and skips what SecretKit could not have written.
   */
  public static boolean isScope(String scope) {
    Objects.requireNonNull(scope, "scope");
    return scope.length() <= MAX_SCOPE_LENGTH && SCOPE.matcher(scope).matches();
  }

  /** Returns whether {@code name} keeps the secret name rule; see {@link #isScope}. */
  public static boolean isName(String name) {
    Objects.requireNonNull(name, "name");
    return name.length() <= MAX_NAME_LENGTH && NAME.matcher(name).matches();
  }

  /** Returns whether this is an instance secret's id. */
  public boolean isInstanceSecret() {
    return INSTANCE_SCOPE.equals(scope);
  }

  @Override
  public int compareTo(SecretId other) {
    int byScope = scope.compareTo(other.scope);
    return byScope != 0 ? byScope : name.compareTo(other.name);
  }

  /** Returns {@code scope:name}. */
  @Override
  public String toString() {
    return scope + ':' + name;
  }
}
