package dev.secretkit.store.file;

import dev.secretkit.SecretMetadata;
import dev.secretkit.SecretValue;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoredSecret;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The four kinds of write of the crash-at-every-step test, each on {@link FileStoreWorker#STEPPED}:
 * the state before it, the write itself, and the state after it.
 */
enum StepWrite {
  CREATE(false, true, true),
  UPDATE(true, true, true),
  UPDATE_METADATA(true, false, true),
  DELETE(true, false, false);

  /** A secret's state as the test compares it: latest version number, values and metadata. */
  record State(long version, Map<String, SecretValue> values, SecretMetadata metadata) {
    static Optional<State> of(SecretStore store) {
      return store.read(FileStoreWorker.STEPPED).map(s -> new State(s.version().number(), s.values(), s.metadata()));
    }
  }

  private static final Instant LATER = TestStores.T0.plusSeconds(60);

  private final boolean existsBefore;
  private final boolean newValues;
  private final boolean existsAfter;

  StepWrite(boolean existsBefore, boolean newValues, boolean existsAfter) {
    this.existsBefore = existsBefore;
    this.newValues = newValues;
    this.existsAfter = existsAfter;
  }

  /** Writes the state before the write into {@code store}. */
  void prepare(SecretStore store) {
    if (existsBefore) {
      store.create(FileStoreWorker.STEPPED, TestStores.metadata("before", TestStores.T0), TestStores.values("k", "old"));
    }
  }

  /** Performs the write on {@code store}, which holds the state before it. */
  void run(SecretStore store) {
    SecretMetadata metadata = TestStores.metadata("after", LATER);
    Optional<StoredSecret> current = store.read(FileStoreWorker.STEPPED);
    String revision = current.map(StoredSecret::revision).orElse(null);
    switch (this) {
      case CREATE -> store.create(FileStoreWorker.STEPPED, metadata, TestStores.values("k", "new"));
      case UPDATE -> store.update(FileStoreWorker.STEPPED, revision, metadata, TestStores.values("k", "new"));
      case UPDATE_METADATA -> store.updateMetadata(FileStoreWorker.STEPPED, revision, metadata);
      case DELETE -> store.delete(FileStoreWorker.STEPPED, revision);
      default -> throw new IllegalStateException(name());
    }
  }

  /** Returns the state before the write. */
  Optional<State> before() {
    return existsBefore ? Optional.of(new State(1, TestStores.values("k", "old"),
        TestStores.metadata("before", TestStores.T0))) : Optional.empty();
  }

  /** Returns the state after the write. */
  Optional<State> after() {
    if (!existsAfter) {
      return Optional.empty();
    }
    long version = existsBefore && newValues ? 2 : 1;
    return Optional.of(new State(version, TestStores.values("k", newValues ? "new" : "old"),
        TestStores.metadata("after", LATER)));
  }

  /** Returns whether the write passes {@code step}: a delete writes no version and no temp file. */
  boolean reaches(CommitStep step) {
    return existsAfter || (step != CommitStep.TEMP_WRITTEN && step != CommitStep.TEMP_SYNCED
        && step != CommitStep.VERSIONS_WRITTEN);
  }
}
