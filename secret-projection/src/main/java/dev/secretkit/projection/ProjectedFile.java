package dev.secretkit.projection;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;

/**
 * One rendered file: its path relative to the secret directory, its content, and its POSIX
 * permission bits. The content is the file's own copy; {@link #content()} returns another, and
 * {@link #toString()} shows the path, size and mode only.
 */
public final class ProjectedFile {
  /** The mode of a file whose entry sets none: read and write for its owner only. */
  public static final int DEFAULT_MODE = 0600;

  private final String path;
  private final byte[] content;
  private final int mode;

  /**
   * Creates one.
   *
   * @param path the path under the secret directory, names separated by {@code /}
   * @param content the content, copied
   * @param mode the permission bits, such as {@code 0600}
   */
  public ProjectedFile(String path, byte[] content, int mode) {
    this.path = Objects.requireNonNull(path, "path");
    this.content = content.clone();
    if ((mode & ~0777) != 0) {
      throw new IllegalArgumentException("a mode holds permission bits only, 0 to 0777");
    }
    this.mode = mode;
  }

  /** Returns the path under the secret directory, names separated by {@code /}. */
  public String path() {
    return path;
  }

  /** Returns a copy of the content. */
  public byte[] content() {
    return content.clone();
  }

  /** Returns the permission bits. */
  public int mode() {
    return mode;
  }

  /** Zeroes the content. */
  public void destroy() {
    Arrays.fill(content, (byte) 0);
  }

  /** Returns whether {@code other} has the same path, mode and content, comparing content in constant time. */
  @Override
  public boolean equals(Object other) {
    return other instanceof ProjectedFile file && path.equals(file.path) && mode == file.mode
        && MessageDigest.isEqual(content, file.content);
  }

  @Override
  public int hashCode() {
    return Objects.hash(path, mode, content.length);
  }

  @Override
  public String toString() {
    return "ProjectedFile[" + path + ", " + content.length + " bytes, mode " + Integer.toOctalString(mode) + "]";
  }
}
