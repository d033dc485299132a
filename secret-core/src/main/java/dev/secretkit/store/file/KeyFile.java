package dev.secretkit.store.file;

import dev.secretkit.ConfigurationException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Reads, creates and replaces key files: owner-only, never readable by others, written in full
 * before they get their name.
 */
final class KeyFile {
  private static final int MAX_FILE_BYTES = 4096;

  private KeyFile() {
  }

  /**
   * Reads the ring in {@code file}.
   *
   * @throws java.nio.file.NoSuchFileException if it does not exist
   * @throws ConfigurationException if it is a directory, malformed, or others may read or write it
   */
  static KeyRing read(Path file, String source, String store) throws IOException {
    if (Files.isDirectory(file)) {
      throw new ConfigurationException("cannot open store " + store + ": " + source + " is a directory");
    }
    if (FilePermissions.posix(file)) {
      Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
      if (!FilePermissions.OWNER_ONLY_FILE.containsAll(mode)) {
        throw new ConfigurationException("cannot open store " + store + ": " + source + " has mode "
            + PosixFilePermissions.toString(mode) + ", so other users may read or change it; only its owner may:"
            + " run 'chmod 600 " + file + "'");
      }
    }
    byte[] content;
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      if (channel.size() > MAX_FILE_BYTES) {
        throw new ConfigurationException("cannot open store " + store + ": " + source + " is larger than "
            + MAX_FILE_BYTES + " bytes; it must hold " + KeyRing.HOW_TO_MAKE);
      }
      ByteBuffer buffer = ByteBuffer.allocate((int) channel.size());
      while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
        // Reads until the buffer is full or the file ends.
      }
      content = buffer.array();
    }
    try {
      return KeyRing.parse(content, source, store);
    } finally {
      Arrays.fill(content, (byte) 0);
    }
  }

  /**
   * Reads {@code file}, creating it with one fresh random key and mode 0600 when it does not exist;
   * call it under the store lock. Two callers racing to create the same file both end up with the
   * key of whichever created it first.
   */
  static KeyRing createOrRead(Path file, String source, String store, SecureRandom random) throws IOException {
    if (!Files.exists(file)) {
      byte[] bytes = new byte[MasterKey.LENGTH];
      random.nextBytes(bytes);
      KeyRing ring = new KeyRing(List.of(new MasterKey(bytes)), source);
      Arrays.fill(bytes, (byte) 0);
      write(file, ring, random, false);
    }
    return read(file, source, store);
  }

  /**
   * Replaces {@code file}'s content with {@code ring}: readers see the old ring or the new one,
   * never a mix. A key file that is a symbolic link is replaced where it points, so the link stays.
   */
  static void replace(Path file, KeyRing ring) throws IOException {
    write(Files.isSymbolicLink(file) ? file.toRealPath() : file, ring, new SecureRandom(), true);
  }

  private static void write(Path file, KeyRing ring, SecureRandom random, boolean replace) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    FilePermissions.createPrivateDirectories(parent);
    if (replace) {
      removeTemps(parent, file.getFileName().toString());
    }
    byte[] suffix = new byte[8];
    random.nextBytes(suffix);
    Path temp = parent.resolve("." + file.getFileName() + "." + HexFormat.of().formatHex(suffix) + ".tmp");
    byte[] text = ring.text();
    try {
      try (FileChannel channel = FilePermissions.createPrivateFile(temp)) {
        ByteBuffer buffer = ByteBuffer.wrap(text);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      if (replace) {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
      } else {
        link(temp, file);
      }
      FilePermissions.syncDirectory(parent);
    } finally {
      Arrays.fill(text, (byte) 0);
      Files.deleteIfExists(temp);
    }
  }

  /**
   * Removes the temp files an interrupted write of key file {@code name} left in {@code parent}:
   * each may hold a key.
   */
  private static void removeTemps(Path parent, String name) throws IOException {
    try (DirectoryStream<Path> temps = Files.newDirectoryStream(parent, "." + name + ".*.tmp")) {
      for (Path temp : temps) {
        Files.deleteIfExists(temp);
      }
    }
  }

  /** Gives {@code temp}'s content the name {@code file} unless a racing creator's key got there first. */
  private static void link(Path temp, Path file) throws IOException {
    try {
      Files.createLink(file, temp);
    } catch (FileAlreadyExistsException e) {
      // A racing creator's key wins; the caller reads it.
    } catch (UnsupportedOperationException | FileSystemException e) {
      if (!Files.exists(file)) {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
      }
    }
  }
}
