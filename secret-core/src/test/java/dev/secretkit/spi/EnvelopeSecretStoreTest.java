package dev.secretkit.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretkit.ConflictException;
import dev.secretkit.SecretDataException;
import dev.secretkit.SecretId;
import dev.secretkit.SecretMetadata;
import dev.secretkit.SecretSummary;
import dev.secretkit.SecretValue;
import dev.secretkit.manifest.InvalidManifestException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The reads and writes {@link EnvelopeSecretStore} implements once, on a backend of JSON documents in memory: one
 * list of {@link SecretPayload} documents per secret, whose place is its position from 1, written with a
 * compare-and-set on the number of documents.
 */
class EnvelopeSecretStoreTest {
  private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");
  private static final SecretId PG = SecretId.of("public", "pg");

  /** One document of a secret and the revision the backend gave it. */
  private record Written(String revision, String json) {
  }

  /** A read of a secret's current document: the document and its place. */
  private record Read(int place, Written document) {
  }

  /** The backend: every document of every secret, and how often each call was made. */
  private static final class DocumentStore extends EnvelopeSecretStore<Read> {
    final Map<SecretId, List<Written>> documents = new HashMap<>();
    int commits;
    int releases;
    private long lastRevision;

    DocumentStore(int versionsRetained, int maxBytes, int historyReserveBytes) {
      super("documents:test", StoreLimits.of(1024, 10, 4096), StoreCapabilities.of(versionsRetained,
          Capability.VERSION_AUTHORS, Capability.ATOMIC_METADATA), new Document("test document", "testDocumentBytes",
          maxBytes, historyReserveBytes, "1"));
    }

    @Override
    protected Optional<Read> fetchCurrent(SecretId id) {
      List<Written> kept = documents.getOrDefault(id, List.of());
      return kept.isEmpty() ? Optional.empty() : Optional.of(new Read(kept.size(), kept.get(kept.size() - 1)));
    }

    @Override
    protected String revision(Read read) {
      return read.document().revision();
    }

    @Override
    protected Current<Read> decode(SecretId id, Read read) {
      SecretPayload payload = SecretPayload.decode(read.document().json());
      SecretEnvelope envelope = payload.envelope().orElseThrow();
      if (!envelope.current().ref().equals(Optional.of(Integer.toString(read.place())))) {
        throw new SecretDataException(id.toString(), description(), "copied by another tool", null);
      }
      return new Current<>(read, revision(read), payload.values(), envelope);
    }

    @Override
    protected Optional<Map<String, SecretValue>> readKept(SecretId id, Current<Read> current, VersionEntry entry) {
      int place = Integer.parseInt(entry.ref().orElseThrow());
      return Optional.of(SecretPayload.decode(documents.get(id).get(place - 1).json()).values());
    }

    @Override
    protected String nextRef(Current<Read> current) {
      return Integer.toString(current.read().place() + 1);
    }

    @Override
    protected String commit(SecretId id, Current<Read> current, String ref, Map<String, SecretValue> values,
        SecretEnvelope envelope, boolean newVersion) {
      commits++;
      List<Written> kept = documents.get(id);
      if (kept == null || kept.size() != current.read().place()) {
        throw ConflictException.changed(id, description());
      }
      return write(kept, SecretPayload.encode(values, envelope));
    }

    @Override
    protected String commitFirst(SecretId id, SecretMetadata metadata, Map<String, SecretValue> values) {
      commits++;
      if (documents.containsKey(id)) {
        throw ConflictException.exists(id, description());
      }
      List<Written> kept = new ArrayList<>();
      documents.put(id, kept);
      return write(kept, SecretPayload.encode(values, SecretEnvelope.first(metadata, "1")));
    }

    @Override
    protected int documentSize(Map<String, SecretValue> values, SecretEnvelope envelope) {
      return SecretPayload.size(values, envelope);
    }

    @Override
    protected void release() {
      releases++;
    }

    @Override
    public Page<SecretSummary> list(String scope, String pageToken, int pageSize) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Page<SecretId> listIds(String pageToken, int pageSize) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void delete(SecretId id, String expectedRevision) {
      documents.remove(id);
    }

    private String write(List<Written> kept, String json) {
      String revision = Long.toString(++lastRevision);
      kept.add(new Written(revision, json));
      return revision;
    }
  }

  private static SecretMetadata metadata(String by, Instant at) {
    return new SecretMetadata("secret", "v1", "key-value-properties", "r", "alice", List.of(), null, null, List.of(),
        List.of(), T0, "alice", at, by);
  }

