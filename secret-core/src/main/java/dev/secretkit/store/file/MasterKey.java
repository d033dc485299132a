package dev.secretkit.store.file;

import dev.secretkit.ConfigurationException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The 256-bit key that seals every record of a store, with an id that tells keys apart without revealing them. */
final class MasterKey {
  static final String VARIABLE = "SECRETKIT_MASTER_KEY";
  static final int LENGTH = 32;
  static final int ID_LENGTH = 8;

  private static final int MAX_FILE_BYTES = 1024;
  private static final byte[] ID_LABEL = "secretkit key id".getBytes(StandardCharsets.US_ASCII);
  private static final String HOW_TO_MAKE = "32 random bytes in base64 (44 characters), such as the output of"
      + " 'openssl rand -base64 32'";

  private final SecretKeySpec key;
  private final byte[] id;
  private final String source;

  private MasterKey(byte[] bytes, String source) {
    this.key = new SecretKeySpec(bytes, "AES");
    this.id = idOf(bytes);
    this.source = source;
    Arrays.fill(bytes, (byte) 0);
  }

  /**
   * Decodes the key from {@value #VARIABLE}'s value.
   *
   * @throws ConfigurationException if it is not 32 bytes in base64; the message never repeats it
   */
  static MasterKey fromVariable(String value, String store) {
    byte[] bytes = decode(value.getBytes(StandardCharsets.US_ASCII));
    if (bytes == null) {
      throw new ConfigurationException("cannot open store " + store + ": environment variable " + VARIABLE
          + " is not a valid master key; it must hold " + HOW_TO_MAKE);
    }
    return new MasterKey(bytes, "environment variable " + VARIABLE);
  }

  /**
   * Reads the key of an existing store from {@code file}; never creates one, since a new key
   * cannot open records sealed with the old.
   *
   * @throws ConfigurationException if the file is missing or malformed, or others may read or write it
   */
  static MasterKey existing(Path file, String store) throws IOException {
    try {
      return read(file, store);
    } catch (NoSuchFileException e) {
      throw new ConfigurationException("cannot open store " + store + ": its master key file " + file + " is"
          + " missing, but the store already exists; restore the key file from your backup, or set " + VARIABLE
          + " to the key; a new key cannot read the secrets sealed with the old one");
    }
  }

  /**
   * Reads the key from {@code file}, creating it with fresh random bytes and mode 0600 when it
   * does not exist; call it under the store lock, only while creating the store. Two callers
   * racing to create the same file both end up with the key of whichever created it first.
   *
   * @throws ConfigurationException if the file is malformed or others may read or write it
   */
  static MasterKey createOrRead(Path file, String store, SecureRandom random) throws IOException {
    for (int attempt = 0; attempt < 3; attempt++) {
      try {
        return read(file, store);
      } catch (NoSuchFileException e) {
        create(file, random);
      }
    }
    throw new NoSuchFileException(file.toString(), null, "master key file vanished while it was being created");
  }

  private static MasterKey read(Path file, String store) throws IOException {
    if (Files.isDirectory(file)) {
      throw new ConfigurationException("cannot open store " + store + ": master key file " + file + " is a directory");
    }
    if (FilePermissions.posix(file)) {
      Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
      if (!FilePermissions.OWNER_ONLY_FILE.containsAll(mode)) {
        throw new ConfigurationException("cannot open store " + store + ": master key file " + file + " has mode "
            + PosixFilePermissions.toString(mode) + ", so other users may read or change it; only its owner may:"
            + " run 'chmod 600 " + file + "'");
      }
    }
    byte[] content;
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      if (channel.size() > MAX_FILE_BYTES) {
        throw malformedFile(file, store);
      }
      ByteBuffer buffer = ByteBuffer.allocate((int) channel.size());
      while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
        // Reads until the buffer is full or the file ends.
      }
      content = buffer.array();
    }
    byte[] bytes = decode(content);
    Arrays.fill(content, (byte) 0);
    if (bytes == null) {
      throw malformedFile(file, store);
    }
    return new MasterKey(bytes, "master key file " + file);
  }

  private static void create(Path file, SecureRandom random) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    FilePermissions.createPrivateDirectories(parent);
    byte[] bytes = new byte[LENGTH];
    random.nextBytes(bytes);
    byte[] text = (Base64.getEncoder().encodeToString(bytes) + "\n").getBytes(StandardCharsets.US_ASCII);
    Arrays.fill(bytes, (byte) 0);
    Path temp = parent.resolve("." + file.getFileName() + "." + HexFormat.of().formatHex(randomBytes(random, 8)) + ".tmp");
    try {
      // The file is created 0600 and written in full before it gets its name, so no one sees it
      // readable by others or half-written.
      try (FileChannel channel = FilePermissions.createPrivateFile(temp)) {
        ByteBuffer buffer = ByteBuffer.wrap(text);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      } finally {
        Arrays.fill(text, (byte) 0);
      }
      try {
        // A hard link never replaces an existing file: a racing creator's key wins, and we read it.
        Files.createLink(file, temp);
      } catch (FileAlreadyExistsException e) {
        return;
      } catch (UnsupportedOperationException | FileSystemException e) {
        if (Files.exists(file)) {
          return;
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
      }
      FilePermissions.syncDirectory(parent);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static ConfigurationException malformedFile(Path file, String store) {
    return new ConfigurationException("cannot open store " + store + ": master key file " + file
        + " is not a valid master key; it must hold " + HOW_TO_MAKE);
  }

  /** Returns the 32 key bytes that {@code text} encodes, or null; never says why, so nothing of it leaks. */
  private static byte[] decode(byte[] text) {
    int start = 0;
    int end = text.length;
    while (start < end && Character.isWhitespace(text[start])) {
      start++;
    }
    while (end > start && Character.isWhitespace(text[end - 1])) {
      end--;
    }
    byte[] trimmed = Arrays.copyOfRange(text, start, end);
    try {
      byte[] bytes = Base64.getDecoder().decode(trimmed);
      if (bytes.length == LENGTH) {
        return bytes;
      }
      Arrays.fill(bytes, (byte) 0);
      return null;
    } catch (IllegalArgumentException e) {
      return null;
    } finally {
      Arrays.fill(trimmed, (byte) 0);
    }
  }

  private static byte[] idOf(byte[] bytes) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(bytes, "HmacSHA256"));
      return Arrays.copyOf(mac.doFinal(ID_LABEL), ID_LENGTH);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK lacks HmacSHA256", e);
    }
  }

  static byte[] randomBytes(SecureRandom random, int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }

  SecretKeySpec key() {
    return key;
  }

  byte[] id() {
    return id.clone();
  }

  /** Returns where the key came from, for messages: the variable's name or the file's path, never the key. */
  String source() {
    return source;
  }

  @Override
  public String toString() {
    return "MasterKey[" + source + "]";
  }
}
