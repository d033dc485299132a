package dev.secretkit.backend.gcp;

import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.secretmanager.v1.AccessSecretVersionRequest;
import com.google.cloud.secretmanager.v1.AccessSecretVersionResponse;
import com.google.cloud.secretmanager.v1.AddSecretVersionRequest;
import com.google.cloud.secretmanager.v1.CreateSecretRequest;
import com.google.cloud.secretmanager.v1.DeleteSecretRequest;
import com.google.cloud.secretmanager.v1.DestroySecretVersionRequest;
import com.google.cloud.secretmanager.v1.GetSecretRequest;
import com.google.cloud.secretmanager.v1.GetSecretVersionRequest;
import com.google.cloud.secretmanager.v1.ListSecretVersionsRequest;
import com.google.cloud.secretmanager.v1.ListSecretVersionsResponse;
import com.google.cloud.secretmanager.v1.ListSecretsRequest;
import com.google.cloud.secretmanager.v1.ListSecretsResponse;
import com.google.cloud.secretmanager.v1.Replication;
import com.google.cloud.secretmanager.v1.Secret;
import com.google.cloud.secretmanager.v1.SecretManagerServiceClient;
import com.google.cloud.secretmanager.v1.SecretVersion;
import com.google.cloud.secretmanager.v1.UpdateSecretRequest;
import com.google.protobuf.ByteString;
import com.google.protobuf.FieldMask;
import dev.secretkit.ConfigurationException;
import dev.secretkit.ConflictException;
import dev.secretkit.SecretDataException;
import dev.secretkit.SecretId;
import dev.secretkit.SecretMetadata;
import dev.secretkit.SecretSummary;
import dev.secretkit.SecretValue;
import dev.secretkit.StoreUnavailableException;
import dev.secretkit.spi.Capability;
import dev.secretkit.spi.EnvelopeSecretStore;
import dev.secretkit.spi.Page;
import dev.secretkit.spi.SecretEnvelope;
import dev.secretkit.spi.SecretPayload;
import dev.secretkit.spi.StoreCapabilities;
import dev.secretkit.spi.StoreLimits;
import dev.secretkit.spi.VersionEntry;
import dev.secretkit.spi.support.Backoff;
import dev.secretkit.spi.support.PageTokens;
import dev.secretkit.spi.support.StoreLog;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;

/**
 * The {@code gcp-sm} store: one GCP secret per SecretKit secret, with the id {@link GcpSecretIds} gives it, whose
 * version that the alias {@value #ALIAS} names is the whole truth.
 *
 * <ul>
 *   <li>Each GCP version's payload is a {@link SecretPayload}: the user's keys as a flat JSON object, plus the
 *       reserved member {@value SecretPayload#RESERVED_KEY} holding the {@link SecretEnvelope} (metadata and the
 *       history of retained versions), sent with its CRC32C ({@code data_crc32c}) and checked against the CRC32C
 *       Secret Manager returns on every read: a mismatch is a {@link SecretDataException}, never a value. Besides,
 *       a create writes the labels {@code managed-by=secretkit} and {@code secretkit-scope}, for the console, and
 *       every commit the annotation {@value #ANNOTATION}, below.
 *   <li>Secret Manager has no conditional {@code AddSecretVersion}. So every write, of values or metadata, adds its
 *       version first, where no SecretKit reader looks, and then commits with one conditional call:
 *       {@code UpdateSecret} moving the alias {@value #ALIAS} to the new version (and the annotation
 *       {@value #ANNOTATION} to its ref), with the etag of the secret read before the add, after checking that the
 *       secret read then was still at the version the write read. A writer that came first changed the etag, so
 *       the second one's move fails with {@code FAILED_PRECONDITION}, a {@link ConflictException}, and it destroys
 *       the version it added. A claim made before the add would be no commit point: a writer that stalled after its
 *       claim and lost it would still add its version. Nothing that decides values or access is written after the
 *       move.
 *   <li>A writer that dies between its add and its move, or whose move failed without a clear answer, leaves a
 *       version no SecretKit reader sees; later writes leave it as it is, so {@code gcloud secrets versions access
 *       latest} may show such a version, or a version a writer destroyed after losing its race, until the next
 *       write. SecretKit reads {@code versions/secretkit}, never {@code latest}. A create that died before its
 *       commit leaves a secret with the label and no commit, which the next create takes over; a secret without
 *       the label is another tool's, and a create of its name is a conflict.
 *   <li>The revision and every history entry's {@code ref} is a {@link GcpVersionRef}, {@code N@CREATED/WRITE}: the
 *       GCP version number, the secret's creation time and the write's random digits. A document names itself with
 *       number 0, since its number is not known before it is added (racing writers add too); the next write, which
 *       knows it, writes it into the entry it keeps. The annotation holds the committed ref with its number, so the
 *       checks against the secret (before a commit, before a delete) compare the write too, not only a number that
 *       starts again at 1 in a secret deleted and created again.
 *   <li>Versions: SecretKit version N's values are in the GCP version its history entry names; a metadata write
 *       adds a GCP version of the same SecretKit version. After its commit, a write destroys the GCP versions of
 *       this secret that its history no longer names and no alias names, so a secret keeps about
 *       {@code versionsRetained} enabled versions. A history entry whose GCP version someone disabled reads as a
 *       {@link SecretDataException} that says how to enable it; one destroyed is no longer kept.
 *   <li>A read whose alias is missing (no secret, no commit yet, an alias someone removed, or an implementation of
 *       the API without version aliases, such as the independent Go emulators) reads the version the annotation
 *       names, with a {@code GetSecret} first. Where an implementation also has no etags (its {@code etag} fields
 *       empty), nothing makes a commit conditional: racing writers may overwrite each other there. Google's Secret
 *       Manager has both.
 *   <li>{@code latest} means what Secret Manager says: if the version the alias names is disabled or destroyed,
 *       a read is a {@link SecretDataException} that says so, never an older version.
 *   <li>Delete: {@code DeleteSecret} with the etag of the secret whose last commit was checked, a compare-and-set.
 *   <li>Listing: Secret Manager cannot order by name, so each {@link #list} page scans the names of the scope's
 *       secrets ({@code ListSecrets} filtered on the name, 25,000 per call: {@code ceil(n / 25000)} calls for n
 *       secrets), keeps the page's names in a heap of the page size, and reads those secrets, one
 *       {@code AccessSecretVersion} each. {@link #listIds} is one {@code ListSecrets} per page.
 * </ul>
 * The reads and writes themselves are {@link EnvelopeSecretStore}'s. Thread-safe: the client is, and the store keeps
 * no other state than whether Secret Manager was seen to keep aliases.
 */