  private static Map<String, SecretValue> password(String password) {
    return Map.of("password", SecretValue.ofString(password));
  }

  private static String password(StoredSecret secret) {
    return secret.values().get("password").asString();
  }

  @Test
  void create_writesVersionOneNamingItsDocument_andReadsBack() {
    DocumentStore store = new DocumentStore(0, 65_536, 1024);

    StoredSecret created = store.create(PG, metadata("alice", T0), password("v1"));

    assertThat(created.version().number()).isEqualTo(1);
    assertThat(created.version().createdBy()).isEqualTo("alice");
    StoredSecret read = store.read(PG).orElseThrow();
    assertThat(read.revision()).isEqualTo(created.revision());
    assertThat(password(read)).isEqualTo("v1");
    assertThatThrownBy(() -> store.create(PG, metadata("bob", T0), password("v1")))
        .isInstanceOfSatisfying(ConflictException.class,
            e -> assertThat(e.reason()).isEqualTo(ConflictException.Reason.EXISTS));
  }

  @Test
  void update_appendsTheNextVersion_andOlderVersionsReadFromTheirDocuments() {
    DocumentStore store = new DocumentStore(0, 65_536, 1024);
    StoredSecret v1 = store.create(PG, metadata("alice", T0), password("v1"));

    StoredSecret v2 = store.update(PG, v1.revision(), metadata("bob", T0.plusSeconds(1)), password("v2"));

    assertThat(v2.version().number()).isEqualTo(2);
    assertThat(v2.version().createdBy()).isEqualTo("bob");
    assertThat(password(store.read(PG).orElseThrow())).isEqualTo("v2");
    StoredSecret old = store.read(PG, 1).orElseThrow();
    assertThat(password(old)).isEqualTo("v1");
    assertThat(old.revision()).as("an old version has the secret's current revision").isEqualTo(v2.revision());
    assertThat(old.metadata().updatedBy()).isEqualTo("bob");
    assertThat(store.read(PG, 3)).isEmpty();
    assertThat(store.versions(PG)).extracting(v -> v.number()).containsExactly(1L, 2L);
  }

  @Test
  void updateMetadata_keepsTheVersionAndValues_andNamesTheNewDocumentAsTheirPlace() {
    DocumentStore store = new DocumentStore(0, 65_536, 1024);
    StoredSecret v1 = store.create(PG, metadata("alice", T0), password("v1"));

    SecretHead head = store.updateMetadata(PG, v1.revision(), metadata("carol", T0.plusSeconds(1)));

    assertThat(head.latest()).isEqualTo(v1.version());
    assertThat(head.keys()).containsExactly("password");
    assertThat(head.revision()).isNotEqualTo(v1.revision());
    assertThat(store.documents.get(PG)).hasSize(2);
    StoredSecret read = store.read(PG, 1).orElseThrow();
    assertThat(password(read)).isEqualTo("v1");
    assertThat(read.metadata().updatedBy()).isEqualTo("carol");
    assertThat(store.head(PG)).contains(head);
  }

  @Test
  void aValueWrite_keepsTheNewestRetainedVersions() {
    DocumentStore store = new DocumentStore(2, 65_536, 1024);
    StoredSecret s = store.create(PG, metadata("alice", T0), password("v1"));
    for (int i = 2; i <= 4; i++) {
      s = store.update(PG, s.revision(), metadata("alice", T0.plusSeconds(i)), password("v" + i));
    }

    assertThat(store.versions(PG)).extracting(v -> v.number()).containsExactly(3L, 4L);
    assertThat(store.read(PG, 2)).isEmpty();
  }

  @Test
  void aWriteThatWouldNotFit_dropsTheOldestHistoryEntries_keepingTheCurrentOne() {
    int oneEntry = SecretPayload.size(password("v1"), SecretEnvelope.first(metadata("alice", T0), "1"));
    DocumentStore store = new DocumentStore(0, oneEntry + 150, 100);
    StoredSecret s = store.create(PG, metadata("alice", T0), password("v1"));
    for (int i = 2; i <= 6; i++) {
      s = store.update(PG, s.revision(), metadata("alice", T0.plusSeconds(i)), password("v" + i));
    }

    assertThat(store.documents.get(PG))
        .allSatisfy(document -> assertThat(document.json().length()).isLessThanOrEqualTo(oneEntry + 150));
    assertThat(store.versions(PG)).hasSizeBetween(1, 3).last().satisfies(v -> assertThat(v.number()).isEqualTo(6));
  }

