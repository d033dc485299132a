package dev.secretkit.store.file;

import dev.secretkit.AccessDeniedException;
import dev.secretkit.ConfigurationException;
import dev.secretkit.ConflictException;
import dev.secretkit.SecretDataException;
import dev.secretkit.SecretException;
import dev.secretkit.SecretId;
import dev.secretkit.SecretMetadata;
import dev.secretkit.SecretSummary;
import dev.secretkit.SecretValue;
import dev.secretkit.SecretVersion;
import dev.secretkit.StoreUnavailableException;
import dev.secretkit.spi.AbstractSecretStore;
import dev.secretkit.spi.Capability;
import dev.secretkit.spi.Page;
import dev.secretkit.spi.SecretHead;
import dev.secretkit.spi.StoreCapabilities;
import dev.secretkit.spi.StoreLimits;
import dev.secretkit.spi.StoredSecret;
import dev.secretkit.spi.support.PageTokens;
import dev.secretkit.spi.support.SecretValues;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The encrypted file store: {@code <dir>/secrets/<scope>/<name>.sk} per secret, each a
 * {@link RecordCipher sealed} {@link RecordCodec JSON} record of metadata, revision and versions.
 *
 * <p>Writes hold the {@link StoreLock}, re-read the record, check the revision, write a temp file
 * in the same directory, fsync it, rename it over the record and fsync the directory. Reads take
 * no lock: a rename is atomic, so they see the old record or the new one, never a mix. Temp files
 * left by a crash start with a dot and end with {@code .tmp}; reads ignore them and the next write
 * to their directory removes them.
 */
final class FileSecretStore extends AbstractSecretStore {
  static final String RECORD_SUFFIX = ".sk";
  static final String TEMP_SUFFIX = ".tmp";
  static final String SECRETS_DIRECTORY = "secrets";
  static final String LOCK_FILE = "store.lock";
  static final String KEY_ID_FILE = "key.id";

  private static final Pattern SAFE_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");

  private final Path directory;
  private final Path secrets;
  private final Path keyFile;
  private final MasterKey variableKey;
  private final RecordCodec codec = new RecordCodec();
  private final SecureRandom random = new SecureRandom();
  private final Consumer<CommitStep> steps;
  private final Object setup = new Object();
  private volatile RecordCipher cipher;
  private volatile StoreLock lock;
  private boolean tidied;

  private FileSecretStore(String description, Path directory, Path keyFile, MasterKey variableKey, StoreLimits limits,
      int versionsRetained, Consumer<CommitStep> steps) {
    super(description, limits, StoreCapabilities.of(versionsRetained, Capability.PERSISTENT,
        Capability.VERSION_AUTHORS, Capability.ATOMIC_METADATA, Capability.CONDITIONAL_DELETE));
    this.directory = directory;
    this.secrets = directory.resolve(SECRETS_DIRECTORY);
    this.keyFile = keyFile;
    this.variableKey = variableKey;
    this.steps = steps;
  }

  /**
   * Opens the store in {@code directory} without creating or changing anything: its master key
   * comes from {@code keyVariable} when it is set, else from {@code keyFile}; the store keeps the
   * newest {@code versionsRetained} versions of each secret, or all of them when 0.
   *
   * <p>A store that exists (it has a key id file) has its key loaded and checked now, so a wrong or
   * missing key fails here; a key is never generated for it. So has a key file that exists already. A store that does not exist yet reads
   * as empty, and its first write creates the directory (0700), the key file (0600, unless the key
   * comes from the variable) and the key id, under the store lock.
   */
  static FileSecretStore open(String description, Path directory, Path keyFile, String keyVariable,
      StoreLimits limits, int versionsRetained) {
    return open(description, directory, keyFile, keyVariable, limits, versionsRetained, step -> { });
  }

  /**
   * Opens the store as {@link #open(String, Path, Path, String, StoreLimits, int)} does, telling
   * {@code steps} each step of every write.
   */
  static FileSecretStore open(String description, Path directory, Path keyFile, String keyVariable,
      StoreLimits limits, int versionsRetained, Consumer<CommitStep> steps) {
    MasterKey variableKey = keyVariable == null ? null : MasterKey.fromVariable(keyVariable, description);
    FileSecretStore store = new FileSecretStore(description, directory, keyFile, variableKey, limits,
        versionsRetained, steps);
    if (store.exists() || (variableKey == null && Files.exists(keyFile))) {
      store.cipher();
    }
    return store;
  }

