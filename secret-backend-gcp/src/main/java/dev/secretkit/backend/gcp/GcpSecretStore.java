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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
import java.util.zip.CRC32C;

/**
 * The {@code gcp-sm} store: one GCP secret per SecretKit secret, with the id {@link GcpSecretIds} gives it, whose
 * version that the alias {@value #ALIAS} names is the whole truth.
 *
 * <ul>
 *   <li>Each GCP version's payload is a {@link SecretPayload}: the user's keys as a flat JSON object, plus the
 *       reserved member {@value SecretPayload#RESERVED_KEY} holding the {@link SecretEnvelope} (metadata and the
 *       history of retained versions), sent with its CRC32C ({@code data_crc32c}) and checked against the CRC32C
 *       Secret Manager returns on every read: a mismatch is a {@link SecretDataException}, never a value. The only
 *       other things written are the labels {@code managed-by=secretkit} and {@code secretkit-scope}, for the
 *       console; nothing reads them as truth.
 *   <li>Secret Manager has no conditional {@code AddSecretVersion}. So every write, of values or metadata, adds its
 *       version first, where no SecretKit reader looks, and then commits with one conditional call:
 *       {@code UpdateSecret} moving the alias {@value #ALIAS} to the new version, with the etag of the secret read
 *       before the add. A writer that came first changed the etag, so the second one's move fails with
 *       {@code FAILED_PRECONDITION}, a {@link ConflictException}, and it destroys the version it added. A claim
 *       made before the add would be no commit point: a writer that stalled after its claim and lost it would
 *       still add its version. Nothing that decides values or access is written after the move.
 *   <li>A writer that dies between its add and its move leaves a version no SecretKit reader sees; later writes
 *       step over its number and leave it as it is (it may be another tool's), so {@code gcloud secrets versions
 *       access latest} may show such a version, or a version a writer destroyed after losing its race, until the
 *       next write. SecretKit reads {@code versions/secretkit}, never {@code latest}.
 *   <li>The revision and every history entry's {@code ref} is a {@link GcpVersionRef}, {@code N@CREATED/WRITE}:
 *       the GCP version number, the secret's creation time and the write's random digits. A write predicts its version's number (the number read,
 *       plus one) for the envelope it adds; when Secret Manager gives another (a dead writer's version took it),
 *       the write destroys what it added and adds again at the next number, a few times at most.
 *   <li>Versions: SecretKit version N's values are in the GCP version its history entry names; a metadata write
 *       adds a GCP version of the same SecretKit version. After its commit, a write destroys the GCP versions its
 *       history no longer names (which SecretKit made), so a secret keeps about {@code versionsRetained} enabled
 *       versions. A history entry whose GCP version someone disabled reads as a {@link SecretDataException} that
 *       says how to enable it; one destroyed is no longer kept.
 *   <li>The commit also writes the annotation {@value #ANNOTATION} with the version's number, and a read whose alias
 *       is missing from a secret that exists reads the version the annotation names, so that the store works on
 *       implementations of the API without version aliases (some emulators). Where an implementation also has no
 *       etags (its {@code etag} fields empty), nothing makes a commit conditional there: racing writers may then
 *       overwrite each other. Google's Secret Manager has both.
 *   <li>{@code latest} means what Secret Manager says: if the version the alias names is disabled or destroyed,
 *       a read is a {@link SecretDataException} that says so, never an older version.
 *   <li>Delete: {@code DeleteSecret} with the etag of the secret whose alias was checked, a compare-and-set.
 *   <li>Listing: Secret Manager cannot order by name, so each {@link #list} page scans the names of the scope's
 *       secrets ({@code ListSecrets} filtered on the name, 25,000 per call: {@code ceil(n / 25000)} calls for n
 *       secrets), keeps the page's names in a heap of the page size, and reads those secrets, one
 *       {@code AccessSecretVersion} each. {@link #listIds} is one {@code ListSecrets} per page.
 * </ul>
 * The reads and writes themselves are {@link EnvelopeSecretStore}'s. Thread-safe: the client is, and the store keeps
 * no other state.
 */
final class GcpSecretStore extends EnvelopeSecretStore<GcpSecretStore.Read> {
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