  @Test
  void aStaleOrMissingRevision_isAConflict_andWritesNothing() {
    DocumentStore store = new DocumentStore(0, 65_536, 1024);
    StoredSecret v1 = store.create(PG, metadata("alice", T0), password("v1"));
    store.update(PG, v1.revision(), metadata("alice", T0), password("v2"));
    int commits = store.commits;

    assertThatThrownBy(() -> store.update(PG, v1.revision(), metadata("mallory", T0), password("lost")))
        .isInstanceOfSatisfying(ConflictException.class,
            e -> assertThat(e.reason()).isEqualTo(ConflictException.Reason.CHANGED));
    assertThatThrownBy(() -> store.updateMetadata(PG, v1.revision(), metadata("mallory", T0)))
        .isInstanceOf(ConflictException.class);
    assertThatThrownBy(() -> store.update(SecretId.of("public", "gone"), "r", metadata("a", T0), password("x")))
        .isInstanceOf(ConflictException.class);
    assertThat(store.commits).isEqualTo(commits);
    assertThat(password(store.read(PG).orElseThrow())).isEqualTo("v2");
  }

  @Test
  void aSecretWhoseDocumentWouldBeTooLarge_isRefusedBeforeAnyBackendCall() {
    int oneEntry = SecretPayload.size(password("v1"), SecretEnvelope.first(metadata("alice", T0), "1"));
    DocumentStore store = new DocumentStore(0, oneEntry + 100, 101);

    List<StoreLimits.Problem> problems = store.problems(metadata("alice", T0), password("v1"));

    assertThat(problems).singleElement().satisfies(problem -> {
      assertThat(problem.limit()).isEqualTo("testDocumentBytes");
      assertThat(problem.message()).isEqualTo("the test document of keys, values and metadata would be " + oneEntry
          + " bytes; the store allows at most " + (oneEntry - 1) + " (" + (oneEntry + 100) + " less 101 for the"
          + " version history)");
    });
    assertThatThrownBy(() -> store.create(PG, metadata("alice", T0), password("v1")))
        .isInstanceOf(InvalidManifestException.class);
    assertThat(store.commits).isZero();
    assertThat(new DocumentStore(0, oneEntry + 100, 100).problems(metadata("alice", T0), password("v1"))).isEmpty();
  }

  @Test
  void aDocumentThatDoesNotNameItself_isADataError_butAStaleWriteOnItAConflict() {
    DocumentStore store = new DocumentStore(0, 65_536, 1024);
    StoredSecret v1 = store.create(PG, metadata("alice", T0), password("v1"));
    store.update(PG, v1.revision(), metadata("alice", T0), password("v2"));
    List<Written> documents = store.documents.get(PG);
    documents.add(new Written("copied", documents.get(0).json()));

    assertThatThrownBy(() -> store.read(PG)).isInstanceOf(SecretDataException.class);
    assertThatThrownBy(() -> store.update(PG, "copied", metadata("alice", T0), password("v3")))
        .isInstanceOf(SecretDataException.class);
    assertThatThrownBy(() -> store.update(PG, v1.revision(), metadata("alice", T0), password("v3")))
        .as("a stale write is a conflict, whatever the current document holds").isInstanceOf(ConflictException.class);
  }

  @Test
  void valuesReturned_areTheCallersToDestroy() {
    DocumentStore store = new DocumentStore(0, 65_536, 1024);
    Map<String, SecretValue> values = password("v1");
    StoredSecret created = store.create(PG, metadata("alice", T0), values);

    values.get("password").destroy();
    created.values().get("password").destroy();
    store.read(PG).orElseThrow().values().get("password").destroy();

    assertThat(password(store.read(PG).orElseThrow())).isEqualTo("v1");
  }

  @Test
  void theBase_answersWhatItWasGiven_andRefusesUseAfterTheOneRelease() {
    DocumentStore store = new DocumentStore(3, 65_536, 1024);

    assertThat(store.description()).isEqualTo("documents:test");
    assertThat(store.limits()).isEqualTo(StoreLimits.of(1024, 10, 4096));
    assertThat(store.capabilities().versionsRetained()).isEqualTo(3);
    assertThat(store).hasToString("DocumentStore[documents:test]");
    store.close();
    store.close();

    assertThat(store.releases).isEqualTo(1);
    assertThatThrownBy(() -> store.read(PG)).isInstanceOf(IllegalStateException.class)
        .hasMessage("store documents:test is closed");
    assertThatThrownBy(() -> store.create(PG, metadata("alice", T0), password("v1")))
        .isInstanceOf(IllegalStateException.class);
    assertThat(store.capabilities().versionsRetained()).as("still answers after close").isEqualTo(3);
  }
}
