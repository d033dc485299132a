package dev.secretkit.cli;

import dev.secretkit.SecretId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A multi-document apply of every kind ApplyCrashProcessIT kills: a baseline of secrets, written in two
 * versions by their owner, and one file of Secret manifests over it, in a seeded shuffled order, that creates
 * secrets, writes a new version of others (every value changed, a key added and one dropped, {@code acl} and
 * tags changed), changes only the tags, description and {@code acl} of others, and hands others to a new owner
 * with new values (which moves the owner's grants: the apply's change of access). Half the secrets live in the
 * {@code public} workspace as V1 manifests, half in {@code team-a} as V2 ones. Every value holds the canary, so
 * a value printed anywhere fails the scan; one value per secret is 4 KiB, so a record takes a while to write.
 */
final class ApplyBatch {
  /** Who writes the baseline and owns its secrets. */
  static final String OWNER = "olivia";
  /** Who may use the baseline's secrets through a grant. */
  static final String READER = "carol";
  /** The tenant-admin who runs the killed apply, with can-use on every baseline secret so re-applies compare. */
  static final String ADMIN = "admin";
  /** Who the transferring documents hand their secret to. */
  static final String NEW_OWNER = "dave";
  /** The dependent registered on every baseline secret, which the apply must keep. */
  static final String DEPENDENT = "service:v1:billing-api";

  /** What a document of the batch does to its secret. */
  enum Change {
    /** Creates a secret the baseline lacks. */
    CREATE("c"),
    /** Writes a new version: every value changed, a key added and one dropped, acl and tags changed. */
    NEW_VERSION("u"),
    /** Changes tags, description and acl only: no new version. */
    METADATA("m"),
    /** Hands the secret to {@link #NEW_OWNER} with new values: the owner's grants move. */
    TRANSFER("t");

    private final String prefix;

    Change(String prefix) {
      this.prefix = prefix;
    }
  }

  /**
   * One document of the batch.
   *
   * @param id the secret it applies
   * @param change what it does to it
   * @param index its place in the batch's order
   */
  record Document(SecretId id, Change change, int index) {
    private boolean v2() {
      return !"public".equals(id.scope());
    }
  }

  private final String canary;
  private final List<Document> documents;

  /**
   * Returns a batch of {@code perKind} documents of each change, alternately in {@code public} and
   * {@code team-a}, shuffled with {@code seed}; every value holds {@code canary}.
   */
  ApplyBatch(String canary, int perKind, long seed) {
    this.canary = canary;
    List<Document> unordered = new ArrayList<>();
    for (Change change : Change.values()) {
      for (int i = 0; i < perKind; i++) {
        String scope = i % 2 == 0 ? "public" : "team-a";
        unordered.add(new Document(SecretId.of(scope, change.prefix + "-" + i), change, -1));
      }
    }
    Collections.shuffle(unordered, new Random(seed));
    List<Document> ordered = new ArrayList<>();
    for (Document document : unordered) {
      ordered.add(new Document(document.id(), document.change(), ordered.size()));
    }
    documents = List.copyOf(ordered);
  }

  /** Returns the documents in the order the batch file holds them. */
  List<Document> documents() {
    return documents;
  }

  /** Returns the secrets the baseline holds: all but the created ones. */
  List<SecretId> baseline() {
    return documents.stream().filter(d -> d.change() != Change.CREATE).map(Document::id).sorted().toList();
  }

  /** Writes the baseline's first and second versions to {@code first} and {@code second}. */
  void writeBaseline(Path first, Path second) throws IOException {
    List<String> one = new ArrayList<>();
    List<String> two = new ArrayList<>();
    for (Document document : documents) {
      if (document.change() != Change.CREATE) {
        one.add(baseline(document, 1));
        two.add(baseline(document, 2));
      }
    }
    Files.writeString(first, String.join("---\n", one));
    Files.writeString(second, String.join("---\n", two));
  }

  /** Writes the batch, every document in order, to {@code file}. */
  void writeBatch(Path file) throws IOException {
    Files.writeString(file, String.join("---\n", documents.stream().map(this::target).toList()));
  }

  private String baseline(Document document, int generation) {
    return manifest(document, "r", "[tier:silver]", "baseline of " + document.id().name(), null,
        List.of("username", "password", "host", "pem"), generation);
  }

  private String target(Document document) {
    return switch (document.change()) {
      case CREATE -> manifest(document, "r", "[tier:new]", "created by the batch", null,
          List.of("username", "password", "host", "pem"), 3);
      case NEW_VERSION -> manifest(document, "rw", "[tier:gold, rotated]", "rotated by the batch", null,
          List.of("username", "password", "port", "pem"), 3);
      case METADATA -> manifest(document, "rw", "[tier:gold]", "relabelled by the batch", null,
          List.of("username", "password", "host", "pem"), 2);
      case TRANSFER -> manifest(document, "r", "[tier:silver]", "baseline of " + document.id().name(), NEW_OWNER,
          List.of("username", "password", "host", "pem"), 3);
    };
  }

  private String manifest(Document document, String acl, String tags, String description, String owner,
      List<String> keys, int generation) {
    StringBuilder yaml = new StringBuilder();
    yaml.append("name: ").append(document.id().name()).append('\n');
    yaml.append("version: ").append(document.v2() ? "v2alpha" : "v1").append('\n');
    yaml.append("type: secret\n");
    if (document.v2()) {
      yaml.append("workspace: ").append(document.id().scope()).append('\n');
    }
    yaml.append("tags: ").append(tags).append('\n');
    yaml.append("description: ").append(description).append('\n');
    if (owner != null) {
      yaml.append("owner: ").append(owner).append('\n');
    }
    yaml.append("secret:\n  type: key-value\n");
    if (!document.v2()) {
      yaml.append("  acl: ").append(acl).append('\n');
    }
    yaml.append("  data:\n");
    for (String key : keys) {
      yaml.append("    ").append(key).append(": \"").append(value(document.id(), key, generation)).append("\"\n");
    }
    return yaml.toString();
  }

  /** Returns the value of {@code key} of {@code id} in {@code generation}: 1 and 2 the baseline's, 3 the batch's. */
  String value(SecretId id, String key, int generation) {
    String value = canary + "-" + id.scope() + "-" + id.name() + "-" + key + "-g" + generation;
    return key.equals("pem") ? value + "-" + "Q".repeat(4096) : value;
  }
}