  /**
   * Returns whether the store has been created: its first write records the key id, and nothing
   * else does; a store that holds records without one (restored from a backup without it) exists too.
   */
  private boolean exists() {
    try {
      return Files.exists(directory.resolve(KEY_ID_FILE)) || holdsRecords();
    } catch (IOException e) {
      // What cannot be listed is not known to be absent.
      return true;
    }
  }

  @Override
  public Optional<String> absence() {
    if (exists()) {
      return Optional.empty();
    }
    String key = variableKey != null ? "sealed with the master key in environment variable " + MasterKey.VARIABLE
        : Files.exists(keyFile) ? "sealed with the master key in " + keyFile
        : "with a new master key in " + keyFile;
    return Optional.of("there is no store at " + directory + " yet; the first write creates it, " + key);
  }

  /** Returns the cipher of an existing store, loading and checking its key on first use; never creates a key. */
  private RecordCipher cipher() {
    RecordCipher loaded = cipher;
    if (loaded != null) {
      return loaded;
    }
    synchronized (setup) {
      if (cipher == null) {
        try {
          MasterKey key = variableKey != null ? variableKey : MasterKey.existing(keyFile, description());
          checkKeyId(key, false);
          cipher = new RecordCipher(key, random);
        } catch (IOException e) {
          throw unavailable(description(), "loading the master key from " + keyFile, e);
        }
      }
      return cipher;
    }
  }

  /**
   * Under the lock, before the first write of this object: removes temp files a crash left, and
   * creates the store when it does not exist yet, with its key and key id. A key file is
   * generated only when the store holds no record, so records are never orphaned by a new key.
   */
  private void prepareWrite() throws IOException {
    synchronized (setup) {
      if (!tidied) {
        removeTemps(directory);
        tidied = true;
      }
      if (cipher != null && exists()) {
        return;
      }
      MasterKey key;
      if (variableKey != null) {
        key = variableKey;
      } else if (exists() || Files.exists(keyFile) || holdsRecords()) {
        key = MasterKey.existing(keyFile, description());
      } else {
        key = MasterKey.createOrRead(keyFile, description(), random);
      }
      checkKeyId(key, true);
      cipher = new RecordCipher(key, random);
    }
  }

  /** Returns whether any scope directory holds a record file. */
  private boolean holdsRecords() throws IOException {
    try (DirectoryStream<Path> scopes = Files.newDirectoryStream(secrets)) {
      for (Path scope : scopes) {
        try (DirectoryStream<Path> records = Files.newDirectoryStream(scope, "*" + RECORD_SUFFIX)) {
          if (records.iterator().hasNext()) {
            return true;
          }
        } catch (NotDirectoryException e) {
          // Not a scope.
        }
      }
      return false;
    } catch (NoSuchFileException | NotDirectoryException e) {
      return false;
    }
  }

  /**
   * Checks that {@code key} is the key the store was created with, by the key id (not secret: a
   * truncated HMAC of the key) its first write records, so a wrong key fails at open and not at
   * the first read, and never seals new records no other client can read. Records the id when
   * {@code record} is set and none is recorded yet; call that under the lock.
   */
  private void checkKeyId(MasterKey key, boolean record) throws IOException {
    Path file = directory.resolve(KEY_ID_FILE);
    String mine = HexFormat.of().formatHex(key.id());
    String recorded;
    try {
      recorded = Files.readString(file, StandardCharsets.US_ASCII).strip();
    } catch (NoSuchFileException e) {
      if (record) {
        writeKeyId(file, mine);
      }
      return;
    }
    if (!recorded.equals(mine)) {
      throw new ConfigurationException("store " + description() + " was created with another master key (key id "
          + recorded + "), but the key from " + key.source() + " has key id " + mine
          + "; open the store with the master key it was created with");
    }
  }