  /** How often a write adds its version again after Secret Manager gave it another number than predicted. */
  private static final int ADD_ATTEMPTS = 3;
  /**
   * The annotation that names the current version too, for implementations of the API without version aliases
   * (some emulators): the commit writes it beside the alias, and a read falls back to it when the alias is missing.
   */
  static final String ANNOTATION = "secretkit-version";
  private static final FieldMask COMMIT = FieldMask.newBuilder().addPaths("version_aliases").addPaths("annotations")
      .build();
  /** As long as the refs this store writes, for sizing a payload before it has one. */
  private static final String SAMPLE_REF = new GcpVersionRef(999_999_999L, "9999999999.999999999", "ffffffff")
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
  private final GcpConnection connection;
  private final String prefix;
  private final Replication replication;
  private final Backoff backoff;
  /** Whether Secret Manager keeps version aliases: null until a read or a commit shows it. */
  private volatile Boolean aliases;

  GcpSecretStore(SecretManagerServiceClient client, GcpConnection connection, String prefix, Replication replication,
      StoreLimits limits, int versionsRetained, Backoff backoff) {
    super(connection.store(), limits, StoreCapabilities.of(versionsRetained, Capability.PERSISTENT,
        Capability.VERSION_AUTHORS, Capability.ATOMIC_METADATA, Capability.CONDITIONAL_DELETE),
        new Document("GCP secret payload", "gcpPayloadBytes", MAX_PAYLOAD_BYTES, HISTORY_RESERVE_BYTES, SAMPLE_REF));
    this.client = client;
    this.connection = connection;
    this.prefix = prefix;
    this.replication = replication;
    this.backoff = backoff;
  }