final class GcpSecretStore extends EnvelopeSecretStore<GcpSecretStore.Read> {
  private static final System.Logger LOG = System.getLogger(GcpSecretStore.class.getName());
  /** The version alias that names the current version of every secret SecretKit writes. */
  static final String ALIAS = "secretkit";
  /** The most bytes of one payload: 65,536 ("must be no larger than 64KiB"). */
  static final int MAX_PAYLOAD_BYTES = 65_536;
  /** The bytes of the payload kept free for the version history beyond the current entry. */
  static final int HISTORY_RESERVE_BYTES = 2_048;
  /** How many versions a secret keeps by default. */
  static final int DEFAULT_VERSIONS_RETAINED = 10;
  /** The most versions a secret may keep. */
  static final int MAX_VERSIONS_RETAINED = 100;
  /** The most names one {@code ListSecrets} call returns. */
  static final int MAX_LIST_PAGE = 25_000;

  /**
   * The annotation that names the current version too, for implementations of the API without version aliases
   * (some emulators): the commit writes it beside the alias, and a read falls back to it when the alias is missing.
   */
  static final String ANNOTATION = "secretkit-version";
  /** The label every GCP secret SecretKit creates has: a create takes over only such a secret left uncommitted. */
  private static final Map.Entry<String, String> MANAGED_BY = Map.entry("managed-by", "secretkit");
  /** How long {@link #close()} waits for the client's channel to end. */
  private static final long CLOSE_MILLIS = 1_000;
  /** How often a read through the annotation looks again when the version it named went away meanwhile. */
  private static final int ANNOTATION_READS = 3;
  private static final FieldMask COMMIT = FieldMask.newBuilder().addPaths("version_aliases").addPaths("annotations")
      .build();
  /** As long as the refs this store writes, for sizing a payload before it has one. */
  private static final String SAMPLE_REF = new GcpVersionRef(999_999_999L, "9999999999.999999999", "ffffffffffffffff")
      .toString();

  /**
   * One read of a secret's current version, through the alias: its GCP version number and its payload, decoded.
   *
   * @param number the GCP version number the alias named
   * @param payload the payload, whose values the store wipes once no answer needs them
   */
  record Read(long number, SecretPayload payload) {
    /** Returns the number and keys; never a value. */
    @Override
    public String toString() {
      return "Read[version " + number + ", keys=" + payload.values().keySet() + "]";
    }
  }

  private final SecretManagerServiceClient client;
  private final Runnable afterClose;
  private final GcpConnection connection;
  private final String prefix;
  private final Replication replication;
  private final Backoff backoff;
  /** Whether Secret Manager keeps version aliases: null until a read or a commit shows it. */
  private volatile Boolean aliases;

  GcpSecretStore(SecretManagerServiceClient client, Runnable afterClose, GcpConnection connection, String prefix,
      Replication replication, StoreLimits limits, int versionsRetained, Backoff backoff) {
    super(connection.store(), limits, StoreCapabilities.of(versionsRetained, Capability.PERSISTENT,
        Capability.VERSION_AUTHORS, Capability.ATOMIC_METADATA, Capability.CONDITIONAL_DELETE),
        new Document("GCP secret payload", "gcpPayloadBytes", MAX_PAYLOAD_BYTES, HISTORY_RESERVE_BYTES, SAMPLE_REF));
    this.client = client;
    this.afterClose = afterClose;
    this.connection = connection;
    this.prefix = prefix;
    this.replication = replication;
    this.backoff = backoff;
  }

  // ---------------------------------------------------------------- reads

  /** Reads the version the alias names, with one {@code AccessSecretVersion}. */
  @Override
  protected Optional<Read> fetchCurrent(SecretId id) {
    return access(id).map(read -> {
      if (read.payload().envelope().isEmpty()) {
        read.payload().values().values().forEach(SecretValue::destroy);
        throw new SecretDataException(id.toString(), description(), "GCP version " + read.number() + ", which the"
            + " alias " + ALIAS + " names, has no " + SecretPayload.RESERVED_KEY + " member: another tool wrote it",
            null);
      }
      return read;
    });
  }

