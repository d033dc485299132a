package dev.secretkit.store.file;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import dev.secretkit.SecretId;
import dev.secretkit.SecretMetadata;
import dev.secretkit.SecretValue;
import dev.secretkit.SecretVersion;
import dev.secretkit.access.Grant;
import dev.secretkit.access.Permission;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a {@link SecretRecord} into JSON and back, with values in base64.
 *
 * <p>Streaming, so values go from bytes to base64 and back without becoming strings; buffers are
 * not recycled between calls, and the output buffer is wiped by its owner. A record that does not
 * parse is reported without any of its content, since that content is plaintext.
 */
final class RecordCodec {
  /** Read every version. */
  static final long ALL = -1;
  /** Read the latest version only. */
  static final long LATEST = -2;
  /** Read no version: id, revision, metadata and the version count only. */
  static final long NONE = 0;

  private final JsonFactory json = JsonFactory.builder().recyclerPool(JsonRecyclerPools.nonRecyclingPool()).build();

  /** A record's plaintext did not have the expected shape; the message names the part, never its content. */
  static final class MalformedRecordException extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedRecordException(String message) {
      super(message);
    }
  }

  /** An output buffer whose owner can wipe it. */
  static final class WipingBuffer extends ByteArrayOutputStream {
    WipingBuffer() {
      super(4096);
    }

    byte[] array() {
      return buf;
    }

    void wipe() {
      Arrays.fill(buf, (byte) 0);
      count = 0;
    }
  }

  /**
   * Writes {@code record}, a format-2 record read or made with its latest version's values, holding
   * that version only.
   */
  WipingBuffer write(SecretRecord record) {
    if (record.legacy()) {
      throw new IllegalArgumentException("records are written in format 2");
    }
    WipingBuffer out = new WipingBuffer();
    try (JsonGenerator g = json.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("id", record.id().toString());
      g.writeStringField("revision", record.revision());
      g.writeStringField("incarnation", record.incarnation());
      g.writeNumberField("sequence", record.sequence());
      writeMetadata(g, record.metadata());
      g.writeNumberField("versionCount", record.versionCount());
      g.writeNumberField("firstVersion", record.firstVersion());
      g.writeArrayFieldStart("versions");
      writeVersion(g, record.latest());
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      out.wipe();
      throw new IllegalStateException("writing JSON to memory failed", e);
    }
    return out;
  }

  /** Writes {@code version} of the record of {@code id} in {@code incarnation}, as its own file holds it. */
  WipingBuffer writeVersion(SecretId id, String incarnation, SecretRecord.Version version) {
    WipingBuffer out = new WipingBuffer();
    try (JsonGenerator g = json.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("id", id.toString());
      g.writeStringField("incarnation", incarnation);
      g.writeFieldName("version");
      writeVersion(g, version);
      g.writeEndObject();
    } catch (IOException e) {
      out.wipe();
      throw new IllegalStateException("writing JSON to memory failed", e);
    }
    return out;
  }

  private static void writeVersion(JsonGenerator g, SecretRecord.Version version) throws IOException {
    g.writeStartObject();
    g.writeNumberField("number", version.number());
    g.writeStringField("createdAt", version.version().createdAt().toString());
    g.writeStringField("createdBy", version.version().createdBy());
    g.writeObjectFieldStart("values");
    for (Map.Entry<String, SecretValue> value : version.values().entrySet()) {
      byte[] bytes = value.getValue().bytes();
      g.writeFieldName(value.getKey());
      g.writeBinary(bytes);
      Arrays.fill(bytes, (byte) 0);
    }
    g.writeEndObject();
    g.writeEndObject();
  }

  private static void writeMetadata(JsonGenerator g, SecretMetadata m) throws IOException {
    g.writeObjectFieldStart("metadata");
    g.writeStringField("kind", m.kind());
    g.writeStringField("manifestVersion", m.manifestVersion());
    g.writeStringField("secretType", m.secretType());
    g.writeStringField("acl", m.acl());
    g.writeStringField("owner", m.owner());
    writeStrings(g, "tags", m.tags());
    g.writeStringField("description", m.description());
    g.writeStringField("layer", m.layer());
    g.writeArrayFieldStart("grants");
    for (Grant grant : m.grants()) {
      g.writeStartObject();
      g.writeStringField("principal", grant.principal());
      g.writeStringField("permission", grant.permission().label());
      g.writeEndObject();
    }
    g.writeEndArray();
    writeStrings(g, "dependents", m.dependents());
    g.writeStringField("createdAt", m.createdAt().toString());
    g.writeStringField("createdBy", m.createdBy());
    g.writeStringField("updatedAt", m.updatedAt().toString());
    g.writeStringField("updatedBy", m.updatedBy());
    g.writeObjectFieldStart("fileNames");
    for (Map.Entry<String, String> file : m.fileNames().entrySet()) {
      g.writeStringField(file.getKey(), file.getValue());
    }
    g.writeEndObject();
    g.writeEndObject();
  }

  private static void writeStrings(JsonGenerator g, String name, List<String> items) throws IOException {
    g.writeArrayFieldStart(name);
    for (String item : items) {
      g.writeString(item);
    }
    g.writeEndArray();
  }

  /**
   * Reads the record of {@code id} from {@code plaintext} with the versions {@code only} names
   * ({@link #ALL}, {@link #LATEST}, {@link #NONE} or a number), decoding their values when
   * {@code values} is set; the versions not asked for are skipped, not parsed. A format-2 record
   * holds its latest version only, so {@link #ALL} reads that one.
   */
  SecretRecord read(byte[] plaintext, SecretId id, long only, boolean values) throws MalformedRecordException {
    List<SecretRecord.Version> versions = new ArrayList<>();
    try (JsonParser p = json.createParser(plaintext)) {
      expect(p.nextToken() == JsonToken.START_OBJECT, "the record is not a JSON object");
      String recordId = null;
      String revision = null;
      String incarnation = null;
      long sequence = 0;
      SecretMetadata metadata = null;
      long count = -1;
      long first = 1;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        switch (field) {
          case "id" -> recordId = p.getValueAsString();
          case "revision" -> revision = p.getValueAsString();
          case "incarnation" -> incarnation = p.getValueAsString();
          case "sequence" -> sequence = p.getValueAsLong(-1);
          case "metadata" -> metadata = readMetadata(p);
          case "versionCount" -> count = p.getValueAsLong(-1);
          case "firstVersion" -> first = p.getValueAsLong(-1);
          case "versions" -> {
            expect(p.currentToken() == JsonToken.START_ARRAY && count > 0 && first >= 1 && first <= count,
                "versions come before their count and first number");
            long wanted = only == LATEST || (only == ALL && incarnation != null) ? count : only;
            long number = incarnation != null ? count - 1 : first - 1;
            while (p.nextToken() == JsonToken.START_OBJECT) {
              number++;
              if (wanted == ALL || wanted == number) {
                SecretRecord.Version version = readVersion(p, values);
                expect(version.number() == number, "the versions are not numbered without gaps");
                versions.add(version);
              } else {
                p.skipChildren();
              }
            }
            expect(number == count, "the record lacks versions");
          }
          default -> p.skipChildren();
        }
      }
      expect(id.toString().equals(recordId), "the record belongs to another secret");
      expect(revision != null && metadata != null && count > 0, "the record lacks its revision or metadata");
      expect(incarnation == null || sequence > 0, "the record lacks its sequence number");
      return new SecretRecord(id, revision, incarnation, sequence, metadata, count, first, versions);
    } catch (IOException | RuntimeException e) {
      // Jackson's messages may quote the plaintext, so neither the message nor the cause is kept.
      versions.forEach(SecretRecord.Version::wipe);
      throw new MalformedRecordException("its content is not a valid record (" + e.getClass().getSimpleName() + ")");
    } catch (MalformedRecordException e) {
      versions.forEach(SecretRecord.Version::wipe);
      throw e;
    }
  }

  /**
   * Reads version {@code number} of {@code id} in {@code incarnation} from the plaintext of its
   * own file, decoding its values when {@code values} is set.
   */
  SecretRecord.Version readVersion(byte[] plaintext, SecretId id, String incarnation, long number, boolean values)
      throws MalformedRecordException {
    SecretRecord.Version version = null;
    try (JsonParser p = json.createParser(plaintext)) {
      expect(p.nextToken() == JsonToken.START_OBJECT, "the version is not a JSON object");
      String versionId = null;
      String versionIncarnation = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken token = p.nextToken();
        switch (field) {
          case "id" -> versionId = p.getValueAsString();
          case "incarnation" -> versionIncarnation = p.getValueAsString();
          case "version" -> {
            expect(token == JsonToken.START_OBJECT && version == null, "the version is not one object");
            version = readVersion(p, values);
          }
          default -> p.skipChildren();
        }
      }
      expect(id.toString().equals(versionId) && incarnation.equals(versionIncarnation),
          "the version belongs to another secret");
      expect(version != null && version.number() == number, "the file holds another version");
      return version;
    } catch (IOException | RuntimeException e) {
      if (version != null) {
        version.wipe();
      }
      throw new MalformedRecordException("its content is not a valid version (" + e.getClass().getSimpleName() + ")");
    } catch (MalformedRecordException e) {
      if (version != null) {
        version.wipe();
      }
      throw e;
    }
  }

  private static SecretRecord.Version readVersion(JsonParser p, boolean decode) throws IOException,
      MalformedRecordException {
    long number = -1;
    Instant createdAt = null;
    String createdBy = null;
    List<String> keys = new ArrayList<>();
    Map<String, SecretValue> values = new LinkedHashMap<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      p.nextToken();
      switch (field) {
        case "number" -> number = p.getValueAsLong(-1);
        case "createdAt" -> createdAt = Instant.parse(p.getText());
        case "createdBy" -> createdBy = p.getValueAsString();
        case "values" -> {
          expect(number > 0, "a version's values come before its number");
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            p.nextToken();
            keys.add(key);
            if (decode) {
              byte[] bytes = p.getBinaryValue();
              values.put(key, SecretValue.ofBytes(bytes));
              Arrays.fill(bytes, (byte) 0);
            }
          }
        }
        default -> p.skipChildren();
      }
    }
    expect(createdAt != null, "a version lacks its time");
    return new SecretRecord.Version(new SecretVersion(number, createdAt, createdBy), keys, values);
  }

  private static SecretMetadata readMetadata(JsonParser p) throws IOException, MalformedRecordException {
    expect(p.currentToken() == JsonToken.START_OBJECT, "the metadata is not an object");
    Map<String, Object> fields = new LinkedHashMap<>();
    List<Grant> grants = new ArrayList<>();
    Map<String, String> fileNames = new LinkedHashMap<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken token = p.nextToken();
      if ("fileNames".equals(field)) {
        expect(token == JsonToken.START_OBJECT, "metadata field fileNames is not an object");
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String key = p.currentName();
          expect(p.nextToken() == JsonToken.VALUE_STRING, "a file name is not text");
          fileNames.put(key, p.getText());
        }
      } else if ("grants".equals(field)) {
        while (p.nextToken() == JsonToken.START_OBJECT) {
          String principal = null;
          String permission = null;
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            if ("principal".equals(name)) {
              principal = p.getValueAsString();
            } else if ("permission".equals(name)) {
              permission = p.getValueAsString();
            } else {
              p.skipChildren();
            }
          }
          Permission parsed = Permission.fromLabel(String.valueOf(permission)).orElse(null);
          expect(parsed != null, "a grant has an unknown permission");
          grants.add(new Grant(principal, parsed));
        }
      } else if (token == JsonToken.START_ARRAY) {
        List<String> items = new ArrayList<>();
        while (p.nextToken() == JsonToken.VALUE_STRING) {
          items.add(p.getText());
        }
        fields.put(field, items);
      } else {
        fields.put(field, token == JsonToken.VALUE_NULL ? null : p.getValueAsString());
        p.skipChildren();
      }
    }
    return new SecretMetadata(text(fields, "kind"), text(fields, "manifestVersion"), text(fields, "secretType"),
        text(fields, "acl"), text(fields, "owner"), strings(fields, "tags"), text(fields, "description"),
        text(fields, "layer"), grants, strings(fields, "dependents"), Instant.parse(text(fields, "createdAt")),
        text(fields, "createdBy"), Instant.parse(text(fields, "updatedAt")), text(fields, "updatedBy"), fileNames);
  }

  private static String text(Map<String, Object> fields, String name) throws MalformedRecordException {
    Object value = fields.get(name);
    expect(value == null || value instanceof String, "metadata field " + name + " is not text");
    return (String) value;
  }

  private static List<String> strings(Map<String, Object> fields, String name) throws MalformedRecordException {
    Object value = fields.get(name);
    expect(value instanceof List<?>, "metadata field " + name + " is not a list");
    List<String> items = new ArrayList<>();
    for (Object item : (List<?>) value) {
      items.add((String) item);
    }
    return items;
  }

  private static void expect(boolean condition, String problem) throws MalformedRecordException {
    if (!condition) {
      throw new MalformedRecordException("its content is not a valid record: " + problem);
    }
  }
}