  @Override
  protected int documentSize(Map<String, SecretValue> values, SecretEnvelope envelope) {
    return SecretPayload.size(values, envelope);
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
   * is missing from a secret that exists (an implementation of the API without version aliases, or an alias someone
   * removed), the version the annotation {@value #ANNOTATION} names is read instead, found with a {@code GetSecret}.
   */
  private Optional<Read> access(SecretId id) {
    if (aliases != Boolean.FALSE) {
      Optional<Read> read = accessVersion(id, ALIAS);
      if (read.isPresent() || aliases == Boolean.TRUE) {
        return read;
      }
    }
    Optional<Long> committed = getSecret(id).map(GcpSecretStore::committedNumber).filter(number -> number > 0);
    return committed.isEmpty() ? Optional.empty() : accessVersion(id, Long.toString(committed.get()));
  }

  /** Reads and decodes {@code version} (a number or the alias), or empty when Secret Manager has no such version. */
  private Optional<Read> accessVersion(SecretId id, String version) {
    AccessSecretVersionResponse response;
    try {
      response = client.accessSecretVersion(AccessSecretVersionRequest.newBuilder()
          .setName(versionName(id, version)).build());
    } catch (ApiException e) {
      if (GcpErrors.code(e) == StatusCode.Code.NOT_FOUND) {
        // No secret, or one no SecretKit write has committed yet (no alias).
        return Optional.empty();
      }
      if (GcpErrors.code(e) == StatusCode.Code.FAILED_PRECONDITION) {
        throw currentUnusable(id, e);
      }
      throw GcpErrors.translate(e, GcpCall.ACCESS_SECRET_VERSION, id.toString(), connection);
    }
    if (version.equals(ALIAS)) {
      aliases = Boolean.TRUE;
    }
    long number = versionNumber(response.getName());
    return Optional.of(new Read(number, payload(id, number, response.getPayload())));
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
    if (ref.isEmpty() || ref.get().number() != read.number()) {
      read.payload().values().values().forEach(SecretValue::destroy);
      throw new SecretDataException(id.toString(), description(), "GCP version " + read.number() + ", which the alias "
          + ALIAS + " names, was not written there by SecretKit: its " + SecretPayload.RESERVED_KEY + " member was"
          + " copied from another version, so its owner and grants may be out of date; move the alias back to the"
          + " version SecretKit wrote last, or apply the secret again after a forced delete", null);
    }
    return new Current<>(read, ref.get().toString(), read.payload().values(), envelope);
  }

  /**
   * Reads the GCP version the entry's ref names, in the same incarnation of the secret: empty when it is gone or
   * destroyed, a {@link SecretDataException} when someone disabled it or it holds another version.
   */
  @Override
  protected Optional<Map<String, SecretValue>> readKept(SecretId id, Current<Read> current, VersionEntry entry) {
    Optional<GcpVersionRef> ref = entry.ref().flatMap(GcpVersionRef::parse);
    GcpVersionRef currentRef = GcpVersionRef.parse(current.revision()).orElseThrow();
    if (ref.isEmpty() || !ref.get().incarnation().equals(currentRef.incarnation())) {
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
        || !envelope.get().current().ref().equals(entry.ref())) {
      payload.values().values().forEach(SecretValue::destroy);
      throw new SecretDataException(id.toString(), description(), "GCP version " + number + ", kept for version "
          + entry.version().number() + ", holds another version: another tool wrote it", null);
    }
    return Optional.of(payload.values());
  }

  /**
   * Keeps the entries whose GCP versions are still enabled, with one {@code ListSecretVersions} per 100 versions
   * (newest first, down to the oldest entry); the current entry always.
   */
  @Override
  protected List<VersionEntry> stillKept(SecretId id, Current<Read> current) {
    List<VersionEntry> history = current.envelope().history();
    long oldest = history.stream().map(entry -> entry.ref().flatMap(GcpVersionRef::parse))
        .mapToLong(ref -> ref.map(GcpVersionRef::number).orElse(Long.MAX_VALUE)).min().orElse(Long.MAX_VALUE);
    Set<Long> enabled = new HashSet<>();
    String token = "";
    do {
      ListSecretVersionsResponse page;
      try {
        page = client.listSecretVersionsCallable().call(ListSecretVersionsRequest.newBuilder()
            .setParent(secretName(id)).setFilter("state:ENABLED").setPageSize(100).setPageToken(token).build());
      } catch (ApiException e) {
        throw GcpErrors.translate(e, GcpCall.LIST_SECRET_VERSIONS, id.toString(), connection);
      }
      long lowest = Long.MAX_VALUE;
      for (SecretVersion version : page.getVersionsList()) {
        long number = versionNumber(version.getName());
        lowest = Math.min(lowest, number);
        if (version.getState() == SecretVersion.State.ENABLED) {
          enabled.add(number);
        }
      }
      token = lowest < oldest ? "" : page.getNextPageToken();
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
    for (SecretId id : page) {
      summary(id).ifPresent(items::add);
    }
    return Page.of(items, more ? page.get(page.size() - 1).name() : null);
  }

  /** Returns the summary of a listed secret, or empty for one not committed yet or another tool's. */
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

  /** Returns the ref of the next GCP version number, which {@link #commit} checks. */
  @Override
  protected String nextRef(Current<Read> current) {
    return GcpVersionRef.parse(current.revision()).orElseThrow().next().toString();
  }

  /**
   * Reads the secret (its etag, and the alias, which must still name the version read), adds the new version and
   * moves the alias to it with that etag, the commit point; then destroys the versions the new history no longer
   * names.
   */
  @Override
  protected String commit(SecretId id, Current<Read> current, String ref, Map<String, SecretValue> values,
      SecretEnvelope envelope, boolean newVersion) {
    GcpVersionRef read = GcpVersionRef.parse(current.revision()).orElseThrow();
    Secret secret = getSecret(id).filter(found -> at(found, read))
        .orElseThrow(() -> ConflictException.changed(id, description()));
    GcpVersionRef written = add(id, values, envelope, GcpVersionRef.parse(ref).orElseThrow());
    move(id, secret, written, read);
    Set<String> kept = new HashSet<>();
    envelope.history().forEach(entry -> entry.ref().ifPresent(kept::add));
    kept.add(written.toString());
    for (VersionEntry entry : current.envelope().history()) {
      entry.ref().filter(old -> !kept.contains(old)).flatMap(GcpVersionRef::parse)
          .filter(old -> old.incarnation().equals(read.incarnation()))
          .ifPresent(old -> destroyQuietly(id, old.number()));
    }
    return written.toString();
  }

  /**
   * Creates the GCP secret (or takes over one that exists without the alias: a create that died before its
   * commit), adds version 1 and moves the alias to it with the secret's etag, the commit point.
   */
  @Override
  protected String commitFirst(SecretId id, SecretMetadata metadata, Map<String, SecretValue> values) {
    Secret secret;
    GcpVersionRef first;
    try {
      secret = client.createSecret(CreateSecretRequest.newBuilder().setParent(projectName())
          .setSecretId(GcpSecretIds.encode(prefix, id)).setSecret(Secret.newBuilder().setReplication(replication)
              .putLabels("managed-by", "secretkit").putLabels("secretkit-scope", id.scope())).build());
      first = GcpVersionRef.of(1, GcpVersionRef.incarnation(secret.getCreateTime()));
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
        throw GcpErrors.translate(e, GcpCall.CREATE_SECRET, id.toString(), connection);
      }
      if (found.isEmpty()) {
        if (code == StatusCode.Code.ALREADY_EXISTS) {
          throw ConflictException.exists(id, description(), GcpErrors.cause(e));
        }
        throw GcpErrors.translate(e, GcpCall.CREATE_SECRET, id.toString(), connection);
      }
      if (committedNumber(found.get()) > 0) {
        throw ConflictException.exists(id, description(), GcpErrors.cause(e));
      }
      secret = found.get();
      first = GcpVersionRef.of(newestNumber(id) + 1, GcpVersionRef.incarnation(secret.getCreateTime()));
    }
    GcpVersionRef written = add(id, values, SecretEnvelope.first(metadata, first.toString()), first);
    move(id, secret, written, null);
    return written.toString();
  }

  /**
   * Adds the payload of {@code values} and {@code envelope} as version {@code target}; when Secret Manager gives
   * the version another number, destroys it and adds again at the number after it, with the envelope's current
   * entry renamed, a few times at most.
   *
   * @return where the version is
   * @throws ConflictException ({@code CHANGED}) if the secret is gone, or other writers keep taking the numbers
   */
  private GcpVersionRef add(SecretId id, Map<String, SecretValue> values, SecretEnvelope envelope,
      GcpVersionRef target) {
    SecretEnvelope named = envelope;
    GcpVersionRef at = target;
    for (int attempt = 1; attempt <= ADD_ATTEMPTS; attempt++) {
      byte[] data = SecretPayload.encode(values, named).getBytes(StandardCharsets.UTF_8);
      SecretVersion added;
      try {
        added = client.addSecretVersion(AddSecretVersionRequest.newBuilder().setParent(secretName(id))
            .setPayload(outgoing(data)).build());
      } catch (ApiException e) {
        if (GcpErrors.code(e) == StatusCode.Code.NOT_FOUND) {
          throw ConflictException.changed(id, description(), GcpErrors.cause(e));
        }
        throw GcpErrors.translate(e, GcpCall.ADD_SECRET_VERSION, id.toString(), connection);
      } finally {
        Arrays.fill(data, (byte) 0);
      }
      long number = versionNumber(added.getName());
      if (number == at.number()) {
        return at;
      }
      destroyQuietly(id, number);
      at = at.at(number + 1);
      List<VersionEntry> history = new ArrayList<>(named.history());
      history.set(history.size() - 1, named.current().withRef(at.toString()));
      named = named.with(named.metadata(), history);
    }
    throw ConflictException.changed(id, description());
  }

  /**
   * The commit point: moves the alias to {@code written} with the etag of {@code secret}, read when the alias named
   * {@code read} (null for a create: no alias). Each attempt is one call, without the client's retries: a retry of
   * a move that happened but whose answer was lost would be refused for the etag, and that refusal could not be told
   * from another writer's. So the store decides each failure itself, by reading the secret: the alias on ours, and
   * the write stands; unchanged, and the move did not happen, so it is tried again up to the configured attempts;
   * anything else, and whether ours came first cannot be known, a transient "outcome unknown". A first attempt
   * refused for the etag is a conflict, and the version added is destroyed.
   */
  private void move(SecretId id, Secret secret, GcpVersionRef written, GcpVersionRef read) {
    UpdateSecretRequest request = UpdateSecretRequest.newBuilder().setUpdateMask(COMMIT)
        .setSecret(Secret.newBuilder().setName(secret.getName()).setEtag(secret.getEtag())
            .putAllVersionAliases(secret.getVersionAliasesMap()).putVersionAliases(ALIAS, written.number())
            .putAllAnnotations(secret.getAnnotationsMap())
            .putAnnotations(ANNOTATION, Long.toString(written.number())))
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
        throw read == null ? ConflictException.exists(id, description(), GcpErrors.cause(failure))
            : ConflictException.changed(id, description(), GcpErrors.cause(failure));
      }
      Optional<Secret> now;
      try {
        now = getSecret(id);
      } catch (RuntimeException unknown) {
        throw outcomeUnknown(id, failure);
      }
      if (now.isPresent() && at(now.get(), written)) {
        return;
      }
      boolean notMoved = now.isPresent() && now.get().getEtag().equals(secret.getEtag());
      if (notMoved && GcpErrors.transientFault(failure) && pause(attempt)) {
        continue;
      }
      if (notMoved) {
        destroyQuietly(id, written.number());
        throw GcpErrors.translate(failure, GcpCall.UPDATE_SECRET, id.toString(), connection);
      }
      throw outcomeUnknown(id, failure);
    }
  }