  /**
   * Reads and decodes the version the alias names, or empty when there is no secret or no commit yet. Where the alias
   * is missing (no secret, no commit yet, an implementation of the API without version aliases, or an alias someone
   * removed), a {@code GetSecret} finds the version the annotation {@value #ANNOTATION} names, which is read instead;
   * a version gone or disabled meanwhile is looked for again while the annotation moves on (a write committed).
   */
  private Optional<Read> access(SecretId id) {
    if (aliases != Boolean.FALSE) {
      try {
        Read read = read(id, accessRaw(id, ALIAS));
        aliases = Boolean.TRUE;
        return Optional.of(read);
      } catch (ApiException e) {
        if (GcpErrors.code(e) == StatusCode.Code.FAILED_PRECONDITION) {
          throw currentUnusable(id, e);
        }
        if (GcpErrors.code(e) != StatusCode.Code.NOT_FOUND) {
          throw GcpErrors.translate(e, GcpCall.ACCESS_SECRET_VERSION, id.toString(), connection);
        }
      }
    }
    long committed = getSecret(id).map(GcpSecretStore::committedNumber).orElse(0L);
    for (int attempt = 1; committed > 0; attempt++) {
      try {
        return Optional.of(read(id, accessRaw(id, Long.toString(committed))));
      } catch (ApiException e) {
        StatusCode.Code code = GcpErrors.code(e);
        if (code != StatusCode.Code.NOT_FOUND && code != StatusCode.Code.FAILED_PRECONDITION) {
          throw GcpErrors.translate(e, GcpCall.ACCESS_SECRET_VERSION, id.toString(), connection);
        }
        long now = getSecret(id).map(GcpSecretStore::committedNumber).orElse(0L);
        if (now == committed || attempt == ANNOTATION_READS) {
          throw code == StatusCode.Code.FAILED_PRECONDITION ? currentUnusable(id, e)
              : new SecretDataException(id.toString(), description(), "its annotation " + ANNOTATION + " names GCP"
                  + " version " + committed + ", which does not exist: another tool changed it; apply the secret"
                  + " again after a forced delete", GcpErrors.cause(e));
        }
        committed = now;
      }
    }
    return Optional.empty();
  }

  /** Calls {@code AccessSecretVersion} of {@code version} (a number or the alias), leaving its errors as they are. */
  private AccessSecretVersionResponse accessRaw(SecretId id, String version) {
    return client.accessSecretVersion(AccessSecretVersionRequest.newBuilder().setName(versionName(id, version))
        .build());
  }

  /** Returns the version Secret Manager answered with, its CRC32C checked and its payload decoded. */
  private Read read(SecretId id, AccessSecretVersionResponse response) {
    long number = versionNumber(response.getName());
    return new Read(number, payload(id, number, response.getPayload()));
  }

  /** Returns the current entry's ref, which every write SecretKit commits makes new. */
  @Override
  protected String revision(Read read) {
    return read.payload().envelope().orElseThrow().current().ref().orElse("");
  }

  @Override
  protected Current<Read> decode(SecretId id, Read read) {
    SecretEnvelope envelope = read.payload().envelope().orElseThrow();
    Optional<GcpVersionRef> ref = envelope.current().ref().flatMap(GcpVersionRef::parse);
    if (ref.isEmpty() || ref.get().number() != 0 && ref.get().number() != read.number()) {
      read.payload().values().values().forEach(SecretValue::destroy);
      throw new SecretDataException(id.toString(), description(), "GCP version " + read.number() + ", which the alias "
          + ALIAS + " names, was not written there by SecretKit: its " + SecretPayload.RESERVED_KEY + " member was"
          + " copied from another version, so its owner and grants may be out of date; move the alias back to the"
          + " version SecretKit wrote last, or apply the secret again after a forced delete", null);
    }
    // The envelope as the next write builds on it: its current entry with the number the document was given, so
    // that a history fitted to the payload's limit is measured as it will be written.
    return new Current<>(read, ref.get().toString(), read.payload().values(),
        numbered(envelope, ref.get().toString(), ref.get().numbered(read.number())));
  }

  /**
   * Reads the GCP version the entry's ref names, in the same incarnation of the secret: empty when it is gone or
   * destroyed, a {@link SecretDataException} when someone disabled it or it holds another version.
   */
  @Override
  protected Optional<Map<String, SecretValue>> readKept(SecretId id, Current<Read> current, VersionEntry entry) {
    Optional<GcpVersionRef> ref = entry.ref().flatMap(GcpVersionRef::parse);
    GcpVersionRef currentRef = GcpVersionRef.parse(current.revision()).orElseThrow();
    if (ref.isEmpty() || ref.get().number() == 0 || !ref.get().incarnation().equals(currentRef.incarnation())) {
      return Optional.empty();
    }
    long number = ref.get().number();
    AccessSecretVersionResponse response;
    try {
      response = client.accessSecretVersion(AccessSecretVersionRequest.newBuilder()
          .setName(versionName(id, Long.toString(number))).build());
    } catch (ApiException e) {
      if (GcpErrors.code(e) == StatusCode.Code.NOT_FOUND) {
        return Optional.empty();
      }
      if (GcpErrors.code(e) == StatusCode.Code.FAILED_PRECONDITION) {
        if (state(id, number).orElse(SecretVersion.State.DESTROYED) == SecretVersion.State.DISABLED) {
          throw disabled(id, number, "version " + entry.version().number() + " of it", e);
        }
        return Optional.empty();
      }
      throw GcpErrors.translate(e, GcpCall.ACCESS_SECRET_VERSION, id.toString(), connection);
    }
    SecretPayload payload = payload(id, number, response.getPayload());
    Optional<SecretEnvelope> envelope = payload.envelope();
    if (envelope.isEmpty() || envelope.get().latest().number() != entry.version().number()
        || !envelope.get().current().ref().flatMap(GcpVersionRef::parse).map(ref.get()::sameWrite).orElse(false)) {
      payload.values().values().forEach(SecretValue::destroy);
      throw new SecretDataException(id.toString(), description(), "GCP version " + number + ", kept for version "
          + entry.version().number() + ", holds another version: another tool wrote it", null);
    }
    return Optional.of(payload.values());
  }

