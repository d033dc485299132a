package dev.secretkit.manifest;

import dev.secretkit.internal.ManifestPaths;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Reads Secret manifests from YAML or JSON text: one or many documents per source, each value
 * kept as the exact characters written, each node's line and column recorded.
 *
 * <p>While reading it expands {@code $VAR} and {@code ${VAR}} in {@code data} values and
 * {@code files} paths from the environment it was built with ({@code $$} is a literal
 * {@code $}; interpolation can be turned off), and loads each {@code files:} entry relative to
 * the manifest's own directory. Shape problems are collected per document in
 * {@link ManifestDocument#problems()}; pass each document to
 * {@link dev.secretkit.validation.Validator} for the rest.
 *
 * <p>JSON is read with a JSON parser when the origin ends in {@code .json} or the text starts
 * with <code>{</code> or {@code [} and parses as JSON; otherwise the text is YAML 1.1.
 *
 * <p>Hostile input fails fast with {@link InvalidManifestException}: sources over
 * {@value #MAX_MANIFEST_BYTES} bytes, more than {@value YamlTreeBuilder#MAX_ALIASES} aliases,
 * nesting deeper than {@value TreeLimits#MAX_DEPTH}, YAML tags other than the standard
 * ones, and duplicate keys. Instances are immutable and thread-safe.
 */
public final class ManifestReader {
  /** The largest manifest source read, in bytes. */
  public static final int MAX_MANIFEST_BYTES = 1024 * 1024;
  /** The default largest file a {@code files:} entry may name, in bytes. */
  public static final long DEFAULT_MAX_FILE_BYTES = 1024 * 1024;

  private final Map<String, String> environment;
  private final boolean interpolation;
  private final long maxFileBytes;
  private final boolean readFiles;

  private ManifestReader(Builder builder) {
    this.environment = builder.environment;
    this.interpolation = builder.interpolation;
    this.maxFileBytes = builder.maxFileBytes;
    this.readFiles = builder.readFiles;
  }

  /** Returns a builder: the process environment, interpolation on, the default file limit. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads every document of a manifest file; {@code files:} paths resolve against its directory.
   *
   * @throws InvalidManifestException if the file is too large, not UTF-8, not YAML, or hostile
   * @throws UncheckedIOException if the file cannot be read
   */
  public List<ManifestDocument> read(Path file) {
    Objects.requireNonNull(file, "file");
    String origin = file.toString();
    try {
      long size = Files.size(file);
      if (size > MAX_MANIFEST_BYTES) {
        throw tooLarge(origin, size);
      }
      try (InputStream in = Files.newInputStream(file)) {
        Path directory = file.toAbsolutePath().getParent();
        return read(in, origin, directory);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read manifest " + origin, e);
    }
  }

  /**
   * Reads every document of manifest text.
   *
   * @param origin a label used in findings, such as a file name
   * @param baseDirectory the directory relative {@code files:} paths resolve against
   * @throws InvalidManifestException if the text is too large, not YAML, or hostile
   */
  public List<ManifestDocument> read(String text, String origin, Path baseDirectory) {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(baseDirectory, "baseDirectory");
    int bytes = text.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_MANIFEST_BYTES) {
      throw tooLarge(origin, bytes);
    }
    return parse(text, origin, baseDirectory);
  }

  /**
   * Reads every document of a manifest stream, which must be UTF-8; the stream is not closed.
   *
   * @param origin a label used in findings, such as a file name
   * @param baseDirectory the directory relative {@code files:} paths resolve against
   * @throws InvalidManifestException if the stream is too large, not UTF-8, not YAML, or hostile
   * @throws UncheckedIOException if the stream cannot be read
   */
  public List<ManifestDocument> read(InputStream in, String origin, Path baseDirectory) {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(baseDirectory, "baseDirectory");
    byte[] bytes;
    try {
      bytes = in.readNBytes(MAX_MANIFEST_BYTES + 1);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read manifest " + origin, e);
    }
    if (bytes.length > MAX_MANIFEST_BYTES) {
      throw tooLarge(origin, bytes.length);
    }
    return parse(decode(bytes, origin), origin, baseDirectory);
  }

  /**
   * Returns every non-empty document of {@code file} as a tree, whatever kind of resource it
   * describes (a Service or Workflow that consumes secrets, say), read with the checks every
   * manifest gets: size, UTF-8, YAML (or JSON) syntax, and the limits against hostile input. It
   * interpolates nothing and reads no other file.
   *
   * @throws InvalidManifestException if the file is too large, not UTF-8, not YAML, or hostile
   * @throws UncheckedIOException if the file cannot be read
   */
  public static List<YamlNode> trees(Path file) {
    Objects.requireNonNull(file, "file");
    String origin = file.toString();
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(MAX_MANIFEST_BYTES + 1);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read manifest " + origin, e);
    }
    if (bytes.length > MAX_MANIFEST_BYTES) {
      throw tooLarge(origin, bytes.length);
    }
    return trees(decode(bytes, origin), origin);
  }

  /**
   * Returns every non-empty document of manifest text as a tree, as {@link #trees(Path)} does.
   *
   * @param origin a label used in findings, such as a file name
   * @throws InvalidManifestException if the text is too large, not YAML, or hostile
   */
  public static List<YamlNode> trees(String text, String origin) {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(origin, "origin");
    int bytes = text.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_MANIFEST_BYTES) {
      throw tooLarge(origin, bytes);
    }
    try {
      return parseTrees(text.startsWith("\uFEFF") ? text.substring(1) : text, origin);
    } catch (TreeException e) {
      throw failure(origin, e.document(), e.path(), e.position(), e.getMessage(), e.hint());
    }
  }

  private List<ManifestDocument> parse(String text, String origin, Path baseDirectory) {
    String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
    List<YamlNode> roots;
    try {
      roots = parseTrees(body, origin);
    } catch (TreeException e) {
      throw failure(origin, e.document(), e.path(), e.position(), e.getMessage(), e.hint());
    }
    Interpolator interpolator = interpolation ? new Interpolator(environment) : null;
    List<ManifestDocument> documents = new ArrayList<>(roots.size());
    for (int i = 0; i < roots.size(); i++) {
      documents.add(new ManifestBinder(interpolator, baseDirectory, maxFileBytes, readFiles).bind(origin, i, roots.get(i)));
    }
    return List.copyOf(documents);
  }

  /**
   * Parses JSON as JSON when the origin ends in {@code .json}, or when the text starts with
   * {@code {} or {@code [} and parses as JSON; everything else is YAML.
   */
  private static List<YamlNode> parseTrees(String body, String origin) throws TreeException {
    if (origin.toLowerCase(Locale.ROOT).endsWith(".json")) {
      return new JsonTreeBuilder().documents(body);
    }
    String start = body.stripLeading();
    if (start.startsWith("{") || start.startsWith("[")) {
      try {
        return new JsonTreeBuilder().documents(body);
      } catch (TreeException notJson) {
        return yaml(body);
      }
    }
    return yaml(body);
  }

  private static List<YamlNode> yaml(String body) throws TreeException {
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c == '\u0085' || c == '\u2028' || c == '\u2029') {
        throw new TreeException(String.format(Locale.ROOT,
                "the character U+%04X is a line break in YAML 1.1 and would change the value", (int) c),
            positionOf(body, i), "write it as an escape (\\u2028, \\x85) inside a double-quoted value",
            ManifestPaths.ROOT, 0);
      }
    }
    return new YamlTreeBuilder().documents(body);
  }

  private static Position positionOf(String text, int offset) {
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < offset; i++) {
      if (text.charAt(i) == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    return new Position(line, text.codePointCount(lineStart, offset) + 1);
  }

  private static String decode(byte[] bytes, String origin) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw failure(origin, Position.UNKNOWN, "not UTF-8 text", "save the manifest as UTF-8");
    }
  }

  private static InvalidManifestException tooLarge(String origin, long size) {
    return failure(origin, new Position(1, 1), "manifest is " + size + " bytes, over the limit of " + MAX_MANIFEST_BYTES,
        "a Secret manifest holds a few keys; store large files with files: instead");
  }

  private static InvalidManifestException failure(String origin, Position position, String message, String hint) {
    return failure(origin, 0, ManifestPaths.ROOT, position, message, hint);
  }

  private static InvalidManifestException failure(
      String origin, int document, String path, Position position, String message, String hint) {
    Violation violation = new Violation(Severity.ERROR, path, position.line(), position.column(),
        message, hint);
    return new InvalidManifestException(List.of(new Validation(origin, document, List.of(violation), null)));
  }

  /** Configures a {@link ManifestReader}; not thread-safe, {@link #build()} gives an immutable reader. */
  public static final class Builder {
    private Map<String, String> environment = System.getenv();
    private boolean interpolation = true;
    private long maxFileBytes = DEFAULT_MAX_FILE_BYTES;
    private boolean readFiles = true;

    private Builder() {}

    /** Sets the variables {@code $VAR} expands from; the default is the process environment. */
    public Builder environment(Map<String, String> variables) {
      this.environment = Map.copyOf(Objects.requireNonNull(variables, "variables"));
      return this;
    }

    /** Turns interpolation on (the default) or off; off keeps every {@code $} as written. */
    public Builder interpolation(boolean enabled) {
      this.interpolation = enabled;
      return this;
    }

    /** Sets the largest file, in bytes, a {@code files:} entry may name. */
    public Builder maxFileBytes(long bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("maxFileBytes must be positive: " + bytes);
      }
      this.maxFileBytes = bytes;
      return this;
    }

    /**
     * Sets whether {@code files:} entries are read (the default); when off, each path is checked
     * for form only and its entry holds an empty value, so a command that needs only a manifest's
     * name and scope, such as a delete, works when the files are gone.
     */
    public Builder readFiles(boolean enabled) {
      this.readFiles = enabled;
      return this;
    }

    /** Returns a reader with these settings. */
    public ManifestReader build() {
      return new ManifestReader(this);
    }
  }
}