  /**
   * Deletes with {@code DeleteSecret} and the etag of the secret read, after checking that its alias still names the
   * revision; with a null revision, without any check, so that a secret SecretKit cannot read can still be removed.
   */
  @Override
  public void delete(SecretId id, String expectedRevision) {
    Objects.requireNonNull(id, "id");
    checkOpen();
    DeleteSecretRequest.Builder request = DeleteSecretRequest.newBuilder().setName(secretName(id));
    String etag = "";
    if (expectedRevision != null) {
      Optional<GcpVersionRef> expected = GcpVersionRef.parse(expectedRevision);
      Secret secret = getSecret(id).filter(found -> expected.isPresent() && at(found, expected.get()))
          .orElseThrow(() -> ConflictException.changed(id, description()));
      etag = secret.getEtag();
      request.setEtag(etag);
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
      if (now.isEmpty()) {
        // Deleted, by this call whose answer was lost or by another: gone either way.
        return;
      }
      if (expectedRevision != null && !now.get().getEtag().equals(etag)) {
        throw ConflictException.changed(id, description(), GcpErrors.cause(e));
      }
      throw GcpErrors.translate(e, GcpCall.DELETE_SECRET, id.toString(), connection);
    }
  }

  /** Closes the client and its channel. */
  @Override
  protected void release() {
    client.close();
  }