  /**
   * Keeps the entries whose GCP versions are still enabled, with one {@code ListSecretVersions} of the enabled
   * versions per 100 of them (the retained ones and any orphans: a few pages at most), in whatever order the service
   * lists them; the current entry always.
   */
  @Override
  protected List<VersionEntry> stillKept(SecretId id, Current<Read> current) {
    List<VersionEntry> history = current.envelope().history();
    Set<Long> enabled = new HashSet<>();
    String token = "";
    do {
      ListSecretVersionsResponse page;
      try {
        page = client.listSecretVersionsCallable().call(ListSecretVersionsRequest.newBuilder()
            .setParent(secretName(id)).setFilter("state:ENABLED").setPageSize(100).setPageToken(token).build());
      } catch (ApiException e) {
        if (GcpErrors.code(e) == StatusCode.Code.NOT_FOUND) {
          // Deleted since it was read: no versions.
          return List.of();
        }
        throw GcpErrors.translate(e, GcpCall.LIST_SECRET_VERSIONS, id.toString(), connection);
      }
      for (SecretVersion version : page.getVersionsList()) {
        if (version.getState() == SecretVersion.State.ENABLED) {
          enabled.add(versionNumber(version.getName()));
        }
      }
      token = page.getNextPageToken();
    } while (!token.isEmpty());
    VersionEntry currentEntry = current.envelope().current();
    return history.stream().filter(entry -> entry.equals(currentEntry) || entry.ref().flatMap(GcpVersionRef::parse)
        .map(ref -> enabled.contains(ref.number())).orElse(false)).toList();
  }

  @Override
  public Page<SecretSummary> list(String scope, String pageToken, int pageSize) {
    String after = PageTokens.checkList(scope, pageToken, pageSize);
    checkOpen();
    String idPrefix = GcpSecretIds.scopePrefix(prefix, scope);
    Comparator<SecretId> byName = Comparator.comparing(SecretId::name);
    PriorityQueue<SecretId> smallest = new PriorityQueue<>(byName.reversed());
    String token = "";
    do {
      ListSecretsResponse page = listSecrets(idPrefix, token, MAX_LIST_PAGE, "scope " + scope);
      for (Secret secret : page.getSecretsList()) {
        Optional<SecretId> id = GcpSecretIds.decode(prefix, gcpId(secret.getName()))
            .filter(found -> found.scope().equals(scope) && (after == null || found.name().compareTo(after) > 0));
        if (id.isPresent()) {
          smallest.add(id.get());
          if (smallest.size() > pageSize + 1) {
            smallest.poll();
          }
        }
      }
      token = page.getNextPageToken();
    } while (!token.isEmpty());
    List<SecretId> names = new ArrayList<>(smallest);
    names.sort(byName);
    boolean more = names.size() > pageSize;
    List<SecretId> page = more ? names.subList(0, pageSize) : names;
    List<SecretSummary> items = new ArrayList<>();
    List<SecretDataException> unreadable = new ArrayList<>();
    for (SecretId id : page) {
      try {
        summary(id).ifPresent(items::add);
      } catch (SecretDataException e) {
        unreadable.add(e);
      }
    }
    return Page.of(items, more ? page.get(page.size() - 1).name() : null, unreadable);
  }

  /**
   * Returns the summary of a listed secret, or empty for one not committed yet or another tool's.
   *
   * @throws SecretDataException if its record cannot be read, as a read of it would: {@link #list} reports it in
   *     its page's {@code unreadable}
   */
  private Optional<SecretSummary> summary(SecretId id) {
    return access(id).flatMap(read -> {
      if (read.payload().envelope().isEmpty()) {
        read.payload().values().values().forEach(SecretValue::destroy);
        return Optional.empty();
      }
      Current<Read> current = decode(id, read);
      current.wipe();
      return Optional.of(new SecretSummary(id, current.envelope().latest(), current.envelope().metadata(),
          List.copyOf(current.values().keySet())));
    });
  }

  /**
   * Lists the names under the prefix with one {@code ListSecrets} per page, reading no value: every GCP secret whose
   * id decodes to a SecretKit secret, another tool's too (its name is taken). The token is Secret Manager's.
   */
  @Override
  public Page<SecretId> listIds(String pageToken, int pageSize) {
    PageTokens.checkSize(pageSize);
    checkOpen();
    ListSecretsResponse page = listSecrets(prefix, pageToken == null ? "" : pageToken,
        Math.min(pageSize, MAX_LIST_PAGE), "the names under prefix '" + prefix + "'");
    List<SecretId> items = new ArrayList<>();
    for (Secret secret : page.getSecretsList()) {
      GcpSecretIds.decode(prefix, gcpId(secret.getName())).ifPresent(items::add);
    }
    return Page.of(items, page.getNextPageToken().isEmpty() ? null : page.getNextPageToken());
  }

