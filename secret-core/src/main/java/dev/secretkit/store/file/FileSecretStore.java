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
import dev.secretkit.spi.support.StoreLog;
import dev.secretkit.store.file.FileSecretStoreProvider.KeyRotation;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The encrypted file store: {@code <dir>/secrets/<scope>/<name>.sk} per secret, a {@link
 * RecordCipher sealed} {@link RecordCodec JSON} record of metadata, revision and latest version;
 * each older version retained is a sealed file of its own, {@code <name>.versions/<n / 100>/<n>.sk}, so a
 * write costs the same however many versions are kept. {@code store.json} ({@link StoreInfo}) says
 * which master key seals new records, and {@code index.sk} ({@link RollbackIndex}) remembers each
 * secret's last write, so that a record file copied back over a newer one is reported, not served.
 *
 * <p>Writes hold the {@link StoreLock}, re-read the store file and the record, check the revision,
 * write the versions it no longer holds to their own files, then write a temp file in the same
 * directory, fsync it, rename it over the record (the commit) and fsync the directory; then they
 * drop versions past retention and update the index. Reads take no lock: a rename is atomic, so
 * they see the old record or the new one, never a mix. Temp files left by a crash start with a dot
 * and end with {@code .tmp}; reads ignore them and the next write to their directory removes them.
 *
 * <p>A format-1 store (from SecretKit before format 2: a {@code key.id} file, records holding every
 * version, sealed with the master key itself) opens as before; its first write gives it a store
 * file, and each record is rewritten in format 2 when it is next written, or all at once by
 * {@link #rotateKey}.
 */
final class FileSecretStore extends AbstractSecretStore {
  static final String RECORD_SUFFIX = ".sk";
  static final String VERSIONS_SUFFIX = ".versions";
  /** How many version files share a folder, so that no folder grows with a secret's history. */
  static final int VERSIONS_PER_FOLDER = 100;
  static final String TEMP_SUFFIX = ".tmp";
  static final String SECRETS_DIRECTORY = "secrets";
  static final String LOCK_FILE = "store.lock";
  static final String INDEX_FILE = "index.sk";
  static final String LEGACY_KEY_ID_FILE = "key.id";
  static final String LEGACY_KEY_FILE = "master.key";

  private static final System.Logger LOG = System.getLogger(FileSecretStore.class.getName());
  private static final Pattern SAFE_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");

  private final Path directory;
  private final Path secrets;
  private final KeySource explicitSource;
  private final Path keysDirectory;
  private final RecordCodec codec = new RecordCodec();
  private final SecureRandom random = new SecureRandom();
  private final Consumer<CommitStep> steps;
  private final Integer requestedRetention;
  private final Object setup = new Object();
  private final String newStoreId = hex(16);
  private volatile Keys keys;
  private volatile CachedIndex cachedIndex;
  private volatile StoreLock lock;
  private boolean tidied;

  /** The keys the store is open with, and the store file they were checked against (null for a format-1 store). */
  private record Keys(StoreInfo info, RecordCipher cipher, KeySource source) {
  }

  /**
   * The index as last read, the file attributes it was read at, and whether it could not be read
   * (so taken as empty).
   */
  private record CachedIndex(Object fileKey, FileTime modified, long size, RollbackIndex index, boolean unreadable) {
  }

  private FileSecretStore(String description, Path directory, KeySource explicitSource, Path keysDirectory,
      StoreLimits limits, Integer requestedRetention, int retention, Consumer<CommitStep> steps) {
    super(description, limits, StoreCapabilities.of(retention, Capability.PERSISTENT,
        Capability.VERSION_AUTHORS, Capability.ATOMIC_METADATA, Capability.CONDITIONAL_DELETE));
    this.directory = directory;
    this.secrets = directory.resolve(SECRETS_DIRECTORY);
    this.explicitSource = explicitSource;
    this.keysDirectory = keysDirectory;
    this.requestedRetention = requestedRetention;
    this.steps = steps;
  }

  /**
   * Opens the store in {@code directory} without creating or changing anything, telling {@code
   * steps} each step of every write; its master keys come from {@code explicitSource}, or when it is
   * null from the store's default key file: {@code <keysDirectory>/<store id>.key}, or {@code
   * <directory>/master.key} where an older store keeps it.
   *
   * <p>The store keeps the newest {@code versionsRetained} versions of each secret, or all of them
   * when 0; when it is null, what the store file says (a store made before format 2: all), or for
   * a new store {@link FileSecretStoreProvider#DEFAULT_VERSIONS_RETAINED}. A value given that differs
   * from the store file's is written to it by the next write, so every client then keeps as many.
   *
   * <p>A store that exists has its key loaded and checked now, so a wrong or missing key fails
   * here; a key is never generated for it. So has a key given in the environment or a key file that
   * exists already. A store that does not exist yet reads as empty, and its first write creates the
   * directory (0700), the key file (0600, unless the key comes from elsewhere) and the store file,
   * under the store lock.
   */
  static FileSecretStore open(String description, Path directory, KeySource explicitSource, Path keysDirectory,
      StoreLimits limits, Integer versionsRetained, Consumer<CommitStep> steps) {
    int retention;
    if (versionsRetained != null) {
      retention = versionsRetained;
    } else {
      StoreInfo info = storeInfo(description, directory);
      retention = info != null ? info.versionsRetained()
          : legacy(directory) ? 0 : FileSecretStoreProvider.DEFAULT_VERSIONS_RETAINED;
    }
    FileSecretStore store = new FileSecretStore(description, directory, explicitSource, keysDirectory, limits,
        versionsRetained, retention, steps);
    if (explicitSource instanceof KeyFromVariable variable) {
      variable.load(description);
    }
    if (store.exists() || (explicitSource instanceof KeyFromFile file && Files.exists(file.path()))) {
      store.keys();
    }
    return store;
  }

  /**
   * Returns whether the store has been created: its first write makes the store file (a format-1
   * store's, the key id file), and nothing else does; a store that holds records without either
   * (restored from a backup without them) exists too.
   */
  private boolean exists() {
    try {
      return Files.exists(directory.resolve(StoreInfo.FILE)) || Files.exists(directory.resolve(LEGACY_KEY_ID_FILE))
          || holdsRecords();
    } catch (IOException e) {
      // What cannot be listed is not known to be absent.
      LOG.log(System.Logger.Level.DEBUG, () -> StoreLog.ignored(description(), "listing the store", e,
          "taking it as existing"));
      return true;
    }
  }

  /** Returns whether any scope directory holds a record file. */
  private boolean holdsRecords() throws IOException {
    return holdsRecords(secrets);
  }

  private static boolean holdsRecords(Path secrets) throws IOException {
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

  @Override
  public Optional<String> absence() {
    if (exists()) {
      return Optional.empty();
    }
    String key = explicitSource == null ? "with a new master key in " + keysDirectory.resolve(newStoreId + ".key")
        : explicitSource instanceof KeyFromFile file && !Files.exists(file.path())
        ? "with a new master key in " + file.path()
        : "sealed with the master key from " + explicitSource.describe();
    return Optional.of("there is no store at " + directory + " yet; the first write creates it, " + key);
  }

  /**
   * Returns the key file an existing store uses when no source is given: its own under the keys
   * directory, else the one inside it.
   */
  private KeyFromFile defaultKeyFile(StoreInfo info) {
    Path legacy = directory.resolve(LEGACY_KEY_FILE);
    if (info != null) {
      KeyFromFile own = ownKeyFile(info);
      return Files.exists(own.path()) || !Files.exists(legacy) ? own
          : new KeyFromFile(legacy, "the key file inside the store");
    }
    return new KeyFromFile(legacy, "the key file inside the store");
  }

  /** Returns the keys of an existing store, loading and checking them on first use; never creates a key. */
  private Keys keys() {
    Keys loaded = keys;
    if (loaded != null) {
      return loaded;
    }
    synchronized (setup) {
      if (keys == null) {
        keys = loadKeys(storeInfo());
      }
      return keys;
    }
  }

  /** Returns the store file's content, or null for a store without one (new, or format 1). */
  private StoreInfo storeInfo() {
    return storeInfo(description(), directory);
  }

  private static StoreInfo storeInfo(String description, Path directory) {
    try {
      return StoreInfo.read(directory).orElse(null);
    } catch (StoreInfo.MalformedException e) {
      throw new ConfigurationException("cannot open store " + description + ": its store file "
          + directory.resolve(StoreInfo.FILE) + " is damaged: " + e.getMessage() + "; restore it from a backup");
    } catch (IOException e) {
      throw unavailable(description, "reading " + directory.resolve(StoreInfo.FILE), e);
    }
  }

  /**
   * Returns whether {@code directory} holds a store made before format 2: a key id file, or
   * records, and no store file.
   */
  private static boolean legacy(Path directory) {
    if (Files.exists(directory.resolve(StoreInfo.FILE))) {
      return false;
    }
    if (Files.exists(directory.resolve(LEGACY_KEY_ID_FILE))) {
      return true;
    }
    try {
      return holdsRecords(directory.resolve(SECRETS_DIRECTORY));
    } catch (IOException e) {
      // A secrets folder that cannot be listed: a new store as far as retention goes.
      return false;
    }
  }

  /** Returns how many versions a write keeps: what this client asked for, else what the store file says. */
  private int retention() {
    Keys current = keys;
    return requestedRetention != null ? requestedRetention
        : current != null && current.info() != null ? current.info().versionsRetained()
        : capabilities().versionsRetained();
  }

  /** Returns whether {@code a} and {@code b} name the same store and keys, whatever their retention. */
  private static boolean sameKeys(StoreInfo a, StoreInfo b) {
    return a == null ? b == null : b != null && a.storeId().equals(b.storeId()) && a.keyId().equals(b.keyId())
        && a.rotating() == b.rotating();
  }

  /**
   * Loads the ring from the store's source and checks that it holds the key the store seals with,
   * by the key id the store file (or a format-1 store's key id file) records, so a wrong key fails
   * at open and never seals records no other client can read.
   */
  private Keys loadKeys(StoreInfo info) {
    KeySource source = explicitSource != null ? explicitSource : defaultKeyFile(info);
    KeyRing ring;
    try {
      ring = source.load(description());
    } catch (NoSuchFileException e) {
      throw new ConfigurationException("cannot open store " + description() + ": its " + source.describe() + " is"
          + " missing, but the store already exists; restore the key file from your backup, or set "
          + KeySource.VARIABLE + " to the key; a new key cannot read the secrets sealed with the old one");
    } catch (IOException e) {
      throw unavailable(description(), "loading the master key from " + source.describe(), e);
    }
    MasterKey sealing;
    String recorded;
    if (info != null) {
      recorded = info.keyId();
      sealing = ring.keys().stream().filter(key -> key.idText().equals(info.keyId())).findFirst().orElse(null);
    } else {
      recorded = legacyKeyId();
      sealing = recorded == null ? ring.current()
          : ring.keys().stream().filter(key -> key.legacyIdText().equals(recorded)).findFirst().orElse(null);
    }
    if (sealing == null) {
      String mine = ring.keys().stream().map(key -> info != null ? key.idText() : key.legacyIdText())
          .reduce((a, b) -> a + ", " + b).orElse("");
      throw new ConfigurationException("store " + description() + " was created with another master key (key id "
          + recorded + "), but the key from " + source.describe() + " has key id " + mine
          + "; open the store with the master key it was created with"
          + (info != null && info.rotating() ? ", or the keys of the rotation that did not finish" : ""));
    }
    return new Keys(info, new RecordCipher(ring.withCurrent(sealing), info == null ? null : info.storeId(),
        info == null || info.rotating(), random), source);
  }

  private String legacyKeyId() {
    try {
      return Files.readString(directory.resolve(LEGACY_KEY_ID_FILE), StandardCharsets.US_ASCII).strip();
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw unavailable(description(), "reading " + directory.resolve(LEGACY_KEY_ID_FILE), e);
    }
  }

  /**
   * Under the lock, before each write: removes temp files a crash left beside the store file and
   * in version folders (once per object; each write cleans its scope's folder), creates
   * the store when it does not exist yet (its key and store file), gives a format-1 store its store
   * file, and reloads the keys when another process rotated them. A key file is generated only for
   * a store that holds no record, so records are never orphaned by a new key.
   */
  private void prepareWrite() throws IOException {
    synchronized (setup) {
      if (!tidied) {
        removeTemps(directory);
        for (String scope : entries(secrets, "", true)) {
          for (String name : entries(secrets.resolve(scope), VERSIONS_SUFFIX, true)) {
            Path versions = secrets.resolve(scope).resolve(name + VERSIONS_SUFFIX);
            for (String folder : entries(versions, "", true)) {
              removeTemps(versions.resolve(folder));
              try {
                Files.deleteIfExists(versions.resolve(folder));
              } catch (DirectoryNotEmptyException e) {
                // It holds versions: it stays.
              }
            }
            if (SecretId.isScope(scope) && SecretId.isName(name)
                && !Files.exists(secrets.resolve(scope).resolve(name + RECORD_SUFFIX))) {
              // A delete killed after its commit left these: old values of a secret that is gone.
              removeVersions(SecretId.of(scope, name));
            }
          }
        }
        tidied = true;
      }
      StoreInfo info = storeInfo();
      if (info != null) {
        if (requestedRetention != null && requestedRetention != info.versionsRetained()) {
          int before = info.versionsRetained();
          info = info.withVersionsRetained(requestedRetention);
          info.write(directory, hex(8));
          LOG.log(System.Logger.Level.INFO, () -> "store " + description() + ": now keeps " + retained(requestedRetention)
              + " of each secret (it kept " + retained(before) + ")");
        }
        if (keys == null || !sameKeys(info, keys.info())) {
          keys = loadKeys(info);
        } else {
          keys = new Keys(info, keys.cipher(), keys.source());
        }
        return;
      }
      if (exists()) {
        Keys legacy = keys != null ? keys : loadKeys(null);
        checkOpensARecord(legacy);
        StoreInfo created = StoreInfo.create(legacy.cipher().ring().current(), randomBytes(16),
            requestedRetention != null ? requestedRetention : 0);
        // With several keys, records may be sealed with any of them: old ones stay readable until rotate-key
        // re-seals them all under the first.
        StoreInfo upgraded = legacy.cipher().ring().keys().size() > 1
            ? created.withKey(created.keyId(), true) : created;
        upgraded.write(directory, hex(8));
        keys = new Keys(upgraded, new RecordCipher(legacy.cipher().ring(), upgraded.storeId(), upgraded.rotating(),
            random), legacy.source());
        LOG.log(System.Logger.Level.INFO, () -> StoreLog.repaired(description(), "upgraded to format "
            + StoreInfo.FORMAT + " (store.json written; each record moves to it when next written)", null));
        return;
      }
      String storeId = newStoreId;
      KeySource source = explicitSource != null ? explicitSource
          : new KeyFromFile(keysDirectory.resolve(storeId + ".key"), "the store's default key file");
      KeyRing ring = source instanceof KeyFromFile file ? file.createOrLoad(description(), random)
          : source.load(description());
      StoreInfo created = new StoreInfo(storeId, ring.current().idText(), false,
          requestedRetention != null ? requestedRetention : FileSecretStoreProvider.DEFAULT_VERSIONS_RETAINED);
      created.write(directory, hex(8));
      keys = new Keys(created, new RecordCipher(ring, storeId, false, random), source);
      LOG.log(System.Logger.Level.DEBUG, () -> "store " + description() + ": created, sealed with the key from "
          + source.describe());
    }
  }

  /**
   * Re-seals every record, version and the index of this store under a new master key, holding the
   * lock throughout; see {@link FileSecretStoreProvider#rotateKey}. Each step is one atomic rename,
   * and the store file says a rotation is under way until the last record is re-sealed, so a crash
   * leaves a store every key of the ring opens, and a second call finishes it.
   */
  KeyRotation rotateKey() {
    if (!exists()) {
      throw new ConfigurationException("there is no store at " + directory + ", so there is no key to rotate");
    }
    lock();
    try {
      checkOpen();
      Keys before = keys;
      StoreInfo info = before.info();
      KeySource source = before.source();
      KeyRing given = source.load(description());
      Path legacyKeyFile = directory.resolve(LEGACY_KEY_FILE);
      boolean moveOut = explicitSource == null && source instanceof KeyFromFile file
          && file.path().equals(legacyKeyFile);
      MasterKey target;
      if (info.rotating()) {
        target = before.cipher().ring().current();
      } else if (!given.current().idText().equals(info.keyId())) {
        target = given.current();
      } else if (source instanceof KeyFromFile file) {
        byte[] bytes = randomBytes(MasterKey.LENGTH);
        target = new MasterKey(bytes);
        Arrays.fill(bytes, (byte) 0);
        // The old keys stay after the new one: backups made before need them, and so may other stores that share
        // the file. A store that kept its key inside its directory gets its own key file outside it.
        KeyFromFile destination = moveOut ? ownKeyFile(info) : file;
        destination.replace(given.withCurrent(target));
        source = destination;
      } else {
        throw new ConfigurationException("cannot rotate the key of store " + description() + ": its key comes from "
            + source.describe() + ", which SecretKit cannot rewrite, and it holds only the current key; make it give"
            + " a new key first and the current one after it (such as '$(openssl rand -base64 32) <current key>'),"
            + " run this again, then make it give the new key only");
      }
      List<String> previous = before.cipher().ring().keys().stream().map(MasterKey::idText)
          .filter(id -> !id.equals(target.idText())).toList();
      StoreInfo rotating = info.withKey(target.idText(), true);
      rotating.write(directory, hex(8));
      keys = loadKeys(rotating);
      int[] counts = reseal();
      StoreInfo done = rotating.withKey(target.idText(), false);
      done.write(directory, hex(8));
      boolean written = keys.source() instanceof KeyFromFile;
      if (written && !keys.source().equals(new KeyFromFile(legacyKeyFile, "the key file inside the store"))
          && Files.deleteIfExists(legacyKeyFile)) {
        // Its key is second in the store's own key file now; a key inside the directory it seals protects nothing.
        FilePermissions.syncDirectory(directory);
      }
      keys = loadKeys(done);
      KeyRotation rotation = new KeyRotation(description(), previous, target.idText(), keys.source().describe(),
          counts[0], counts[1], counts[2], written);
      LOG.log(System.Logger.Level.INFO, () -> "store " + description() + ": rotated the master key to key id "
          + rotation.keyId() + "; " + rotation.records() + " records and " + rotation.versions()
          + " versions re-sealed");
      return rotation;
    } catch (IOException e) {
      throw unavailable(description(), "rotating the master key", e);
    } finally {
      unlock();
    }
  }

  /**
   * Under the lock, re-seals every file the current key did not seal: records (format-1 ones are
   * rewritten in format 2), their versions, and the index. Returns the counts of records,
   * versions and upgrades.
   */
  private int[] reseal() throws IOException {
    int[] counts = new int[3];
    byte[] current = keys.cipher().ring().current().id();
    RollbackIndex index = index(true);
    for (SecretId id : listIds(null, Integer.MAX_VALUE).items()) {
      Path file = recordPath(id);
      byte[] sealed = Files.readAllBytes(file);
      SecretRecord record = load(id, RecordCodec.ALL, true, index);
      try {
        if (record.legacy()) {
          long sequence = Math.max(record.sequence(), index.lastWrite(id)) + 1;
          SecretRecord next = next(id, record, new Change(record.metadata(), null), sequence);
          try {
            writeVersions(record, next);
            commit(file, next);
            index = index.withLive(id, sequence);
          } finally {
            next.latest().wipe();
          }
          counts[2]++;
          counts[0]++;
        } else if (!sameKey(sealed, current)) {
          byte[] plaintext = open(id, file, id.toString(), sealed);
          try {
            writeAtomically(file, keys.cipher().seal(id.toString(), plaintext, plaintext.length), false);
            FilePermissions.syncDirectory(file.getParent());
          } finally {
            Arrays.fill(plaintext, (byte) 0);
          }
          counts[0]++;
        }
        if (!record.legacy()) {
          counts[1] += resealVersions(record, current);
        }
      } finally {
        record.wipeExcept(null);
      }
    }
    writeIndex(index);
    // Every re-sealed file must be on disk before the old keys are dropped from the key file.
    FilePermissions.syncDirectory(directory);
    return counts;
  }

  private int resealVersions(SecretRecord record, byte[] current) throws IOException {
    int count = 0;
    for (long number = record.firstVersion(); number < record.versionCount(); number++) {
      Path file = versionPath(record.id(), number);
      byte[] sealed;
      try {
        sealed = Files.readAllBytes(file);
      } catch (NoSuchFileException e) {
        continue;
      }
      if (!sameKey(sealed, current)) {
        String context = versionContext(record.id(), record.incarnation(), number);
        byte[] plaintext = open(record.id(), file, context, sealed);
        try {
          writeAtomically(file, keys.cipher().seal(context, plaintext, plaintext.length), false);
          FilePermissions.syncDirectory(file.getParent());
        } finally {
          Arrays.fill(plaintext, (byte) 0);
        }
        count++;
      }
    }
    return count;
  }

  private static boolean sameKey(byte[] sealed, byte[] keyId) {
    return sealed.length >= RecordCipher.MIN_LENGTH && RecordCipher.format(sealed) == RecordCipher.FORMAT
        && Arrays.equals(RecordCipher.keyId(sealed), keyId);
  }

  /**
   * Before a store without a store file gets one, checks that it is a format-1 store (a format-2
   * record there means its store file was lost, and a new one would orphan every record) and that
   * its key opens one of its records, so the store file never names a key its records were not
   * sealed with. Reads every record's header: once in a store's life.
   */
  private void checkOpensARecord(Keys legacy) {
    boolean checked = false;
    for (SecretId id : listIds(null, Integer.MAX_VALUE).items()) {
      Path file = recordPath(id);
      byte[] sealed;
      try {
        sealed = Files.readAllBytes(file);
      } catch (NoSuchFileException e) {
        continue;
      } catch (IOException e) {
        throw unavailable(description(), "reading " + file, e);
      }
      if (sealed.length > RecordCipher.MAGIC.length && RecordCipher.format(sealed) == RecordCipher.FORMAT) {
        throw new ConfigurationException("store " + description() + " holds records of format " + RecordCipher.FORMAT
            + " but its store file " + directory.resolve(StoreInfo.FILE) + " is missing, and the records' key is"
            + " derived from the store id it holds; restore it from a backup (nothing was written)");
      }
      if (!checked) {
        try {
          legacy.cipher().open(id.toString(), sealed);
        } catch (RecordCipher.UnreadableRecordException e) {
          if (e.otherKey()) {
            throw new ConfigurationException("secret file " + file + " of store " + description() + " was written"
                + " with a different master key than the one from " + legacy.source().describe() + "; open the"
                + " store with the master key it was created with");
          }
        }
        checked = true;
      }
    }
  }

  /** Returns the store's own key file, outside its directory, named by its id. */
  private static String retained(int versions) {
    return versions == 0 ? "every version" : "the newest " + versions + " versions";
  }

  private KeyFromFile ownKeyFile(StoreInfo info) {
    return new KeyFromFile(keysDirectory.resolve(info.storeId() + ".key"), "the store's default key file");
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
    SecretRecord record = load(id, RecordCodec.LATEST, true);
    if (record == null) {
      return Optional.empty();
    }
    if (version == record.versionCount()) {
      return Optional.of(stored(record, record.latest()));
    }
    record.wipeExcept(null);
    if (version < record.firstVersion() || version > record.versionCount()) {
      return Optional.empty();
    }
    if (record.legacy()) {
      SecretRecord legacy = load(id, version, true);
      Optional<SecretRecord.Version> found = legacy == null ? Optional.empty() : legacy.version(version);
      return found.map(v -> stored(legacy, v));
    }
    return readVersion(record, version, true).map(v -> stored(record, v));
  }

  @Override
  public Page<SecretSummary> list(String scope, String pageToken, int pageSize) {
    String after = PageTokens.checkList(scope, pageToken, pageSize);
    checkOpen();
    List<String> names = new ArrayList<>();
    for (String name : entries(secrets.resolve(safe(scope)), RECORD_SUFFIX, false)) {
      if (SecretId.isName(name) && (after == null || name.compareTo(after) > 0)) {
        names.add(name);
      }
    }
    names.sort(null);
    List<SecretSummary> items = new ArrayList<>();
    List<SecretDataException> unreadable = new ArrayList<>();
    String next = null;
    for (int i = 0; i < names.size(); i++) {
      if (items.size() + unreadable.size() == pageSize) {
        next = names.get(i - 1);
        break;
      }
      SecretId id = SecretId.of(scope, names.get(i));
      try {
        SecretRecord record = load(id, RecordCodec.LATEST, false);
        if (record != null) {
          items.add(head(record).summary());
        }
      } catch (SecretDataException e) {
        unreadable.add(e);
      }
    }
    return Page.of(items, next, unreadable);
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
    if (record == null) {
      return List.of();
    }
    if (record.legacy()) {
      return record.versions().stream().map(SecretRecord.Version::version).toList();
    }
    List<SecretVersion> versions = new ArrayList<>();
    for (long number = record.firstVersion(); number < record.versionCount(); number++) {
      readVersion(record, number, false).ifPresent(version -> versions.add(version.version()));
    }
    versions.add(record.latest().version());
    return versions;
  }

  @Override
  public StoredSecret create(SecretId id, SecretMetadata metadata, Map<String, SecretValue> values) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(metadata, "metadata");
    refuseProblems(id, metadata, values);
    return write(id, null, new Change(metadata, values));
  }

  @Override
  public StoredSecret update(SecretId id, String expectedRevision, SecretMetadata metadata,
      Map<String, SecretValue> values) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(expectedRevision, "expectedRevision");
    Objects.requireNonNull(metadata, "metadata");
    refuseProblems(id, metadata, values);
    return write(id, expectedRevision, new Change(metadata, values));
  }

  @Override
  public SecretHead updateMetadata(SecretId id, String expectedRevision, SecretMetadata metadata) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(expectedRevision, "expectedRevision");
    Objects.requireNonNull(metadata, "metadata");
    StoredSecret written = write(id, expectedRevision, new Change(metadata, null));
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

  /** What a write changes: the metadata, and the values of a new version, or null to keep the latest. */
  private record Change(SecretMetadata metadata, Map<String, SecretValue> values) {
  }

  /**
   * Under the lock, removes the record of {@code id} and its versions whatever they hold, even when
   * they cannot be read.
   */
  private void purge(SecretId id) {
    Path file = recordPath(id);
    if (!Files.exists(file)) {
      // Checked again under the lock; this check only keeps a delete of nothing from creating the store.
      throw ConflictException.changed(id, description());
    }
    lock();
    try {
      checkOpen();
      RollbackIndex index = index(true);
      if (!Files.deleteIfExists(file)) {
        throw ConflictException.changed(id, description());
      }
      FilePermissions.syncDirectory(file.getParent());
      removeVersions(id);
      writeIndex(index.withDeleted(id, index.lastWrite(id) + 1));
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
   * {@code expectedRevision}, and commits {@code change} to it, or deletes it when
   * {@code change} is null. Returns the committed latest version, with values the caller owns.
   */
  private StoredSecret write(SecretId id, String expectedRevision, Change change) {
    Path file = recordPath(id);
    if (expectedRevision != null && !Files.exists(file)) {
      // Checked again under the lock; this check only keeps a write that must fail from creating the store.
      throw ConflictException.changed(id, description());
    }
    lock();
    SecretRecord current = null;
    SecretRecord next = null;
    try {
      checkOpen();
      RollbackIndex index = index(true);
      current = load(id, RecordCodec.ALL, true, index);
      if (expectedRevision == null && current != null) {
        throw ConflictException.exists(id, description());
      }
      if (expectedRevision != null && (current == null || !current.revision().equals(expectedRevision))) {
        throw ConflictException.changed(id, description());
      }
      if (change != null && change.values() == null) {
        refuseProblems(id, change.metadata(), current.latest().values());
      }
      steps.accept(CommitStep.LOCKED);
      Path scope = file.getParent();
      removeTemps(scope);
      long sequence = Math.max(current == null ? 0 : current.sequence(), index.lastWrite(id)) + 1;
      if (change == null) {
        Files.delete(file);
        steps.accept(CommitStep.RECORD_REPLACED);
        FilePermissions.syncDirectory(scope);
        steps.accept(CommitStep.DIRECTORY_SYNCED);
        removeVersions(id);
        writeIndex(index.withDeleted(id, sequence));
        steps.accept(CommitStep.INDEX_WRITTEN);
        return null;
      }
      if (current == null) {
        removeVersions(id);
      }
      next = next(id, current, change, sequence);
      writeVersions(current, next);
      steps.accept(CommitStep.VERSIONS_WRITTEN);
      commit(file, next);
      pruneVersions(current, next);
      writeIndex(index.withLive(id, sequence));
      steps.accept(CommitStep.INDEX_WRITTEN);
      SecretRecord.Version latest = next.latest();
      return StoredSecret.of(id, next.revision(), latest.version(), next.metadata(), SecretValues.copy(latest.values()));
    } catch (IOException e) {
      throw unavailable(description(), "writing " + file, e);
    } finally {
      if (current != null) {
        current.wipeExcept(null);
      }
      if (next != null) {
        next.latest().wipe();
      }
      unlock();
    }
  }

  /**
   * Returns the record that {@code change} makes of {@code current} (null when absent), in format
   * 2: its latest version (new, or the current one for a metadata change) and the range of retained
   * versions, past which the oldest are dropped.
   */
  private SecretRecord next(SecretId id, SecretRecord current, Change change, long sequence) {
    String incarnation = current == null || current.legacy() ? hex(16) : current.incarnation();
    if (current == null) {
      return new SecretRecord(id, newRevision(), incarnation, sequence, change.metadata(), 1, 1,
          List.of(newVersion(1, change.metadata(), change.values())));
    }
    SecretRecord.Version latest = change.values() == null ? copy(current.latest())
        : newVersion(current.versionCount() + 1, change.metadata(), change.values());
    long first = current.firstVersion();
    int retained = retention();
    if (retained > 0) {
      first = Math.max(first, latest.number() - retained + 1);
    }
    return new SecretRecord(id, newRevision(), incarnation, sequence, change.metadata(), latest.number(), first,
        List.of(latest));
  }

  private static SecretRecord.Version copy(SecretRecord.Version version) {
    return new SecretRecord.Version(version.version(), version.keys(), SecretValues.copy(version.values()));
  }

  /**
   * Before {@code next} commits, writes to their own files the versions of {@code current} it no
   * longer holds and still retains: the former latest after a value change, and every older
   * version of a format-1 record, which held them all.
   */
  private void writeVersions(SecretRecord current, SecretRecord next) throws IOException {
    if (current == null) {
      return;
    }
    List<SecretRecord.Version> moving = new ArrayList<>();
    for (SecretRecord.Version version : current.versions()) {
      boolean held = version.number() == next.versionCount();
      boolean alreadyFiled = !current.legacy() && version.number() < current.versionCount();
      if (!held && !alreadyFiled && version.number() >= next.firstVersion()) {
        moving.add(version);
      }
    }
    if (moving.isEmpty()) {
      return;
    }
    Path folder = versionsPath(next.id());
    Set<Path> touched = new LinkedHashSet<>();
    boolean newFolders = false;
    for (SecretRecord.Version version : moving) {
      Path file = versionPath(next.id(), version.number());
      if (touched.add(file.getParent()) && !Files.isDirectory(file.getParent())) {
        FilePermissions.createPrivateDirectories(file.getParent());
        newFolders = true;
      }
      RecordCodec.WipingBuffer json = codec.writeVersion(next.id(), next.incarnation(), version);
      byte[] sealed;
      try {
        sealed = keys().cipher().seal(versionContext(next.id(), next.incarnation(), version.number()), json.array(),
            json.size());
      } finally {
        json.wipe();
      }
      writeAtomically(file, sealed, false);
    }
    for (Path written : touched) {
      FilePermissions.syncDirectory(written);
    }
    if (newFolders) {
      FilePermissions.syncDirectory(folder);
    }
  }

  /**
   * After {@code next} committed, removes the files of the versions of {@code current} it no longer
   * retains, and any that a crash before such a removal left just below them: one file check more
   * than the versions dropped, however many are kept.
   */
  private void pruneVersions(SecretRecord current, SecretRecord next) throws IOException {
    if (current == null || current.legacy()) {
      return;
    }
    Set<Long> folders = new TreeSet<>();
    for (long number = current.firstVersion(); number < next.firstVersion(); number++) {
      Files.deleteIfExists(versionPath(next.id(), number));
      folders.add(number / VERSIONS_PER_FOLDER);
    }
    for (long number = current.firstVersion() - 1; number >= 1; number--) {
      if (!Files.deleteIfExists(versionPath(next.id(), number))) {
        break;
      }
      folders.add(number / VERSIONS_PER_FOLDER);
    }
    for (long folder : folders) {
      if ((folder + 1) * VERSIONS_PER_FOLDER <= next.firstVersion()) {
        dropFolder(versionsPath(next.id()).resolve(Long.toString(folder)));
      }
    }
  }

  /** Removes a version folder that holds no retained version any more, unless a crash left a temp file in it. */
  private void dropFolder(Path folder) throws IOException {
    try {
      Files.deleteIfExists(folder);
    } catch (DirectoryNotEmptyException e) {
      // A temp file a crash left: the next tidy pass removes it, and a later prune reaching this folder the folder.
      LOG.log(System.Logger.Level.DEBUG, () -> "store " + description() + ": kept " + folder + ", which is not empty");
    }
  }

  /** Removes {@code id}'s version files: after its record is deleted, or before a new record of the name is created. */
  private void removeVersions(SecretId id) throws IOException {
    Path folder = versionsPath(id);
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
      for (Path entry : entries) {
        if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
          try (DirectoryStream<Path> files = Files.newDirectoryStream(entry)) {
            for (Path file : files) {
              Files.deleteIfExists(file);
            }
          }
        }
        Files.deleteIfExists(entry);
      }
    } catch (NoSuchFileException | NotDirectoryException e) {
      return;
    }
    Files.deleteIfExists(folder);
  }

  /**
   * Returns version {@code number} of format-2 {@code record} from its own file, or empty when it
   * is no longer kept.
   */
  private Optional<SecretRecord.Version> readVersion(SecretRecord record, long number, boolean values) {
    Path file = versionPath(record.id(), number);
    byte[] sealed;
    try {
      sealed = Files.readAllBytes(file);
    } catch (NoSuchFileException | NotDirectoryException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw unavailable(description(), "reading " + file, e);
    }
    byte[] plaintext = open(record.id(), file, versionContext(record.id(), record.incarnation(), number), sealed);
    try {
      return Optional.of(codec.readVersion(plaintext, record.id(), record.incarnation(), number, values));
    } catch (RecordCodec.MalformedRecordException e) {
      throw corrupted(record.id(), file, e.getMessage());
    } finally {
      Arrays.fill(plaintext, (byte) 0);
    }
  }

  private static String versionContext(SecretId id, String incarnation, long number) {
    return id + " " + incarnation + " version " + number;
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
      throw e instanceof IOException io ? unavailable(description(), "preparing the store in " + directory, io)
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
      LOG.log(System.Logger.Level.DEBUG, () -> StoreLog.ignored(description(), "removing what a failed first write"
          + " made", e, "something else is in " + directory + " now, so it stays"));
    }
  }

  private void unlock() {
    try {
      lock.release();
    } catch (IOException e) {
      // The lock is gone with the channel or the process; nothing else holds state to undo.
      LOG.log(System.Logger.Level.DEBUG, () -> StoreLog.ignored(description(), "releasing the lock", e,
          "closing its channel releases it"));
    }
  }

  private void commit(Path file, SecretRecord record) throws IOException {
    RecordCodec.WipingBuffer json = codec.write(record);
    byte[] sealed;
    try {
      sealed = keys().cipher().seal(record.id().toString(), json.array(), json.size());
    } finally {
      json.wipe();
    }
    writeAtomically(file, sealed, true);
  }

  /**
   * Writes {@code content} to a temp file beside {@code file}, fsyncs it and renames it over
   * {@code file}; with {@code commit}, tells the steps and fsyncs the directory, since the rename
   * is the write's commit.
   */
  private void writeAtomically(Path file, byte[] content, boolean commit) throws IOException {
    Path folder = file.getParent();
    FilePermissions.createPrivateDirectories(folder);
    Path temp = folder.resolve("." + file.getFileName() + "." + hex(8) + TEMP_SUFFIX);
    try {
      try (FileChannel channel = FilePermissions.createPrivateFile(temp)) {
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        if (commit) {
          steps.accept(CommitStep.TEMP_WRITTEN);
        }
        channel.force(true);
        if (commit) {
          steps.accept(CommitStep.TEMP_SYNCED);
        }
      }
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
      if (commit) {
        steps.accept(CommitStep.RECORD_REPLACED);
        FilePermissions.syncDirectory(folder);
        steps.accept(CommitStep.DIRECTORY_SYNCED);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /**
   * Returns the rollback index: as cached while its file is unchanged, else read again; an index
   * that cannot be read is reported once and taken as empty, since it only guards against copies,
   * and the next write rebuilds it from the records. {@code locked} says the caller holds the lock.
   */
  private RollbackIndex index(boolean locked) {
    Path file = directory.resolve(INDEX_FILE);
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      return locked ? rebuiltIndex() : RollbackIndex.EMPTY;
    } catch (IOException e) {
      throw unavailable(description(), "reading " + file, e);
    }
    CachedIndex cached = cachedIndex;
    if (cached != null && Objects.equals(cached.fileKey(), attributes.fileKey())
        && cached.modified().equals(attributes.lastModifiedTime()) && cached.size() == attributes.size()) {
      return cached.unreadable() && locked ? rebuiltIndex() : cached.index();
    }
    RollbackIndex index;
    try {
      byte[] sealed = Files.readAllBytes(file);
      byte[] json = openIndex(sealed);
      index = json == null ? null : RollbackIndex.fromJson(json).orElse(null);
    } catch (NoSuchFileException e) {
      return RollbackIndex.EMPTY;
    } catch (IOException e) {
      throw unavailable(description(), "reading " + file, e);
    }
    if (index == null) {
      if (cached == null || !cached.unreadable() || !Objects.equals(cached.fileKey(), attributes.fileKey())) {
        LOG.log(System.Logger.Level.WARNING, () -> "store " + description() + ": its rollback index " + file
            + " cannot be read; copies of older record files go unnoticed until the next write rebuilds it");
      }
      cachedIndex = new CachedIndex(attributes.fileKey(), attributes.lastModifiedTime(), attributes.size(),
          RollbackIndex.EMPTY, true);
      return locked ? rebuiltIndex() : RollbackIndex.EMPTY;
    }
    cachedIndex = new CachedIndex(attributes.fileKey(), attributes.lastModifiedTime(), attributes.size(), index, false);
    return index;
  }

  /**
   * Returns the index's plaintext, reloading the keys once when another process rotated them; null
   * when it cannot be read.
   */
  private byte[] openIndex(byte[] sealed) {
    try {
      return keys().cipher().open(RollbackIndex.CONTEXT, sealed);
    } catch (RecordCipher.UnreadableRecordException e) {
      Keys reloaded = reloadKeys();
      try {
        return reloaded == null ? null : reloaded.cipher().open(RollbackIndex.CONTEXT, sealed);
      } catch (RecordCipher.UnreadableRecordException again) {
        return null;
      }
    }
  }

  /**
   * Under the lock, returns an index of every format-2 record the store holds, at its sequence,
   * for a store whose index is missing or unreadable: what is there now is taken as current.
   */
  private RollbackIndex rebuiltIndex() {
    RollbackIndex index = RollbackIndex.EMPTY;
    int records = 0;
    for (SecretId id : listIds(null, Integer.MAX_VALUE).items()) {
      try {
        SecretRecord record = load(id, RecordCodec.NONE, false, RollbackIndex.EMPTY);
        if (record != null && !record.legacy()) {
          index = index.withLive(id, record.sequence());
          records++;
        }
      } catch (SecretDataException e) {
        // An unreadable record is reported when it is read; the index cannot vouch for it.
        LOG.log(System.Logger.Level.DEBUG, () -> "store " + description() + ": the rebuilt rollback index leaves out "
            + id + ", which cannot be read");
      }
    }
    if (records > 0) {
      int count = records;
      LOG.log(System.Logger.Level.INFO, () -> StoreLog.repaired(description(), "rebuilt the rollback index from its "
          + count + " records", null));
    }
    return index;
  }

  /**
   * Under the lock, after a write's commit, records {@code index}; a crash before leaves the index
   * behind the records, which it allows.
   */
  private void writeIndex(RollbackIndex index) throws IOException {
    byte[] json = index.toJson();
    Path file = directory.resolve(INDEX_FILE);
    writeAtomically(file, keys().cipher().seal(RollbackIndex.CONTEXT, json, json.length), false);
    // The next write (or read) of this object finds the index it just wrote without reading it back.
    BasicFileAttributes written = Files.readAttributes(file, BasicFileAttributes.class);
    cachedIndex = new CachedIndex(written.fileKey(), written.lastModifiedTime(), written.size(), index, false);
  }

  /** Returns the record of {@code id} with the versions {@code only} names, or null when there is none. */
  private SecretRecord load(SecretId id, long only, boolean values) {
    return load(id, only, values, index(false));
  }

  /**
   * Returns the record of {@code id} with the versions {@code only} names, or null when there is
   * none, after checking it against {@code index}, which must have been read before the record.
   */
  private SecretRecord load(SecretId id, long only, boolean values, RollbackIndex index) {
    Path file = recordPath(id);
    byte[] sealed;
    try {
      sealed = Files.readAllBytes(file);
    } catch (NoSuchFileException | NotDirectoryException e) {
      return null;
    } catch (IOException e) {
      throw unavailable(description(), "reading " + file, e);
    }
    byte[] plaintext = open(id, file, id.toString(), sealed);
    SecretRecord record;
    try {
      record = codec.read(plaintext, id, only, values);
    } catch (RecordCodec.MalformedRecordException e) {
      throw corrupted(id, file, e.getMessage());
    } finally {
      Arrays.fill(plaintext, (byte) 0);
    }
    Optional<String> problem = index.problem(record);
    if (problem.isPresent()) {
      record.wipeExcept(null);
      throw new SecretDataException(id.toString(), description(), "its file " + file + " was rolled back: "
          + problem.get() + "; put the newer file back, or delete the secret with force and apply it again", null);
    }
    return record;
  }

  /**
   * Returns the plaintext of {@code sealed}, read from {@code file} for {@code context}; when it is
   * sealed with a key this object lacks, reloads the keys once, in case another process rotated them.
   */
  private byte[] open(SecretId id, Path file, String context, byte[] sealed) {
    if (keys().info() != null && keys().info().rotating()) {
      // Records under the old keys are accepted only while the rotation lasts: learn when it has finished.
      reloadKeys();
    }
    RecordCipher.UnreadableRecordException failure;
    try {
      return keys().cipher().open(context, sealed);
    } catch (RecordCipher.UnreadableRecordException e) {
      failure = e;
    }
    Keys reloaded = reloadKeys();
    if (reloaded != null) {
      try {
        return reloaded.cipher().open(context, sealed);
      } catch (RecordCipher.UnreadableRecordException again) {
        failure = again;
      }
    }
    Keys current = keys();
    if (failure.otherKey() && current.info() != null && current.info().rotating()) {
      throw new ConfigurationException("secret file " + file + " of store " + description() + " is sealed with a"
          + " key that " + current.source().describe() + " does not give: a key rotation of this store did not"
          + " finish (its store file says so); give the old key after the new one, then run 'secretctl store"
          + " rotate-key' to finish it");
    }
    if (failure.otherKey()) {
      throw new SecretDataException(id.toString(), description(), "its file " + file + " was written with a"
          + " different master key than this store's (from " + current.source().describe() + "), so it is not this"
          + " store's record: it was copied from another store", null);
    }
    throw corrupted(id, file, failure.getMessage());
  }

  /**
   * Loads the keys again when the store file changed since they were loaded; returns them, or null
   * when nothing changed.
   */
  private Keys reloadKeys() {
    synchronized (setup) {
      StoreInfo info = storeInfo();
      if (keys != null && sameKeys(info, keys.info())) {
        return null;
      }
      keys = loadKeys(info);
      return keys;
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

  /** Returns the file of version {@code number} of {@code id}: {@code <name>.versions/<number / 100>/<number>.sk}. */
  private Path versionPath(SecretId id, long number) {
    return versionsPath(id).resolve(Long.toString(number / VERSIONS_PER_FOLDER)).resolve(number + RECORD_SUFFIX);
  }

  private Path versionsPath(SecretId id) {
    return secrets.resolve(safe(id.scope())).resolve(safe(id.name()) + VERSIONS_SUFFIX);
  }

  /** Returns {@code part}, which SecretId has already checked; a second check keeps paths inside the store. */
  private static String safe(String part) {
    if (!SAFE_NAME.matcher(part).matches()) {
      throw new IllegalArgumentException("'" + part + "' cannot name a file in the store");
    }
    return part;
  }

  /** Deletes temp files a crashed writer left in {@code directory}; call it under the lock. */
  private void removeTemps(Path directory) throws IOException {
    int removed = 0;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory,
        entry -> {
          String name = entry.getFileName().toString();
          return name.startsWith(".") && name.endsWith(TEMP_SUFFIX);
        })) {
      for (Path entry : entries) {
        removed += Files.deleteIfExists(entry) ? 1 : 0;
      }
    } catch (NoSuchFileException | NotDirectoryException e) {
      // Nothing was ever written there.
      return;
    }
    if (removed > 0) {
      int count = removed;
      LOG.log(System.Logger.Level.DEBUG, () -> StoreLog.repaired(description(), "removed " + count + " temp files"
          + " that an interrupted write left in " + directory, null));
    }
  }

  private String newRevision() {
    return hex(16);
  }

  private String hex(int bytes) {
    return HexFormat.of().formatHex(randomBytes(bytes));
  }

  private byte[] randomBytes(int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
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

  /**
   * Returns whether {@code e} is the operating system refusing a write for good: a read-only file
   * system, an immutable file.
   */
  private static boolean refusal(IOException e) {
    return e instanceof FileSystemException failed && failed.getReason() != null
        && (failed.getReason().contains("Read-only file system") || failed.getReason().contains("Operation not permitted"));
  }

  private static void closeQuietly(StoreLock lock) {
    try {
      lock.close();
    } catch (IOException e) {
      // Closing only gives back the lock file's descriptor; there is nothing to retry.
      LOG.log(System.Logger.Level.DEBUG, () -> "closing the lock file " + lock.path() + " failed ("
          + e.getClass().getName() + "); it only gives back a file descriptor");
    }
  }
}
