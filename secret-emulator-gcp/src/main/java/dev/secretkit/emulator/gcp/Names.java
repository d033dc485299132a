package dev.secretkit.emulator.gcp;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Secret Manager's resource names: {@code projects/P}, {@code projects/P/secrets/S} and
 * {@code projects/P/secrets/S/versions/V}, where P is a project ID or number, S a secret ID of letters, digits,
 * {@code -} and {@code _} (1 to 255, as the {@code secret_id} field's documentation says) and V a version number,
 * {@code latest} or an alias. Regional names ({@code projects/P/locations/L/...}) are not emulated.
 */
final class Names {
  private static final String PROJECT = "([a-z][a-z0-9-]{4,28}[a-z0-9]|[0-9]{1,19})";
  private static final String SECRET_ID = "([A-Za-z0-9_-]{1,255})";
  private static final Pattern PROJECT_NAME = Pattern.compile("projects/" + PROJECT);
  private static final Pattern SECRET_NAME = Pattern.compile("projects/" + PROJECT + "/secrets/" + SECRET_ID);
  private static final Pattern VERSION_NAME = Pattern.compile("projects/" + PROJECT + "/secrets/" + SECRET_ID
      + "/versions/([0-9]{1,18}|[A-Za-z][A-Za-z0-9_-]{0,62})");
  private static final Pattern REGIONAL = Pattern.compile("projects/[^/]+/locations/.*");
  static final Pattern SECRET_ID_PATTERN = Pattern.compile(SECRET_ID);

  /** The version segment that names the most recently created version. */
  static final String LATEST = "latest";

  /** A secret's name: the project as sent (an ID or a number) and the secret ID. */
  record SecretName(String project, String secretId) {
  }

  /** A version's name: the project as sent, the secret ID, and the version segment (a number, latest or an alias). */
  record VersionName(String project, String secretId, String version) {
    SecretName secret() {
      return new SecretName(project, secretId);
    }

    /** Returns whether the version segment is a version number rather than {@code latest} or an alias. */
    boolean numbered() {
      return Character.isDigit(version.charAt(0));
    }
  }

  private Names() {
  }

  /** Returns the project of a {@code parent} such as {@code projects/my-project}. */
  static String project(String parent) {
    Matcher matcher = PROJECT_NAME.matcher(parent);
    if (!matcher.matches()) {
      throw malformed(parent, "parent", "projects/PROJECT, PROJECT a project ID or number");
    }
    return matcher.group(1);
  }

  static SecretName secret(String name, String field) {
    Matcher matcher = SECRET_NAME.matcher(name);
    if (!matcher.matches()) {
      throw malformed(name, field, "projects/PROJECT/secrets/SECRET_ID, SECRET_ID of letters, digits, '-' and '_' "
          + "(1 to 255 characters)");
    }
    return new SecretName(matcher.group(1), matcher.group(2));
  }

  static VersionName version(String name) {
    Matcher matcher = VERSION_NAME.matcher(name);
    if (!matcher.matches()) {
      throw malformed(name, "name", "projects/PROJECT/secrets/SECRET_ID/versions/VERSION, VERSION a version number, "
          + "'latest' or an alias");
    }
    return new VersionName(matcher.group(1), matcher.group(2), matcher.group(3));
  }

  private static RuntimeException malformed(String name, String field, String expected) {
    if (REGIONAL.matcher(name).matches()) {
      return Errors.unimplemented("Regional secrets (projects/*/locations/*) are not emulated; '" + name
          + "' names one. Use a global name, projects/PROJECT/secrets/SECRET_ID.");
    }
    return Errors.invalid("Invalid " + field + " '" + name + "': expected " + expected + ".");
  }
}