  private ListSecretsResponse listSecrets(String idPrefix, String token, int pageSize, String what) {
    ListSecretsRequest.Builder request = ListSecretsRequest.newBuilder().setParent(projectName())
        .setPageSize(pageSize).setPageToken(token);
    if (!idPrefix.isEmpty()) {
      request.setFilter("name:\"" + idPrefix + "\"");
    }
    try {
      return client.listSecretsCallable().call(request.build());
    } catch (ApiException e) {
      if (!token.isEmpty() && GcpErrors.code(e) == StatusCode.Code.INVALID_ARGUMENT) {
        throw PageTokens.notOurs(GcpErrors.cause(e));
      }
      throw GcpErrors.translate(e, GcpCall.LIST_SECRETS, what, connection);
    }
  }

  // ---------------------------------------------------------------- writes

  /** Returns a fresh ref of number 0, with which the new document names itself (see {@link GcpVersionRef}). */
  @Override
  protected String nextRef(Current<Read> current) {
    return GcpVersionRef.fresh(GcpVersionRef.parse(current.revision()).orElseThrow().incarnation()).toString();
  }

  /**
   * Reads the secret (its etag, and the alias, which must still name the version read), adds the new version and
   * moves the alias to it with that etag, the commit point; then destroys the versions the new history no longer
   * names. The history's entry of the version read already has its GCP number ({@link #decode}).
   */
  @Override
  protected String commit(SecretId id, Current<Read> current, String ref, Map<String, SecretValue> values,
      SecretEnvelope envelope, boolean newVersion) {
    GcpVersionRef read = GcpVersionRef.parse(current.revision()).orElseThrow();
    long readNumber = current.read().number();
    Secret secret = getSecret(id).filter(found -> committedNumber(found) == readNumber
        && GcpVersionRef.incarnation(found.getCreateTime()).equals(read.incarnation())
        && committedBy(id, found, current.revision())).orElseThrow(() -> ConflictException.changed(id, description()));
    GcpVersionRef written = GcpVersionRef.parse(ref).orElseThrow();
    long number = add(id, values, envelope);
    move(id, secret, written.numbered(number), true);
    destroyDropped(id, secret, current.envelope(), envelope, number);
    return ref;
  }

  /**
   * After a commit of GCP version {@code number} with {@code written}: destroys the versions of this incarnation that
   * {@code read}'s history named and neither {@code written}'s history nor another alias of {@code secret} names.
   */
  private void destroyDropped(SecretId id, Secret secret, SecretEnvelope read, SecretEnvelope written, long number) {
    Set<Long> kept = new HashSet<>(numbers(written));
    kept.add(number);
    secret.getVersionAliasesMap().forEach((alias, pinned) -> {
      if (!alias.equals(ALIAS)) {
        kept.add(pinned);
      }
    });
    String incarnation = GcpVersionRef.incarnation(secret.getCreateTime());
    read.history().stream().flatMap(entry -> entry.ref().flatMap(GcpVersionRef::parse).stream())
        .filter(old -> old.incarnation().equals(incarnation) && old.number() > 0 && !kept.contains(old.number()))
        .forEach(old -> destroyQuietly(id, old.number()));
  }

  /** Returns the GCP version numbers {@code envelope}'s history names. */
  private static Set<Long> numbers(SecretEnvelope envelope) {
    Set<Long> numbers = new HashSet<>();
    envelope.history().forEach(entry -> entry.ref().flatMap(GcpVersionRef::parse)
        .ifPresent(ref -> numbers.add(ref.number())));
    return numbers;
  }

  /**
   * Returns {@code envelope} with the entry whose ref is {@code self} (a document's name for itself, number 0)
   * naming {@code place} instead.
   */
  private static SecretEnvelope numbered(SecretEnvelope envelope, String self, GcpVersionRef place) {
    List<VersionEntry> history = new ArrayList<>();
    for (VersionEntry entry : envelope.history()) {
      history.add(entry.ref().filter(self::equals).isPresent() ? entry.withRef(place.toString()) : entry);
    }
    return envelope.with(envelope.metadata(), history);
  }

  /**
   * Creates the GCP secret (or takes over one that exists without a commit: a create that died before its commit),
   * adds the first version and moves the alias to it with the secret's etag, the commit point.
   */
  @Override
  protected String commitFirst(SecretId id, SecretMetadata metadata, Map<String, SecretValue> values) {
    Secret secret;
    try {
      secret = client.createSecret(CreateSecretRequest.newBuilder().setParent(projectName())
          .setSecretId(GcpSecretIds.encode(prefix, id)).setSecret(Secret.newBuilder().setReplication(replication)
              .putLabels(MANAGED_BY.getKey(), MANAGED_BY.getValue()).putLabels("secretkit-scope", id.scope())).build());
    } catch (ApiException e) {
      StatusCode.Code code = GcpErrors.code(e);
      if (code != StatusCode.Code.ALREADY_EXISTS && !GcpErrors.transientFault(e)) {
        throw GcpErrors.translate(e, GcpCall.CREATE_SECRET, id.toString(), connection);
      }
      // Created by someone (perhaps by this very call, whose answer was lost), or not at all: the secret says.
      Optional<Secret> found;
      try {
        found = getSecret(id);
      } catch (RuntimeException unknown) {
        if (code == StatusCode.Code.ALREADY_EXISTS) {
          throw unknown;
        }
        throw GcpErrors.translate(e, GcpCall.CREATE_SECRET, id.toString(), connection);
      }
      if (found.isEmpty()) {
        if (code == StatusCode.Code.ALREADY_EXISTS) {
          throw ConflictException.exists(id, description(), GcpErrors.cause(e));
        }
        throw GcpErrors.translate(e, GcpCall.CREATE_SECRET, id.toString(), connection);
      }
      if (committedNumber(found.get()) > 0 || !MANAGED_BY.getValue().equals(found.get().getLabelsOrDefault(
          MANAGED_BY.getKey(), ""))) {
        // Committed, or another tool's secret that merely has no alias: never taken over.
        throw ConflictException.exists(id, description(), GcpErrors.cause(e));
      }
      if (LOG.isLoggable(Level.INFO)) {
        LOG.log(Level.INFO, StoreLog.repaired(description(), "the GCP secret of " + id + " exists without a commit"
            + " (a create that died before its commit, or this one whose answer was lost): this create takes it over",
            e));
      }
      secret = found.get();
    }
    GcpVersionRef written = GcpVersionRef.fresh(GcpVersionRef.incarnation(secret.getCreateTime()));
    long number = add(id, values, SecretEnvelope.first(metadata, written.toString()));
    move(id, secret, written.numbered(number), false);
    return written.toString();
  }

