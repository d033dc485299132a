package dev.secretkit.store.file;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.secretkit.SecretId;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The store's memory of every secret's last write: for each live secret the {@link
 * SecretRecord#sequence() sequence} of its record, and for each deleted one the sequence its
 * deletion reached, so that a record file copied back over a newer one, or restored after its
 * secret was deleted, is recognised instead of served.
 *
 * <p>The store seals it like a record and rewrites it after each write's commit, so it may lag a
 * record after a crash (a record newer than the index is accepted) but never lead one. It keeps
 * the last {@value #MAX_DELETED} deletions, in the order they happened, so its size follows the
 * live secrets. Rolling the whole store back, index included, cannot be seen from inside it, nor a
 * record copied back together with the removal of the index.
 */
final class RollbackIndex {
  static final RollbackIndex EMPTY = new RollbackIndex(Map.of(), Map.of());
  static final String CONTEXT = "index";
  /** How many deleted secrets the index remembers, the most recently deleted; older ones are forgotten. */
  static final int MAX_DELETED = 1_000;

  private static final JsonFactory JSON = new JsonFactory();

  private final Map<String, Long> live;
  private final Map<String, Long> deleted;

  private RollbackIndex(Map<String, Long> live, Map<String, Long> deleted) {
    this.live = Map.copyOf(live);
    this.deleted = Collections.unmodifiableMap(new LinkedHashMap<>(deleted));
  }

  /**
   * Returns why {@code record} cannot be the current record of its secret, or empty when it may be.
   * A format-1 record may be only while the index knows nothing of its secret.
   */
  Optional<String> problem(SecretRecord record) {
    String key = record.id().toString();
    Long written = live.get(key);
    Long gone = deleted.get(key);
    long sequence = record.sequence();
    if (written != null && sequence < written) {
      return Optional.of("it is an older copy (write " + sequence + ") than the store last made of this secret (write "
          + written + "): it was restored from a backup or copied back");
    }
    if (written == null && gone != null && sequence <= gone) {
      return Optional.of("the secret was deleted (at write " + gone + "), and this file (write " + sequence
          + ") was restored from a backup or copied back");
    }
    return Optional.empty();
  }

  /** Returns this index with {@code id} live at {@code sequence}. */
  RollbackIndex withLive(SecretId id, long sequence) {
    Map<String, Long> nextLive = new HashMap<>(live);
    Map<String, Long> nextDeleted = new LinkedHashMap<>(deleted);
    nextLive.put(id.toString(), sequence);
    nextDeleted.remove(id.toString());
    return new RollbackIndex(nextLive, nextDeleted);
  }

  /** Returns this index with {@code id} deleted at {@code sequence}. */
  RollbackIndex withDeleted(SecretId id, long sequence) {
    Map<String, Long> nextLive = new HashMap<>(live);
    Map<String, Long> nextDeleted = new LinkedHashMap<>(deleted);
    nextLive.remove(id.toString());
    nextDeleted.remove(id.toString());
    nextDeleted.put(id.toString(), sequence);
    Iterator<String> oldest = nextDeleted.keySet().iterator();
    while (nextDeleted.size() > MAX_DELETED) {
      oldest.next();
      oldest.remove();
    }
    return new RollbackIndex(nextLive, nextDeleted);
  }

  /** Returns the sequence of {@code id}'s last write that this index knows, live or deleted, or 0. */
  long lastWrite(SecretId id) {
    return Math.max(live.getOrDefault(id.toString(), 0L), deleted.getOrDefault(id.toString(), 0L));
  }

  /** Returns the index as JSON; it holds ids and numbers only, nothing secret. */
  byte[] toJson() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      writeMap(g, "live", new TreeMap<>(live));
      writeMap(g, "deleted", deleted);
      g.writeEndObject();
    } catch (IOException e) {
      throw new IllegalStateException("writing JSON to memory failed", e);
    }
    return out.toByteArray();
  }

  private static void writeMap(JsonGenerator g, String name, Map<String, Long> map) throws IOException {
    g.writeObjectFieldStart(name);
    for (Map.Entry<String, Long> entry : map.entrySet()) {
      g.writeNumberField(entry.getKey(), entry.getValue());
    }
    g.writeEndObject();
  }

  /** Reads an index from {@code json}, or returns empty when it is not one. */
  static Optional<RollbackIndex> fromJson(byte[] json) {
    Map<String, Long> live = new HashMap<>();
    Map<String, Long> deleted = new LinkedHashMap<>();
    try (JsonParser p = JSON.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return Optional.empty();
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        if (p.nextToken() != JsonToken.START_OBJECT) {
          return Optional.empty();
        }
        Map<String, Long> target = "live".equals(field) ? live : "deleted".equals(field) ? deleted : new HashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String id = p.currentName();
          if (p.nextToken() != JsonToken.VALUE_NUMBER_INT) {
            return Optional.empty();
          }
          target.put(id, p.getLongValue());
        }
      }
      return Optional.of(new RollbackIndex(live, deleted));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  @Override
  public String toString() {
    return "RollbackIndex[" + live.size() + " live, " + deleted.size() + " deleted]";
  }
}