  private void writeKeyId(Path file, String id) throws IOException {
    Path temp = directory.resolve("." + KEY_ID_FILE + "." + id + TEMP_SUFFIX);
    try {
      try (FileChannel channel = FilePermissions.createPrivateFile(temp)) {
        channel.write(ByteBuffer.wrap((id + "\n").getBytes(StandardCharsets.US_ASCII)));
        channel.force(true);
      }
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
      FilePermissions.syncDirectory(directory);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  @Override
  public Optional<StoredSecret> read(SecretId id) {
    Objects.requireNonNull(id, "id");
    checkOpen();
    SecretRecord record = load(id, RecordCodec.LATEST, true);
    if (record == null) {
      return Optional.empty();
    }
    SecretRecord.Version latest = record.latest();
    record.wipeExcept(latest);
    return Optional.of(stored(record, latest));
  }

  @Override
  public Optional<SecretHead> head(SecretId id) {
    Objects.requireNonNull(id, "id");
    checkOpen();
    SecretRecord record = load(id, RecordCodec.LATEST, false);
    return record == null ? Optional.empty() : Optional.of(head(record));
  }

  @Override
  public Optional<StoredSecret> read(SecretId id, long version) {
    Objects.requireNonNull(id, "id");
    checkOpen();
    SecretRecord record = load(id, version < 1 ? RecordCodec.NONE : version, true);
    if (record == null) {
      return Optional.empty();
    }
    Optional<SecretRecord.Version> found = record.version(version);
    record.wipeExcept(found.orElse(null));
    return found.map(v -> stored(record, v));
  }

  @Override
  public Page<SecretSummary> list(String scope, String pageToken, int pageSize) {
    String after = PageTokens.checkList(scope, pageToken, pageSize);
    checkOpen();
    List<String> names = new ArrayList<>();
    Path directory = secrets.resolve(safe(scope));
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
      for (Path entry : entries) {
        String file = entry.getFileName().toString();
        if (file.endsWith(RECORD_SUFFIX)) {
          String name = file.substring(0, file.length() - RECORD_SUFFIX.length());
          if (SecretId.isName(name) && (after == null || name.compareTo(after) > 0)) {
            names.add(name);
          }
        }
      }
    } catch (NoSuchFileException | NotDirectoryException e) {
      return Page.of(List.of(), null);
    } catch (IOException e) {
      throw unavailable(description(), "listing " + directory, e);
    }
    names.sort(null);
    List<SecretSummary> items = new ArrayList<>();
    String next = null;
    for (String name : names) {
      if (items.size() == pageSize) {
        next = items.get(items.size() - 1).id().name();
        break;
      }
      SecretId id = SecretId.of(scope, name);
      SecretRecord record = load(id, RecordCodec.LATEST, false);
      if (record != null) {
        items.add(head(record).summary());
      }
    }
    return Page.of(items, next);
  }

  /**
   * Lists the record files' names, without opening them, in {@link SecretId} order; a token is
   * the last id listed, {@code scope:name}. Each page lists the store's directories again.
   */
  @Override
  public Page<SecretId> listIds(String pageToken, int pageSize) {
    PageTokens.checkSize(pageSize);
    SecretId after = PageTokens.idAfter(pageToken);
    checkOpen();
    List<SecretId> ids = new ArrayList<>();
    for (String scope : entries(secrets, "", true)) {
      if (SecretId.isScope(scope) && (after == null || scope.compareTo(after.scope()) >= 0)) {
        for (String name : entries(secrets.resolve(scope), RECORD_SUFFIX, false)) {
          SecretId id = SecretId.isName(name) ? SecretId.of(scope, name) : null;
          if (id != null && (after == null || id.compareTo(after) > 0)) {
            ids.add(id);
          }
        }
      }
    }
    ids.sort(null);
    List<SecretId> items = ids.subList(0, Math.min(pageSize, ids.size()));
    return Page.of(items, ids.size() > pageSize ? items.get(items.size() - 1).toString() : null);
  }

  /**
   * Returns the names in {@code directory} of the subdirectories, or of the regular files ending
   * in {@code suffix} (without it); none when the directory does not exist.
   */
  private List<String> entries(Path directory, String suffix, boolean directories) {
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
      for (Path entry : entries) {
        String file = entry.getFileName().toString();
        if (file.endsWith(suffix) && (directories ? Files.isDirectory(entry) : Files.isRegularFile(entry))) {
          names.add(file.substring(0, file.length() - suffix.length()));
        }
      }
    } catch (NoSuchFileException | NotDirectoryException e) {
      return List.of();
    } catch (IOException e) {
      throw unavailable(description(), "listing " + directory, e);
    }
    return names;
  }

  @Override
  public List<SecretVersion> versions(SecretId id) {
    Objects.requireNonNull(id, "id");
    checkOpen();
    SecretRecord record = load(id, RecordCodec.ALL, false);
    return record == null ? List.of() : record.versions().stream().map(SecretRecord.Version::version).toList();
  }