  /**
   * Adds the payload of {@code values} and {@code envelope} as a new version, and returns its number.
   *
   * @throws ConflictException ({@code CHANGED}) if the secret is gone
   */
  private long add(SecretId id, Map<String, SecretValue> values, SecretEnvelope envelope) {
    byte[] data = SecretPayload.encode(values, envelope).getBytes(StandardCharsets.UTF_8);
    try {
      return versionNumber(client.addSecretVersion(AddSecretVersionRequest.newBuilder().setParent(secretName(id))
          .setPayload(outgoing(data)).build()).getName());
    } catch (ApiException e) {
      if (GcpErrors.code(e) == StatusCode.Code.NOT_FOUND) {
        throw ConflictException.changed(id, description(), GcpErrors.cause(e));
      }
      throw GcpErrors.translate(e, GcpCall.ADD_SECRET_VERSION, id.toString(), connection);
    } finally {
      Arrays.fill(data, (byte) 0);
    }
  }

  /**
   * The commit point: moves the alias to {@code written}'s number, and the annotation to {@code written}, with the
   * etag of {@code secret}, read before the version was added ({@code update}: read when the alias named the version
   * the write read; otherwise a create, of a secret with no commit). Each attempt is one call, without the client's
   * retries: a retry of a move that happened but whose answer was lost would be refused for the etag, and that
   * refusal could not be told from another writer's. So the store decides each failure itself, by reading the
   * secret: committed by this write, and the write stands; unchanged, and the move has not happened (yet: a request
   * that timed out may still land), so it is tried again up to the configured attempts, else the error is thrown
   * and the version is left, since it may still become current; anything else, and whether ours came first cannot
   * be known, a transient "outcome unknown". A first attempt refused for the etag is a conflict: nothing was moved,
   * and the version added is destroyed.
   */
  private void move(SecretId id, Secret secret, GcpVersionRef written, boolean update) {
    UpdateSecretRequest request = UpdateSecretRequest.newBuilder().setUpdateMask(COMMIT)
        .setSecret(Secret.newBuilder().setName(secret.getName()).setEtag(secret.getEtag())
            .putAllVersionAliases(secret.getVersionAliasesMap()).putVersionAliases(ALIAS, written.number())
            .putAllAnnotations(secret.getAnnotationsMap()).putAnnotations(ANNOTATION, written.toString()))
        .build();
    for (int attempt = 1; ; attempt++) {
      ApiException failure;
      try {
        Secret moved = client.updateSecret(request);
        if (committedNumber(moved) != written.number()) {
          throw aliasesIgnored(id);
        }
        aliases = moved.containsVersionAliases(ALIAS);
        return;
      } catch (ApiException e) {
        failure = e;
      }
      StatusCode.Code code = GcpErrors.code(failure);
      boolean refused = code == StatusCode.Code.FAILED_PRECONDITION || code == StatusCode.Code.ABORTED
          || code == StatusCode.Code.NOT_FOUND;
      if (attempt == 1 && refused) {
        destroyQuietly(id, written.number());
        throw update ? ConflictException.changed(id, description(), GcpErrors.cause(failure))
            : ConflictException.exists(id, description(), GcpErrors.cause(failure));
      }
      Optional<Secret> now;
      try {
        now = getSecret(id);
      } catch (RuntimeException unknown) {
        throw outcomeUnknown(id, failure);
      }
      if (now.isPresent() && at(now.get(), written.number(), written)) {
        if (LOG.isLoggable(Level.INFO)) {
          LOG.log(Level.INFO, StoreLog.repaired(description(), "the answer to the commit (UpdateSecret) of " + id
              + " was lost, and the alias names this write's version: the write stands", failure));
        }
        return;
      }
      boolean notMoved = now.isPresent() && now.get().getEtag().equals(secret.getEtag());
      if (notMoved && GcpErrors.transientFault(failure) && backoff.pauseAfter(attempt)) {
        if (LOG.isLoggable(Level.DEBUG)) {
          LOG.log(Level.DEBUG, StoreLog.retrying(description(), "UpdateSecret", id, attempt, failure));
        }
        continue;
      }
      if (notMoved) {
        // The move may still land (a timed-out request), so the version stays: an orphan later writes step over.
        throw GcpErrors.translate(failure, GcpCall.UPDATE_SECRET, id.toString(), connection);
      }
      throw outcomeUnknown(id, failure);
    }
  }

