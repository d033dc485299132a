package dev.secretkit.spi;

import dev.secretkit.SecretId;
import dev.secretkit.SecretMetadata;
import dev.secretkit.SecretValue;
import dev.secretkit.manifest.InvalidManifestException;
import dev.secretkit.manifest.SecretManifest;
import dev.secretkit.manifest.Severity;
import dev.secretkit.manifest.Validation;
import dev.secretkit.manifest.Violation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The largest secret a store accepts: the client checks these (through
 * {@link SecretStore#problems}) for every manifest before the first write, and every store
 * refuses a write that breaks them, so that a multi-document apply is refused whole or not at all.
 *
 * <p>Made with {@link #of}; immutable, and able to grow without breaking stores built against it.
 * A store refuses a write that breaks them with
 * {@link #refusal}. The key
 * {@value SecretPayload#RESERVED_KEY} is refused by every store: it holds SecretKit's
 * metadata where a store keeps one JSON document per secret.
 */
public final class StoreLimits {
  private final int maxValueBytes;
  private final int maxKeys;
  private final int maxSecretBytes;
  private final int maxMetadataBytes;

  private StoreLimits(int maxValueBytes, int maxKeys, int maxSecretBytes, int maxMetadataBytes) {
    if (maxValueBytes < 1 || maxKeys < 1 || maxSecretBytes < 1 || maxMetadataBytes < 1) {
      throw new IllegalArgumentException("store limits must be positive");
    }
    this.maxValueBytes = maxValueBytes;
    this.maxKeys = maxKeys;
    this.maxSecretBytes = maxSecretBytes;
    this.maxMetadataBytes = maxMetadataBytes;
  }

  /**
   * Returns limits without a bound on metadata beyond {@link Integer#MAX_VALUE} bytes.
   *
   * @param maxValueBytes the most bytes in one value
   * @param maxKeys the most keys in one secret
   * @param maxSecretBytes the most bytes of keys and values together in one secret
   * @throws IllegalArgumentException if a limit is not positive
   */
  public static StoreLimits of(int maxValueBytes, int maxKeys, int maxSecretBytes) {
    return new StoreLimits(maxValueBytes, maxKeys, maxSecretBytes, Integer.MAX_VALUE);
  }

  /**
   * Returns a copy whose metadata may take at most {@code bytes}, measured as the JSON of its
   * {@link SecretEnvelope} with the current version only.
   */
  public StoreLimits withMaxMetadataBytes(int bytes) {
    return new StoreLimits(maxValueBytes, maxKeys, maxSecretBytes, bytes);
  }

  /** Returns the most bytes in one value. */
  public int maxValueBytes() {
    return maxValueBytes;
  }

  /** Returns the most keys in one secret. */
  public int maxKeys() {
    return maxKeys;
  }

  /** Returns the most bytes of keys and values together in one secret. */
  public int maxSecretBytes() {
    return maxSecretBytes;
  }

  /** Returns the most bytes of a secret's metadata, as its envelope's JSON with the current version only. */
  public int maxMetadataBytes() {
    return maxMetadataBytes;
  }

  /**
   * One way a secret breaks a limit: which limit, the key or part concerned, and a message that
   * names sizes and never a value. Made with {@link #of}; immutable.
   */
  public static final class Problem {
    private final String limit;
    private final String key;
    private final boolean metadata;
    private final String message;

    private Problem(String limit, String key, boolean metadata, String message) {
      this.limit = Objects.requireNonNull(limit, "limit");
      this.key = key;
      this.metadata = metadata;
      this.message = Objects.requireNonNull(message, "message");
    }

    /**
     * Returns a problem.
     *
     * @param limit the limit broken, such as {@code maxValueBytes}, or the backend's own name for it
     * @param key the key whose value is too large or not allowed, or null when the whole secret is
     * @param metadata whether the metadata, not the values, is too large
     * @param message what is too large and what the store allows, never a value
     */
    public static Problem of(String limit, String key, boolean metadata, String message) {
      return new Problem(limit, key, metadata, message);
    }

    /** Returns the limit broken, such as {@code maxValueBytes}. */
    public String limit() {
      return limit;
    }

    /** Returns the key whose value is too large or not allowed, or null when the whole secret is. */
    public String key() {
      return key;
    }

    /** Returns whether the metadata, not the values, is too large. */
    public boolean metadata() {
      return metadata;
    }

    /** Returns what is too large and what the store allows, never a value. */
    public String message() {
      return message;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Problem that && limit.equals(that.limit) && Objects.equals(key, that.key)
          && metadata == that.metadata && message.equals(that.message);
    }

    @Override
    public int hashCode() {
      return Objects.hash(limit, key, metadata, message);
    }

    @Override
    public String toString() {
      return limit + ": " + message;
    }
  }

  /**
   * Returns the error of a store that refuses secret {@code id} for breaking its limits: one
   * finding per problem, whose path points at the key, the secret or the metadata concerned.
   *
   * @param id the secret
   * @param store the store's description, without credentials
   * @param problems what the store refuses, from {@link SecretStore#problems}; at least one
   */
  public static InvalidManifestException refusal(SecretId id, String store, List<Problem> problems) {
    return new InvalidManifestException(List.of(new Validation("secret " + id, 0, findings(problems, store, null),
        null)));
  }

  /**
   * Returns one finding per problem a store has with a secret: its path points at the key (under
   * {@code data} or {@code files}, in the section {@code manifest} has), at the section, or at the
   * document for metadata, and its hint says what to make smaller.
   *
   * @param problems what the store refuses, from {@link SecretStore#problems}
   * @param store the store's description, without credentials
   * @param manifest the manifest the secret comes from, or null when not known
   */
  public static List<Violation> findings(List<Problem> problems, String store, SecretManifest manifest) {
    String section = manifest != null && manifest.isInstanceSecret() ? "instance-secret" : "secret";
    List<Violation> violations = new ArrayList<>();
    for (Problem problem : problems) {
      boolean fromFile = problem.key() != null && manifest != null
          && manifest.secret().files().containsKey(problem.key());
      String path = problem.key() != null ? section + (fromFile ? ".files." : ".data.") + problem.key()
          : problem.metadata() ? Violation.DOCUMENT_PATH : section;
      violations.add(new Violation(Severity.ERROR, path, 0, 0, problem.message() + " (store " + store + ")",
          problem.metadata() ? "remove tags, grants or dependents, or shorten the description"
              : "make the secret smaller, or split it into several secrets"));
    }
    return violations;
  }

  /**
   * Checks the metadata of a metadata-only change (a grant, a revoke, a relabel) before any backend
   * call: the same refusal a write with no values would get.
   *
   * @param id the secret
   * @param store the store's description, without credentials
   * @param metadata the metadata to write
   * @throws InvalidManifestException if the metadata breaks these limits; it names every problem
   */
  public void checkMetadata(SecretId id, String store, SecretMetadata metadata) {
    List<Problem> metadataProblems = problems(metadata, Map.of());
    if (!metadataProblems.isEmpty()) {
      throw refusal(id, store, metadataProblems);
    }
  }

  /** Returns every way {@code values} and {@code metadata} break these limits; empty when they fit. */
  public List<Problem> problems(SecretMetadata metadata, Map<String, SecretValue> values) {
    Objects.requireNonNull(metadata, "metadata");
    List<Problem> problems = new ArrayList<>();
    if (values.size() > maxKeys) {
      problems.add(Problem.of("maxKeys", null, false, "the secret has " + values.size() + " keys; the store allows at most "
          + maxKeys));
    }
    long total = 0;
    for (Map.Entry<String, SecretValue> entry : values.entrySet()) {
      if (entry.getKey().equals(SecretPayload.RESERVED_KEY)) {
        problems.add(Problem.of("reservedKey", entry.getKey(), false, "key " + SecretPayload.RESERVED_KEY
            + " is reserved for SecretKit's metadata"));
      }
      int length = entry.getValue().length();
      total += length + entry.getKey().getBytes(StandardCharsets.UTF_8).length;
      if (length > maxValueBytes) {
        problems.add(Problem.of("maxValueBytes", entry.getKey(), false, "the value of key " + entry.getKey() + " is " + length
            + " bytes; the store allows at most " + maxValueBytes));
      }
    }
    if (total > maxSecretBytes) {
      problems.add(Problem.of("maxSecretBytes", null, false, "keys and values hold " + total
          + " bytes together; the store allows at most " + maxSecretBytes));
    }
    if (maxMetadataBytes < Integer.MAX_VALUE) {
      int size = SecretEnvelope.first(metadata, null).size();
      if (size > maxMetadataBytes) {
        problems.add(Problem.of("maxMetadataBytes", null, true, "the metadata (tags, description, grants, dependents) takes " + size
            + " bytes; the store allows at most " + maxMetadataBytes));
      }
    }
    return problems;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof StoreLimits that && maxValueBytes == that.maxValueBytes && maxKeys == that.maxKeys
        && maxSecretBytes == that.maxSecretBytes && maxMetadataBytes == that.maxMetadataBytes;
  }

  @Override
  public int hashCode() {
    return Objects.hash(maxValueBytes, maxKeys, maxSecretBytes, maxMetadataBytes);
  }

  @Override
  public String toString() {
    return "StoreLimits[maxValueBytes=" + maxValueBytes + ", maxKeys=" + maxKeys + ", maxSecretBytes="
        + maxSecretBytes + (maxMetadataBytes < Integer.MAX_VALUE ? ", maxMetadataBytes=" + maxMetadataBytes : "")
        + "]";
  }
}