  @Override
  public StoredSecret create(SecretId id, SecretMetadata metadata, Map<String, SecretValue> values) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(metadata, "metadata");
    refuseProblems(id, metadata, values);
    return write(id, null, current -> SecretRecord.of(id, newRevision(), metadata,
        List.of(newVersion(1, metadata, values))));
  }

  @Override
  public StoredSecret update(SecretId id, String expectedRevision, SecretMetadata metadata,
      Map<String, SecretValue> values) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(expectedRevision, "expectedRevision");
    Objects.requireNonNull(metadata, "metadata");
    refuseProblems(id, metadata, values);
    return write(id, expectedRevision, current -> {
      List<SecretRecord.Version> versions = new ArrayList<>(current.versions());
      versions.add(newVersion(current.versionCount() + 1, metadata, values));
      int retained = capabilities().versionsRetained();
      if (retained > 0 && versions.size() > retained) {
        versions.subList(0, versions.size() - retained).clear();
      }
      return SecretRecord.of(id, newRevision(), metadata, versions);
    });
  }

  @Override
  public SecretHead updateMetadata(SecretId id, String expectedRevision, SecretMetadata metadata) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(expectedRevision, "expectedRevision");
    Objects.requireNonNull(metadata, "metadata");
    StoredSecret written = write(id, expectedRevision, current -> {
      refuseProblems(id, metadata, current.latest().values());
      return SecretRecord.of(id, newRevision(), metadata, current.versions());
    });
    written.values().values().forEach(SecretValue::destroy);
    return written.head();
  }

  @Override
  public void delete(SecretId id, String expectedRevision) {
    Objects.requireNonNull(id, "id");
    if (expectedRevision == null) {
      purge(id);
    } else {
      write(id, expectedRevision, null);
    }
  }

  /** Under the lock, removes the record of {@code id} whatever it holds, even when it cannot be read. */
  private void purge(SecretId id) {
    Path file = recordPath(id);
    if (!Files.exists(file)) {
      // Checked again under the lock; this check only keeps a delete of nothing from creating the store.
      throw ConflictException.changed(id, description());
    }
    lock();
    try {
      checkOpen();
      if (!Files.deleteIfExists(file)) {
        throw ConflictException.changed(id, description());
      }
      FilePermissions.syncDirectory(file.getParent());
    } catch (IOException e) {
      throw unavailable(description(), "deleting " + file, e);
    } finally {
      unlock();
    }
  }

  /** Gives back the lock file's descriptor, when a write opened it. */
  @Override
  protected void release() {
    StoreLock opened;
    synchronized (setup) {
      opened = lock;
    }
    if (opened != null) {
      closeQuietly(opened);
    }
  }

  /**
   * Under the lock, checks that {@code id} is absent ({@code expectedRevision} null) or at
   * {@code expectedRevision}, reads every version of it, lets {@code change} turn that record (null
   * when absent) into the next one, and commits it; a null {@code change} deletes the secret.
   * Returns the committed latest version, with values the caller owns.
   */
  private StoredSecret write(SecretId id, String expectedRevision, UnaryOperator<SecretRecord> change) {
    Path file = recordPath(id);
    if (expectedRevision != null && !Files.exists(file)) {
      // Checked again under the lock; this check only keeps a write that must fail from creating the store.
      throw ConflictException.changed(id, description());
    }
    lock();
    byte[] plaintext = null;
    SecretRecord current = null;
    SecretRecord next = null;
    try {
      checkOpen();
      Path directory = file.getParent();
      plaintext = plaintext(id, file);
      // The revision check needs no version, so a conflicting write costs no more than a read.
      SecretRecord found = plaintext == null ? null : parse(id, file, plaintext, RecordCodec.NONE, false);
      if (expectedRevision == null && found != null) {
        throw ConflictException.exists(id, description());
      }
      if (expectedRevision != null && (found == null || !found.revision().equals(expectedRevision))) {
        throw ConflictException.changed(id, description());
      }
      steps.accept(CommitStep.LOCKED);
      if (change == null) {
        removeTemps(directory);
        Files.delete(file);
        steps.accept(CommitStep.RECORD_REPLACED);
        FilePermissions.syncDirectory(directory);
        steps.accept(CommitStep.DIRECTORY_SYNCED);
        return null;
      }
      current = plaintext == null ? null : parse(id, file, plaintext, RecordCodec.ALL, true);
      next = change.apply(current);
      removeTemps(directory);
      commit(file, next);
      SecretRecord.Version latest = next.latest();
      return StoredSecret.of(id, next.revision(), latest.version(), next.metadata(), SecretValues.copy(latest.values()));
    } catch (IOException e) {
      throw unavailable(description(), "writing " + file, e);
    } finally {
      if (plaintext != null) {
        Arrays.fill(plaintext, (byte) 0);
      }
      if (current != null) {
        current.wipeExcept(null);
      }
      if (next != null) {
        next.wipeExcept(null);
      }
      unlock();
    }
  }

  /** Takes the store's lock for a write; the caller releases it with {@link #unlock()} in a finally block. */
  private void lock() {
    checkOpen();
    StoreLock held;
    Path created;
    synchronized (setup) {
      checkOpen();
      created = lock == null ? firstMissing(directory) : null;
      if (lock == null) {
        try {
          FilePermissions.createPrivateDirectories(secrets);
          lock = new StoreLock(directory.resolve(LOCK_FILE));
        } catch (IOException e) {
          throw unavailable(description(), "creating the store in " + directory, e);
        }
      }
      held = lock;
    }
    try {
      held.acquire();
    } catch (IOException e) {
      throw unavailable(description(), "locking " + held.path(), e);
    }
    try {
      prepareWrite();
    } catch (IOException | RuntimeException e) {
      unlock();
      if (created != null) {
        undoCreation(created);
      }
      throw e instanceof IOException io ? unavailable(description(), "creating the store's master key " + keyFile, io)
          : (RuntimeException) e;
    }
  }

  /** Returns the outermost of {@code path} and its parents that does not exist, or null when {@code path} exists. */
  private static Path firstMissing(Path path) {
    Path missing = null;
    for (Path p = path.toAbsolutePath(); p != null && !Files.exists(p); p = p.getParent()) {
      missing = p;
    }
    return missing;
  }

  /**
   * After a first write failed before the store existed, removes what {@link #lock()} made for it:
   * the lock file and the directories from the store's down to {@code created}, each only if empty,
   * so a failed command leaves no store behind.
   */
  private void undoCreation(Path created) {
    StoreLock opened;
    synchronized (setup) {
      opened = lock;
      lock = null;
      tidied = false;
    }
    if (opened != null) {
      closeQuietly(opened);
    }
    try {
      Files.deleteIfExists(directory.resolve(LOCK_FILE));
      Files.deleteIfExists(secrets);
      for (Path p = directory.toAbsolutePath(); p != null && p.startsWith(created); p = p.getParent()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // Something else is in there now (another writer's store, say): it stays.
    }
  }

  private void unlock() {
    try {
      lock.release();
    } catch (IOException e) {
      // The lock is gone with the channel or the process; nothing else holds state to undo.
    }
  }

  private void commit(Path file, SecretRecord record) throws IOException {
    RecordCodec.WipingBuffer json = codec.write(record);
    byte[] sealed;
    try {
      sealed = cipher().seal(record.id(), json.array(), json.size());
    } finally {
      json.wipe();
    }
    Path directory = file.getParent();
    FilePermissions.createPrivateDirectories(directory);
    Path temp = directory.resolve("." + file.getFileName() + "." + hex(8) + TEMP_SUFFIX);
    try {
      try (FileChannel channel = FilePermissions.createPrivateFile(temp)) {
        ByteBuffer buffer = ByteBuffer.wrap(sealed);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        steps.accept(CommitStep.TEMP_WRITTEN);
        channel.force(true);
        steps.accept(CommitStep.TEMP_SYNCED);
      }
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
      steps.accept(CommitStep.RECORD_REPLACED);
      FilePermissions.syncDirectory(directory);
      steps.accept(CommitStep.DIRECTORY_SYNCED);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** Returns the record of {@code id} with the versions {@code only} names, or null when there is none. */
  private SecretRecord load(SecretId id, long only, boolean values) {
    Path file = recordPath(id);
    byte[] plaintext = plaintext(id, file);
    if (plaintext == null) {
      return null;
    }
    try {
      return parse(id, file, plaintext, only, values);
    } finally {
      Arrays.fill(plaintext, (byte) 0);
    }
  }

  /** Returns the decrypted content of {@code id}'s record {@code file}, or null when there is none. */
  private byte[] plaintext(SecretId id, Path file) {
    byte[] sealed;
    try {
      sealed = Files.readAllBytes(file);
    } catch (NoSuchFileException | NotDirectoryException e) {
      return null;
    } catch (IOException e) {
      throw unavailable(description(), "reading " + file, e);
    }
    try {
      return cipher().open(id, sealed);
    } catch (RecordCipher.UnreadableRecordException e) {
      if (e.otherKey()) {
        throw new ConfigurationException("secret file " + file + " of store " + description() + " was written with a"
            + " different master key than this store's (from " + cipher().keySource() + "); open the store with the"
            + " master key it was created with");
      }
      throw corrupted(id, file, e.getMessage());
    }
  }

  private SecretRecord parse(SecretId id, Path file, byte[] plaintext, long only, boolean values) {
    try {
      return codec.read(plaintext, id, only, values);
    } catch (RecordCodec.MalformedRecordException e) {
      throw corrupted(id, file, e.getMessage());
    }
  }

  private SecretDataException corrupted(SecretId id, Path file, String why) {
    return new SecretDataException(id.toString(), description(), "its file " + file + " is corrupted: " + why, null);
  }

  private static SecretHead head(SecretRecord record) {
    SecretRecord.Version latest = record.latest();
    return SecretHead.of(record.id(), record.revision(), latest.version(), record.metadata(), latest.keys());
  }

  private static SecretRecord.Version newVersion(long number, SecretMetadata metadata,
      Map<String, SecretValue> values) {
    Map<String, SecretValue> copies = SecretValues.copy(values);
    return new SecretRecord.Version(new SecretVersion(number, metadata.updatedAt(), metadata.updatedBy()),
        List.copyOf(copies.keySet()), copies);
  }

  private StoredSecret stored(SecretRecord record, SecretRecord.Version version) {
    return StoredSecret.of(record.id(), record.revision(), version.version(), record.metadata(), version.values());
  }

  private Path recordPath(SecretId id) {
    return secrets.resolve(safe(id.scope())).resolve(safe(id.name()) + RECORD_SUFFIX);
  }

  /** Returns {@code part}, which SecretId has already checked; a second check keeps paths inside the store. */
  private static String safe(String part) {
    if (!SAFE_NAME.matcher(part).matches()) {
      throw new IllegalArgumentException("'" + part + "' cannot name a file in the store");
    }
    return part;
  }

  /** Deletes temp files a crashed writer left in {@code directory}; call it under the lock. */
  private static void removeTemps(Path directory) throws IOException {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory,
        entry -> {
          String name = entry.getFileName().toString();
          return name.startsWith(".") && name.endsWith(TEMP_SUFFIX);
        })) {
      for (Path entry : entries) {
        Files.deleteIfExists(entry);
      }
    } catch (NoSuchFileException | NotDirectoryException e) {
      // Nothing was ever written there.
    }
  }

  private String newRevision() {
    return hex(16);
  }

  private String hex(int bytes) {
    return java.util.HexFormat.of().formatHex(MasterKey.randomBytes(random, bytes));
  }

  /**
   * Returns the error for a failed file operation: a permission problem is permanent until someone
   * changes the permissions, so it is a denial, not a reason to retry.
   */
  private static SecretException unavailable(String store, String action, IOException e) {
    if (e instanceof java.nio.file.AccessDeniedException || refusal(e)) {
      FileSystemException denied = (FileSystemException) e;
      String where = denied.getFile() == null ? "" : ": " + FilePermissions.describe(Path.of(denied.getFile()));
      String why = denied instanceof java.nio.file.AccessDeniedException ? "" : " (" + denied.getReason() + ")";
      return new AccessDeniedException(store, store, action + " was refused by the file system" + why + where
          + ", and this process runs as " + System.getProperty("user.name") + "; fix the owner or mode of the"
          + " store's files (chown, chmod), or use a store this user may read and write", e);
    }
    return new StoreUnavailableException(store, action + " failed (" + e.getClass().getSimpleName()
        + "); check the disk, then retry", false, null, e);
  }

  /** Returns whether {@code e} is the operating system refusing a write for good: a read-only file system, an immutable file. */
  private static boolean refusal(IOException e) {
    return e instanceof FileSystemException failed && failed.getReason() != null
        && (failed.getReason().contains("Read-only file system") || failed.getReason().contains("Operation not permitted"));
  }

  private static void closeQuietly(StoreLock lock) {
    try {
      lock.close();
    } catch (IOException e) {
      // Closing only gives back the lock file's descriptor; there is nothing to report or retry.
    }
  }
}