  /**
   * Deletes with {@code DeleteSecret} and the etag of the secret read, after checking that its last commit is the
   * revision; with a null revision, without any check, so that a secret SecretKit cannot read can still be removed.
   * A delete that failed without a clear answer is decided by reading the secret: gone, or another incarnation, and
   * it happened; unchanged, and it is the transient error; changed, and the outcome is unknown.
   */
  @Override
  public void delete(SecretId id, String expectedRevision) {
    Objects.requireNonNull(id, "id");
    checkOpen();
    DeleteSecretRequest.Builder request = DeleteSecretRequest.newBuilder().setName(secretName(id));
    Secret checked = null;
    if (expectedRevision != null) {
      checked = getSecret(id).filter(found -> committedBy(id, found, expectedRevision))
          .orElseThrow(() -> ConflictException.changed(id, description()));
      request.setEtag(checked.getEtag());
    }
    try {
      client.deleteSecret(request.build());
    } catch (ApiException e) {
      StatusCode.Code code = GcpErrors.code(e);
      if (code == StatusCode.Code.NOT_FOUND || code == StatusCode.Code.FAILED_PRECONDITION
          || code == StatusCode.Code.ABORTED) {
        throw ConflictException.changed(id, description(), GcpErrors.cause(e));
      }
      Optional<Secret> now;
      try {
        now = getSecret(id);
      } catch (RuntimeException unknown) {
        throw GcpErrors.translate(e, GcpCall.DELETE_SECRET, id.toString(), connection);
      }
      if (now.isEmpty() || checked != null && !now.get().getCreateTime().equals(checked.getCreateTime())) {
        // The secret checked is gone (and perhaps created again since): deleted, by this call or another.
        if (LOG.isLoggable(Level.INFO)) {
          LOG.log(Level.INFO, StoreLog.repaired(description(), "the answer to DeleteSecret of " + id + " was lost,"
              + " and the secret it checked is gone: deleted", e));
        }
        return;
      }
      if (checked == null || now.get().getEtag().equals(checked.getEtag())) {
        throw GcpErrors.translate(e, GcpCall.DELETE_SECRET, id.toString(), connection);
      }
      // Written since, or deleted and created again within one creation time: which, cannot be told.
      throw new StoreUnavailableException(description(), "the delete of " + id + " may or may not have happened:"
          + " the answer to DeleteSecret (" + GcpErrors.code(e).name() + ") was lost and the secret has changed"
          + " since; read it again", false, null, GcpErrors.cause(e));
    }
  }

