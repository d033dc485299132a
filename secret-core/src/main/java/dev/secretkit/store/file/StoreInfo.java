package dev.secretkit.store.file;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The store file, {@code store.json}: what a format-2 store is, in plain JSON, since none of it is
 * secret: its random id (which binds its records' key and names its default key file), the id of
 * the master key that seals new records, whether a key rotation is under way, and how many versions
 * of each secret the store keeps, so that a client that does not say keeps what the store keeps.
 *
 * @param storeId 32 hex digits, fixed for the store's life
 * @param keyId the {@link MasterKey#idText() id} of the key that seals new records
 * @param rotating whether records sealed with earlier keys may remain, because a rotation did not finish
 * @param versionsRetained how many versions of each secret the store keeps; 0 for all
 */
record StoreInfo(String storeId, String keyId, boolean rotating, int versionsRetained) {
  static final String FILE = "store.json";
  static final int FORMAT = 2;

  private static final Pattern HEX = Pattern.compile("[0-9a-f]+");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Thrown for a store file that is not one; the message says what is wrong, and nothing in it is secret. */
  static final class MalformedException extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedException(String message) {
      super(message);
    }
  }

  /** Returns a new store's info: a fresh id, sealed with {@code key}, keeping {@code versionsRetained}. */
  static StoreInfo create(MasterKey key, byte[] random, int versionsRetained) {
    return new StoreInfo(HexFormat.of().formatHex(random), key.idText(), false, versionsRetained);
  }

  /** Reads the store file in {@code directory}, or returns empty when there is none (a new or format-1 store). */
  static Optional<StoreInfo> read(Path directory) throws IOException, MalformedException {
    byte[] content;
    try {
      content = Files.readAllBytes(directory.resolve(FILE));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    JsonNode node;
    try {
      node = JSON.readTree(content);
    } catch (IOException e) {
      throw new MalformedException("it is not JSON");
    }
    if (node == null || !node.isObject()) {
      throw new MalformedException("it is not a JSON object");
    }
    if (node.path("format").asInt(-1) != FORMAT) {
      throw new MalformedException("its format " + node.path("format") + " is unknown (this SecretKit reads format "
          + FORMAT + "); it was written by a newer SecretKit or is damaged");
    }
    String storeId = node.path("storeId").asText("");
    String keyId = node.path("keyId").asText("");
    if (storeId.length() != 32 || !HEX.matcher(storeId).matches()) {
      throw new MalformedException("its storeId is not 32 hex digits");
    }
    if (keyId.length() != 2 * MasterKey.ID_LENGTH || !HEX.matcher(keyId).matches()) {
      throw new MalformedException("its keyId is not " + 2 * MasterKey.ID_LENGTH + " hex digits");
    }
    int retained = node.path("versionsRetained").asInt(-1);
    if (retained < 0) {
      throw new MalformedException("its versionsRetained is not a whole number from 0");
    }
    return Optional.of(new StoreInfo(storeId, keyId, node.path("rotating").asBoolean(false), retained));
  }

  /**
   * Writes this info as the store file of {@code directory}, replacing any in one atomic rename;
   * call it under the lock.
   */
  void write(Path directory, String tempSuffix) throws IOException {
    ObjectNode node = JSON.createObjectNode();
    node.put("format", FORMAT);
    node.put("storeId", storeId);
    node.put("keyId", keyId);
    if (rotating) {
      node.put("rotating", true);
    }
    node.put("versionsRetained", versionsRetained);
    byte[] content = (JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node) + "\n")
        .getBytes(StandardCharsets.UTF_8);
    Path temp = directory.resolve("." + FILE + "." + tempSuffix + FileSecretStore.TEMP_SUFFIX);
    try {
      try (FileChannel channel = FilePermissions.createPrivateFile(temp)) {
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      Files.move(temp, directory.resolve(FILE), StandardCopyOption.ATOMIC_MOVE);
      FilePermissions.syncDirectory(directory);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  StoreInfo withKey(String newKeyId, boolean nowRotating) {
    return new StoreInfo(storeId, newKeyId, nowRotating, versionsRetained);
  }

  StoreInfo withVersionsRetained(int retained) {
    return new StoreInfo(storeId, keyId, rotating, retained);
  }
}
