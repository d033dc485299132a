package dev.secretkit.store.file;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** Creates files and directories that only their owner may use, from the first instant, on POSIX file systems. */
final class FilePermissions {
  static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
  static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");

  private FilePermissions() {
  }

  static boolean posix(Path path) {
    return path.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  /**
   * Creates {@code directory} and any missing parents with mode 0700, and makes each new entry
   * durable in its parent, so a crash cannot lose a directory a committed record lives in;
   * existing ones are left as they are.
   */
  static void createPrivateDirectories(Path directory) throws IOException {
    if (Files.isDirectory(directory)) {
      return;
    }
    Path parent = directory.toAbsolutePath().getParent();
    if (parent != null) {
      createPrivateDirectories(parent);
    }
    try {
      if (posix(directory)) {
        Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
      } else {
        Files.createDirectory(directory);
      }
    } catch (FileAlreadyExistsException e) {
      return;
    }
    if (parent != null) {
      syncDirectory(parent);
    }
  }

  /** Creates {@code file}, which must not exist, with mode 0600, and opens it for writing. */
  static FileChannel createPrivateFile(Path file) throws IOException {
    return FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), fileAttributes(file));
  }

  /** Opens {@code file} for writing, creating it with mode 0600 when it does not exist. */
  static FileChannel openPrivateFile(Path file) throws IOException {
    return FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE), fileAttributes(file));
  }

  private static FileAttribute<?>[] fileAttributes(Path file) {
    return posix(file)
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE)}
        : new FileAttribute<?>[0];
  }

  /**
   * Returns {@code path}, or the nearest parent of it that exists, with its owner and mode, such as
   * {@code /srv/store (owner root, mode rwxr-xr-x)}, for a message about a refused file operation.
   */
  static String describe(Path path) {
    Path existing = path.toAbsolutePath();
    while (existing.getParent() != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
      existing = existing.getParent();
    }
    try {
      String owner = Files.getOwner(existing, LinkOption.NOFOLLOW_LINKS).getName();
      String mode = posix(existing) ? ", mode " + PosixFilePermissions.toString(Files.getPosixFilePermissions(existing,
          LinkOption.NOFOLLOW_LINKS)) : "";
      return existing + " (owner " + owner + mode + ")";
    } catch (IOException | UnsupportedOperationException e) {
      return existing.toString();
    }
  }

  /** Makes a rename or delete in {@code directory} durable; file systems that cannot open a directory skip it. */
  static void syncDirectory(Path directory) throws IOException {
    if (Files.getFileAttributeView(directory, PosixFileAttributeView.class) == null) {
      return;
    }
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }
}