  /** Closes the client and its channel, waits a little for the channel to end, then stops its network threads. */
  @Override
  protected void release() {
    client.close();
    try {
      client.awaitTermination(CLOSE_MILLIS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    afterClose.run();
  }

  // ---------------------------------------------------------------- helpers

  /**
   * Returns whether {@code secret}'s last commit is the document of revision {@code revision}: by its annotation, or,
   * where the annotation is missing or names another write, by reading the document its alias names.
   */
  private boolean committedBy(SecretId id, Secret secret, String revision) {
    Optional<GcpVersionRef> expected = GcpVersionRef.parse(revision);
    if (expected.isEmpty()) {
      return false;
    }
    if (GcpVersionRef.parse(secret.getAnnotationsOrDefault(ANNOTATION, "")).isPresent()
        && at(secret, committedNumber(secret), expected.get())) {
      return true;
    }
    // No annotation, or one naming another write: someone removed it, or moved the alias back to an older version
    // (a rollback), or another write committed since. The document the alias names decides.
    return fetchCurrent(id).map(read -> {
      read.payload().values().values().forEach(SecretValue::destroy);
      return revision(read).equals(revision);
    }).orElse(false);
  }

  /**
   * Returns whether {@code secret} was last committed by the write of {@code ref}, as GCP version {@code number}: its
   * alias (or, without one, its annotation) names that number, it is the same incarnation, and its annotation, which
   * every commit writes in the same call as the alias, names the same write.
   */
  private static boolean at(Secret secret, long number, GcpVersionRef ref) {
    Optional<GcpVersionRef> annotated = GcpVersionRef.parse(secret.getAnnotationsOrDefault(ANNOTATION, ""));
    return committedNumber(secret) == number
        && GcpVersionRef.incarnation(secret.getCreateTime()).equals(ref.incarnation())
        && annotated.map(ref::sameWrite).orElse(true);
  }

  /**
   * Returns the number of the version a commit made current: the one the alias names, else (on an implementation
   * without aliases) the one the annotation names, else 0.
   */
  private static long committedNumber(Secret secret) {
    if (secret.containsVersionAliases(ALIAS)) {
      return secret.getVersionAliasesOrThrow(ALIAS);
    }
    return GcpVersionRef.parse(secret.getAnnotationsOrDefault(ANNOTATION, "")).map(GcpVersionRef::number).orElse(0L);
  }

  private Optional<Secret> getSecret(SecretId id) {
    try {
      return Optional.of(client.getSecret(GetSecretRequest.newBuilder().setName(secretName(id)).build()));
    } catch (ApiException e) {
      if (GcpErrors.code(e) == StatusCode.Code.NOT_FOUND) {
        return Optional.empty();
      }
      throw GcpErrors.translate(e, GcpCall.GET_SECRET, id.toString(), connection);
    }
  }

  /** Returns the state of version {@code number}, or empty when it is gone. */
  private Optional<SecretVersion.State> state(SecretId id, long number) {
    try {
      return Optional.of(client.getSecretVersion(GetSecretVersionRequest.newBuilder()
          .setName(versionName(id, Long.toString(number))).build()).getState());
    } catch (ApiException e) {
      if (GcpErrors.code(e) == StatusCode.Code.NOT_FOUND) {
        return Optional.empty();
      }
      throw GcpErrors.translate(e, GcpCall.GET_SECRET_VERSION, id.toString(), connection);
    }
  }

  /**
   * Destroys version {@code number}, which this store wrote and no reader needs: bookkeeping, so a failure only
   * leaves the version for a later write or a person to remove.
   */
  private void destroyQuietly(SecretId id, long number) {
    try {
      client.destroySecretVersion(DestroySecretVersionRequest.newBuilder()
          .setName(versionName(id, Long.toString(number))).build());
    } catch (ApiException bookkeeping) {
      if (LOG.isLoggable(Level.DEBUG)) {
        LOG.log(Level.DEBUG, StoreLog.ignored(description(), "destroying GCP version " + number + " of " + id,
            bookkeeping, "nothing reads that version, so the write stands, and a later write removes it"));
      }
    }
  }

  /** Returns the payload of a version read, after its CRC32C check, decoded. */
  private SecretPayload payload(SecretId id, long number, com.google.cloud.secretmanager.v1.SecretPayload payload) {
    byte[] data = payload.getData().toByteArray();
    try {
      if (payload.hasDataCrc32C() && payload.getDataCrc32C() != crc32c(data)) {
        throw new SecretDataException(id.toString(), description(), "the payload of GCP version " + number
            + " failed its CRC32C check: it was corrupted on the way or at rest; read it again, and if it fails"
            + " again, apply the secret again", null);
      }
      return SecretPayload.decode(new String(data, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      // The decoder's message never quotes the document.
      throw new SecretDataException(id.toString(), description(), "the payload of GCP version " + number
          + " cannot be read: " + e.getMessage(), null);
    } finally {
      Arrays.fill(data, (byte) 0);
    }
  }

  /** Returns the payload that sends {@code data}, with its CRC32C for Secret Manager to check. */
  private static com.google.cloud.secretmanager.v1.SecretPayload outgoing(byte[] data) {
    return com.google.cloud.secretmanager.v1.SecretPayload.newBuilder().setData(ByteString.copyFrom(data))
        .setDataCrc32C(crc32c(data)).build();
  }

  private static long crc32c(byte[] data) {
    CRC32C crc = new CRC32C();
    crc.update(data);
    return crc.getValue();
  }

  /** Returns the error for a current version Secret Manager refused to give: disabled or destroyed. */
  private SecretDataException currentUnusable(SecretId id, ApiException e) {
    long number;
    try {
      number = getSecret(id).map(GcpSecretStore::committedNumber).orElse(0L);
    } catch (RuntimeException unknown) {
      number = 0;
    }
    Optional<SecretVersion.State> state = Optional.empty();
    if (number > 0) {
      try {
        state = state(id, number);
      } catch (RuntimeException unknown) {
        state = Optional.empty();
      }
    }
    if (state.equals(Optional.of(SecretVersion.State.DISABLED))) {
      return disabled(id, number, "its current version", e);
    }
    return new SecretDataException(id.toString(), description(), "its current GCP version"
        + (number > 0 ? " " + number : "") + ", which the alias " + ALIAS + " names, is destroyed or disabled;"
        + " SecretKit never falls back to an older one: apply the secret again after a forced delete",
        GcpErrors.cause(e));
  }

  private SecretDataException disabled(SecretId id, long number, String which, ApiException e) {
    return new SecretDataException(id.toString(), description(), which + " is in GCP version " + number
        + ", which is disabled: enable it (gcloud secrets versions enable " + number + " --secret="
        + GcpSecretIds.encode(prefix, id) + " --project=" + connection.project() + ") to read it", GcpErrors.cause(e));
  }

  private ConfigurationException aliasesIgnored(SecretId id) {
    return new ConfigurationException("the Secret Manager at " + connection.endpoint() + " kept neither the version"
        + " alias nor the annotation of the write of " + id + " in store " + description() + ": SecretKit commits"
        + " every write by moving the alias " + ALIAS + " (and the annotation " + ANNOTATION + ") with the secret's"
        + " etag, so it needs an implementation of UpdateSecret that keeps them, as Google's does");
  }

  private StoreUnavailableException outcomeUnknown(SecretId id, ApiException failure) {
    return new StoreUnavailableException(description(), "the write of " + id + " may or may not have been committed:"
        + " the answer to its commit (UpdateSecret, " + GcpErrors.code(failure).name() + ") was lost and the secret"
        + " has changed since; read it again before writing again", false, null, GcpErrors.cause(failure));
  }

  private String projectName() {
    return "projects/" + connection.project();
  }

  private String secretName(SecretId id) {
    return projectName() + "/secrets/" + GcpSecretIds.encode(prefix, id);
  }

  private String versionName(SecretId id, String version) {
    return secretName(id) + "/versions/" + version;
  }

  /** Returns the secret id, the last part of a secret's resource name (whose project may be a number). */
  private static String gcpId(String secretName) {
    return secretName.substring(secretName.lastIndexOf('/') + 1);
  }

  /** Returns the number at the end of a version's resource name ({@code .../versions/N}). */
  private static long versionNumber(String versionName) {
    return Long.parseLong(versionName.substring(versionName.lastIndexOf('/') + 1));
  }
}
