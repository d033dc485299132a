package dev.secretkit;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * A reference to a secret, one of its keys, and optionally a pinned version:
 * {@code [scope:]name[#key][@version]}.
 *
 * <p>Grammar (the README documents the same):
 * <pre>
 *   ref     = [ scope ":" ] name [ "#" key ] [ "@" version ]
 *   scope   = [a-z] ( [-a-z0-9]* [a-z0-9] )?        at most 31 characters
 *   name    = [a-z] ( [-_.a-z0-9]* [a-z0-9] )?      at most 59 characters
 *   key     = [A-Za-z0-9._-]{1,253}
 *   version = [1-9] [0-9]*                          at most 18 digits
 * </pre>
 * {@code #} and {@code @} occur in no name or key, so parsing is unambiguous. Without a scope the
 * client's default scope applies; without a version the latest version is read. The canonical
 * form is the grammar above with nothing added or normalised, so {@code parse(s).toString()}
 * equals {@code s} for every valid {@code s}. Instances are immutable.
 */
public final class SecretRef {
  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9._-]{1,253}");
  private static final Pattern VERSION = Pattern.compile("[1-9][0-9]{0,17}");

  private final String scope;
  private final String name;
  private final String key;
  private final long version;
  /** Computed once: a client's cache looks references up by it on every resolve. */
  private final int hash;

  private SecretRef(String scope, String name, String key, long version) {
    this.scope = scope;
    this.name = name;
    this.key = key;
    this.version = version;
    this.hash = Objects.hash(scope, name, key, version);
  }

  /**
   * Parses a reference.
   *
   * @throws InvalidReferenceException if {@code text} breaks the grammar; the message says which
   *     part and why, but never repeats the text, in case a value was passed by mistake
   */
  public static SecretRef parse(String text) {
    Objects.requireNonNull(text, "text");
    String rest = text;
    long version = 0;
    int at = rest.indexOf('@');
    if (at >= 0) {
      String digits = rest.substring(at + 1);
      if (!VERSION.matcher(digits).matches()) {
        throw invalid("the version after '@' must be a whole number from 1, without leading zeros");
      }
      version = Long.parseLong(digits);
      rest = rest.substring(0, at);
    }
    String key = null;
    int hash = rest.indexOf('#');
    if (hash >= 0) {
      key = rest.substring(hash + 1);
      if (!KEY.matcher(key).matches()) {
        throw invalid("the key after '#' must be 1 to 253 letters, digits, '.', '_' or '-'");
      }
      rest = rest.substring(0, hash);
    }
    String scope = null;
    int colon = rest.indexOf(':');
    if (colon >= 0) {
      scope = shared(rest.substring(0, colon));
      rest = rest.substring(colon + 1);
      if (!isValid(scope, true)) {
        throw invalid("the scope before ':' must be lower-case letters, digits and '-', starting with a letter,"
            + " at most " + SecretId.MAX_SCOPE_LENGTH + " characters");
      }
    }
    if (!isValid(rest, false)) {
      throw invalid("the name must be lower-case letters, digits, '-', '_' and '.', starting with a letter and"
          + " ending with a letter or digit, at most " + SecretId.MAX_NAME_LENGTH + " characters");
    }
    return new SecretRef(scope, rest, key, version);
  }

  /** Returns a reference to every key of the latest version of {@code id}. */
  public static SecretRef to(SecretId id) {
    return new SecretRef(id.scope(), id.name(), null, 0);
  }

  /**
   * Returns a reference to {@code key} of the latest version of {@code id}.
   *
   * @throws InvalidReferenceException if {@code key} is not a valid key
   */
  public static SecretRef to(SecretId id, String key) {
    if (!KEY.matcher(Objects.requireNonNull(key, "key")).matches()) {
      throw invalid("the key must be 1 to 253 letters, digits, '.', '_' or '-'");
    }
    return new SecretRef(id.scope(), id.name(), key, 0);
  }

  /**
   * Returns this reference pinned to {@code version}.
   *
   * @throws InvalidReferenceException if {@code version} is below 1
   */
  public SecretRef atVersion(long version) {
    if (version < 1) {
      throw new InvalidReferenceException("versions start at 1");
    }
    return new SecretRef(scope, name, key, version);
  }

  /** Returns the scope, or empty when the reference leaves it to the client's default. */
  public Optional<String> scope() {
    return Optional.ofNullable(scope);
  }

  /** Returns the secret's name. */
  public String name() {
    return name;
  }

  /** Returns the key, or empty when the reference is to the whole secret. */
  public Optional<String> key() {
    return Optional.ofNullable(key);
  }

  /** Returns the pinned version, or empty for the latest. */
  public OptionalLong version() {
    return version == 0 ? OptionalLong.empty() : OptionalLong.of(version);
  }

  /** Returns the secret's id, using {@code defaultScope} when the reference has no scope. */
  public SecretId id(String defaultScope) {
    return new SecretId(scope != null ? scope : defaultScope, name);
  }

  /** Returns this reference with {@code defaultScope} filled in when it had no scope. */
  public SecretRef withDefaultScope(String defaultScope) {
    return scope != null ? this : new SecretRef(SecretId.checkScope(defaultScope), name, key, version);
  }

  /** Returns the canonical form, {@code [scope:]name[#key][@version]}. */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder();
    if (scope != null) {
      text.append(scope).append(':');
    }
    text.append(name);
    if (key != null) {
      text.append('#').append(key);
    }
    if (version != 0) {
      text.append('@').append(version);
    }
    return text.toString();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SecretRef that
        && hash == that.hash
        && Objects.equals(scope, that.scope)
        && name.equals(that.name)
        && Objects.equals(key, that.key)
        && version == that.version;
  }

  @Override
  public int hashCode() {
    return hash;
  }

  /** Returns the constant for the scopes most references name, so that cached references do not each hold a copy. */
  private static String shared(String scope) {
    return scope.equals(SecretId.DEFAULT_SCOPE) ? SecretId.DEFAULT_SCOPE
        : scope.equals(SecretId.INSTANCE_SCOPE) ? SecretId.INSTANCE_SCOPE : scope;
  }

  private static boolean isValid(String part, boolean scope) {
    try {
      if (scope) {
        SecretId.checkScope(part);
      } else {
        SecretId.checkName(part);
      }
      return true;
    } catch (InvalidReferenceException e) {
      return false;
    }
  }

  private static InvalidReferenceException invalid(String why) {
    return new InvalidReferenceException("invalid secret reference: " + why
        + "; expected [scope:]name[#key][@version], for example public:pg-r#password@2");
  }
}