  // ---------------------------------------------------------------- helpers

  /** Returns whether the alias of {@code secret} names {@code ref}'s version, in {@code ref}'s incarnation. */
  private static boolean at(Secret secret, GcpVersionRef ref) {
    return committedNumber(secret) == ref.number()
        && GcpVersionRef.incarnation(secret.getCreateTime()).equals(ref.incarnation());
  }

  /**
   * Returns the number of the version a commit made current: the one the alias names, else (on an implementation
   * without aliases) the one the annotation names, else 0.
   */
  private static long committedNumber(Secret secret) {
    if (secret.containsVersionAliases(ALIAS)) {
      return secret.getVersionAliasesOrThrow(ALIAS);
    }
    String annotated = secret.getAnnotationsOrDefault(ANNOTATION, "");
    return annotated.matches("[1-9][0-9]{0,17}") ? Long.parseLong(annotated) : 0;
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

  /** Returns the number of the newest version of {@code id}, whatever its state, or 0 when it has none. */
  private long newestNumber(SecretId id) {
    try {
      ListSecretVersionsResponse page = client.listSecretVersionsCallable().call(ListSecretVersionsRequest
          .newBuilder().setParent(secretName(id)).setPageSize(1).build());
      return page.getVersionsList().stream().mapToLong(v -> versionNumber(v.getName())).max().orElse(0);
    } catch (ApiException e) {
      throw GcpErrors.translate(e, GcpCall.LIST_SECRET_VERSIONS, id.toString(), connection);
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
      // See above: nothing reads the version, so the write stands.
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
        + (number > 0 ? " " + number : "") + ", which the alias " + ALIAS + " names, is destroyed or disabled; SecretKit"
        + " never falls back to an older one: apply the secret again after a forced delete", GcpErrors.cause(e));
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

  /**
   * Waits before the attempt after {@code attempt}, and returns whether there is one: false when the attempts are
   * used up, or the thread was interrupted (whose flag it sets again).
   */
  private boolean pause(int attempt) {
    Optional<Duration> delay = backoff.delay(attempt, null);
    if (delay.isEmpty()) {
      return false;
    }
    try {
      backoff.pause(delay.get());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
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
