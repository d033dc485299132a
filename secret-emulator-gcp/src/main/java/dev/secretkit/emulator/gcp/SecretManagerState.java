package dev.secretkit.emulator.gcp;

import com.google.cloud.secretmanager.v1.AccessSecretVersionRequest;
import com.google.cloud.secretmanager.v1.AccessSecretVersionResponse;
import com.google.cloud.secretmanager.v1.AddSecretVersionRequest;
import com.google.cloud.secretmanager.v1.CreateSecretRequest;
import com.google.cloud.secretmanager.v1.DeleteSecretRequest;
import com.google.cloud.secretmanager.v1.DestroySecretVersionRequest;
import com.google.cloud.secretmanager.v1.DisableSecretVersionRequest;
import com.google.cloud.secretmanager.v1.EnableSecretVersionRequest;
import com.google.cloud.secretmanager.v1.GetSecretRequest;
import com.google.cloud.secretmanager.v1.GetSecretVersionRequest;
import com.google.cloud.secretmanager.v1.ListSecretVersionsRequest;
import com.google.cloud.secretmanager.v1.ListSecretVersionsResponse;
import com.google.cloud.secretmanager.v1.ListSecretsRequest;
import com.google.cloud.secretmanager.v1.ListSecretsResponse;
import com.google.cloud.secretmanager.v1.Replication;
import com.google.cloud.secretmanager.v1.ReplicationStatus;
import com.google.cloud.secretmanager.v1.Secret;
import com.google.cloud.secretmanager.v1.SecretPayload;
import com.google.cloud.secretmanager.v1.SecretVersion;
import com.google.cloud.secretmanager.v1.UpdateSecretRequest;
import com.google.protobuf.ByteString;
import com.google.protobuf.Empty;
import com.google.protobuf.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.zip.CRC32C;

/**
 * Every secret and version the emulator holds, and what each Secret Manager RPC does to them. Each RPC is atomic:
 * it runs under this object's lock. Resource names in answers carry the project's number ({@link Projects}).
 */
final class SecretManagerState {
  /** "The secret data. Must be no larger than 64KiB." */
  static final int MAX_PAYLOAD_BYTES = 65_536;
  private static final String LATEST = Names.LATEST;

  private final Clock clock;
  private final Projects projects = new Projects();
  /** Secrets by project number, then by secret ID. */
  private final Map<String, Map<String, StoredSecret>> secrets = new HashMap<>();
  private long sequence;
  private long lastEtag;

  SecretManagerState(Clock clock) {
    this.clock = clock;
  }

  String projectNumber(String project) {
    return projects.number(project);
  }

  // ---- secrets --------------------------------------------------------------------------------

  synchronized Secret createSecret(CreateSecretRequest request) {
    String number = projects.number(Names.project(request.getParent()));
    if (!Names.SECRET_ID_PATTERN.matcher(request.getSecretId()).matches()) {
      throw Errors.invalid("Invalid secret_id '" + request.getSecretId() + "': a secret ID has 1 to 255 letters, "
          + "digits, '-' and '_'.");
    }
    if (!request.hasSecret()) {
      throw Errors.invalid("CreateSecretRequest.secret is required; it needs at least a replication policy.");
    }
    Secret secret = request.getSecret();
    String name = "projects/" + number + "/secrets/" + request.getSecretId();
    Map<String, StoredSecret> project = secrets.computeIfAbsent(number, key -> new LinkedHashMap<>());
    if (project.containsKey(request.getSecretId())) {
      throw Errors.alreadyExists(name);
    }
    SecretFields.checkReplication(secret);
    SecretFields.checkUnsupported(secret);
    SecretFields.checkLabels(secret.getLabelsMap());
    SecretFields.checkAnnotations(secret.getAnnotationsMap());
    SecretFields.checkAliases(secret.getVersionAliasesMap(), name, new TreeMap<>());
    StoredSecret stored = new StoredSecret(++sequence, Secret.newBuilder()
        .setName(name)
        .setReplication(secret.getReplication())
        .setCreateTime(now())
        .putAllLabels(secret.getLabelsMap())
        .putAllAnnotations(secret.getAnnotationsMap())
        .setEtag(nextEtag())
        .build());
    project.put(request.getSecretId(), stored);
    return stored.resource;
  }

  synchronized Secret getSecret(GetSecretRequest request) {
    return secret(Names.secret(request.getName(), "name")).resource;
  }

  synchronized ListSecretsResponse listSecrets(ListSecretsRequest request) {
    String number = projects.number(Names.project(request.getParent()));
    Predicate<ListFilter.Target> filter = ListFilter.parse(request.getFilter(), ListFilter.Kind.SECRETS);
    List<StoredSecret> matching = new ArrayList<>();
    for (StoredSecret secret : secrets.getOrDefault(number, Map.of()).values()) {
      if (filter.test(new ListFilter.Target(secret.name(), secret.resource.getLabelsMap(), ""))) {
        matching.add(secret);
      }
    }
    matching.sort(Comparator.comparingLong((StoredSecret secret) -> secret.sequence).reversed());
    Pages.Page<StoredSecret> page = Pages.page(matching, secret -> secret.sequence, request.getPageSize(),
        request.getPageToken());
    ListSecretsResponse.Builder response = ListSecretsResponse.newBuilder()
        .setNextPageToken(page.nextPageToken())
        .setTotalSize(request.getFilter().isEmpty() ? matching.size() : 0);
    page.items().forEach(secret -> response.addSecrets(secret.resource));
    return response.build();
  }

  /**
   * Changes the fields {@code update_mask} names: {@code labels}, {@code annotations} and {@code version_aliases}
   * (snake_case or camelCase), each replaced whole; a stale {@code secret.etag} fails it. Every update, even one that
   * changes nothing, gives the secret a new etag, as the etag page says.
   */
  synchronized Secret updateSecret(UpdateSecretRequest request) {
    Secret change = request.getSecret();
    StoredSecret stored = secret(Names.secret(change.getName(), "secret.name"));
    if (!request.hasUpdateMask() || request.getUpdateMask().getPathsCount() == 0) {
      throw Errors.invalid("UpdateSecretRequest.update_mask is required: name the fields to change, such as "
          + "labels, annotations or version_aliases.");
    }
    checkEtag(change.getEtag(), stored.resource.getEtag(), stored.name());
    Secret.Builder updated = stored.resource.toBuilder();
    for (String path : request.getUpdateMask().getPathsList()) {
      switch (path) {
        case "labels" -> {
          SecretFields.checkLabels(change.getLabelsMap());
          updated.clearLabels().putAllLabels(change.getLabelsMap());
        }
        case "annotations" -> {
          SecretFields.checkAnnotations(change.getAnnotationsMap());
          updated.clearAnnotations().putAllAnnotations(change.getAnnotationsMap());
        }
        case "version_aliases", "versionAliases" -> {
          SecretFields.checkAliases(change.getVersionAliasesMap(), stored.name(), stored.versions);
          updated.clearVersionAliases().putAllVersionAliases(change.getVersionAliasesMap());
        }
        case "name", "replication", "create_time", "createTime", "etag" -> throw Errors.invalid(
            "update_mask path '" + path + "' names a field that cannot be updated.");
        case "topics", "expire_time", "expireTime", "ttl", "rotation", "version_destroy_ttl", "versionDestroyTtl",
            "customer_managed_encryption", "customerManagedEncryption", "tags" -> throw Errors.invalid(
            "update_mask path '" + path + "' is not supported by the SecretKit emulator; it updates labels, "
                + "annotations and version_aliases.");
        default -> throw Errors.invalid("update_mask path '" + path + "' is not a field of Secret that can be "
            + "updated; use labels, annotations or version_aliases.");
      }
    }
    stored.resource = updated.setEtag(nextEtag()).build();
    return stored.resource;
  }

  synchronized Empty deleteSecret(DeleteSecretRequest request) {
    Names.SecretName name = Names.secret(request.getName(), "name");
    StoredSecret stored = secret(name);
    checkEtag(request.getEtag(), stored.resource.getEtag(), stored.name());
    secrets.get(projects.number(name.project())).remove(name.secretId());
    return Empty.getDefaultInstance();
  }

  // ---- versions -------------------------------------------------------------------------------

  /**
   * Adds a version, numbered one past any version the secret ever had. The payload is at most 65,536 bytes; a
   * {@code data_crc32c} the request carries is checked against the data ({@code INVALID_ARGUMENT} on a mismatch,
   * nothing added) and stored, else the emulator computes one, as {@code SecretPayload.data_crc32c}'s documentation
   * says. The secret's own etag does not change: "updating a secret version doesn't affect the secret ETag".
   */
  synchronized SecretVersion addSecretVersion(AddSecretVersionRequest request) {
    StoredSecret stored = secret(Names.secret(request.getParent(), "parent"));
    if (!request.hasPayload()) {
      throw Errors.invalid("AddSecretVersionRequest.payload is required.");
    }
    SecretPayload payload = request.getPayload();
    byte[] data = payload.getData().toByteArray();
    if (data.length > MAX_PAYLOAD_BYTES) {
      throw Errors.invalid("Secret payload data is " + data.length + " bytes; it must be no larger than "
          + MAX_PAYLOAD_BYTES + " bytes (64 KiB).");
    }
    long crc32c = crc32c(data);
    if (payload.hasDataCrc32C() && payload.getDataCrc32C() != crc32c) {
      throw Errors.invalid("Checksum mismatch: data_crc32c is " + payload.getDataCrc32C() + ", but the CRC32C of the "
          + "received data is " + crc32c + "; the data was changed on the way, send it again.");
    }
    long number = stored.nextVersionNumber();
    SecretVersion version = SecretVersion.newBuilder()
        .setName(stored.name() + "/versions/" + number)
        .setCreateTime(now())
        .setState(SecretVersion.State.ENABLED)
        .setReplicationStatus(replicationStatus(stored.resource.getReplication()))
        .setEtag(nextEtag())
        .setClientSpecifiedPayloadChecksum(payload.hasDataCrc32C())
        .build();
    stored.versions.put(number, new StoredVersion(version, data, crc32c));
    return version;
  }

  /**
   * Returns a version's data and CRC32C. {@code latest} is the most recently created version whatever its state, as
   * AccessSecretVersion's documentation says ("an alias to the most recently created SecretVersion"), so a disabled
   * or destroyed newest version is {@code FAILED_PRECONDITION}, never a fall-back to an older one.
   */
  synchronized AccessSecretVersionResponse accessSecretVersion(AccessSecretVersionRequest request) {
    StoredVersion version = resolve(Names.version(request.getName()), true);
    if (version.state() != SecretVersion.State.ENABLED) {
      throw Errors.notEnabled(version.resource.getName(), version.state().name());
    }
    return AccessSecretVersionResponse.newBuilder()
        .setName(version.resource.getName())
        .setPayload(SecretPayload.newBuilder().setData(ByteString.copyFrom(version.data))
            .setDataCrc32C(version.crc32c))
        .build();
  }

  synchronized SecretVersion getSecretVersion(GetSecretVersionRequest request) {
    return resolve(Names.version(request.getName()), true).resource;
  }

  synchronized ListSecretVersionsResponse listSecretVersions(ListSecretVersionsRequest request) {
    StoredSecret stored = secret(Names.secret(request.getParent(), "parent"));
    Predicate<ListFilter.Target> filter = ListFilter.parse(request.getFilter(), ListFilter.Kind.VERSIONS);
    List<StoredVersion> matching = new ArrayList<>();
    for (StoredVersion version : stored.versions.descendingMap().values()) {
      if (filter.test(new ListFilter.Target(version.resource.getName(), Map.of(), version.state().name()))) {
        matching.add(version);
      }
    }
    Pages.Page<StoredVersion> page = Pages.page(matching, StoredVersion::number, request.getPageSize(),
        request.getPageToken());
    ListSecretVersionsResponse.Builder response = ListSecretVersionsResponse.newBuilder()
        .setNextPageToken(page.nextPageToken())
        .setTotalSize(request.getFilter().isEmpty() ? matching.size() : 0);
    page.items().forEach(version -> response.addVersions(version.resource));
    return response.build();
  }

  /** Enables a version that is not destroyed; enabling an enabled one succeeds and still gives it a new etag. */
  synchronized SecretVersion enableSecretVersion(EnableSecretVersionRequest request) {
    return changeState(request.getName(), request.getEtag(), SecretVersion.State.ENABLED);
  }

  synchronized SecretVersion disableSecretVersion(DisableSecretVersionRequest request) {
    return changeState(request.getName(), request.getEtag(), SecretVersion.State.DISABLED);
  }

  /**
   * Destroys a version: its data is wiped for good and {@code destroy_time} set; DESTROYED is terminal ("A version
   * may not leave this state once entered"). Aliases that name it stay, and access through them then fails as
   * access through {@code latest} does.
   */
  synchronized SecretVersion destroySecretVersion(DestroySecretVersionRequest request) {
    return changeState(request.getName(), request.getEtag(), SecretVersion.State.DESTROYED);
  }

  private SecretVersion changeState(String name, String etag, SecretVersion.State state) {
    StoredVersion version = resolve(Names.version(name), false);
    checkEtag(etag, version.resource.getEtag(), version.resource.getName());
    if (version.state() == SecretVersion.State.DESTROYED) {
      throw Errors.notEnabled(version.resource.getName(), SecretVersion.State.DESTROYED.name());
    }
    SecretVersion.Builder changed = version.resource.toBuilder().setState(state).setEtag(nextEtag());
    if (state == SecretVersion.State.DESTROYED) {
      changed.setDestroyTime(now());
      version.data = null;
      version.crc32c = null;
    }
    version.resource = changed.build();
    return version.resource;
  }

  // ---- test seams -----------------------------------------------------------------------------

  /** Flips the first bit of a version's stored data, keeping its stored CRC32C, as storage corruption would. */
  synchronized void corruptPayload(String versionName) {
    Names.VersionName name = Names.version(versionName);
    if (!name.numbered()) {
      throw new IllegalArgumentException("name a version by number, not '" + name.version() + "': " + versionName);
    }
    StoredVersion version = resolve(name, false);
    if (version.data == null || version.data.length == 0) {
      throw new IllegalArgumentException("version has no data to corrupt (destroyed or empty): " + versionName);
    }
    version.data[0] ^= 1;
  }

  // ---- helpers --------------------------------------------------------------------------------

  private StoredSecret secret(Names.SecretName name) {
    String number = projects.number(name.project());
    StoredSecret stored = secrets.getOrDefault(number, Map.of()).get(name.secretId());
    if (stored == null) {
      throw Errors.secretNotFound("projects/" + number + "/secrets/" + name.secretId());
    }
    return stored;
  }

  /**
   * Returns the version a name's segment picks: a number, or, where {@code aliases} allows (GetSecretVersion and
   * AccessSecretVersion only, as {@code Secret.version_aliases}' documentation says), {@code latest} or an alias.
   */
  private StoredVersion resolve(Names.VersionName name, boolean aliases) {
    StoredSecret stored = secret(name.secret());
    String segment = name.version();
    String wanted = stored.name() + "/versions/" + segment;
    Long number;
    if (name.numbered()) {
      number = Long.parseLong(segment);
    } else if (!aliases) {
      throw Errors.invalid("Invalid name 'projects/" + name.project() + "/secrets/" + name.secretId() + "/versions/"
          + segment + "': this RPC takes a version number; 'latest' and aliases resolve only in GetSecretVersion and "
          + "AccessSecretVersion.");
    } else if (segment.equals(LATEST)) {
      number = stored.versions.isEmpty() ? null : stored.versions.lastKey();
    } else {
      number = stored.aliases().get(segment);
    }
    StoredVersion version = number == null ? null : stored.versions.get(number);
    if (version == null) {
      throw Errors.versionNotFound(wanted);
    }
    return version;
  }

  /** Fails a request whose etag is set and is not the resource's current one; a malformed etag is refused. */
  private static void checkEtag(String sent, String current, String resourceName) {
    if (sent.isEmpty()) {
      return;
    }
    if (sent.length() < 2 || !sent.endsWith("\"") || !(sent.startsWith("\"") || sent.startsWith("W/\""))) {
      throw Errors.invalid("Invalid etag '" + sent + "': an etag is a quoted string, such as \"1a2b3c\", as the "
          + "resource's etag field gives it.");
    }
    if (!sent.equals(current)) {
      throw Errors.staleEtag(resourceName, sent);
    }
  }

  private static ReplicationStatus replicationStatus(Replication replication) {
    if (replication.hasAutomatic()) {
      return ReplicationStatus.newBuilder()
          .setAutomatic(ReplicationStatus.AutomaticStatus.getDefaultInstance()).build();
    }
    ReplicationStatus.UserManagedStatus.Builder status = ReplicationStatus.UserManagedStatus.newBuilder();
    for (Replication.UserManaged.Replica replica : replication.getUserManaged().getReplicasList()) {
      status.addReplicas(ReplicationStatus.UserManagedStatus.ReplicaStatus.newBuilder()
          .setLocation(replica.getLocation()));
    }
    return ReplicationStatus.newBuilder().setUserManaged(status).build();
  }

  /** Returns a new etag: a quoted hex string that grows with every change, whatever the clock says. */
  private String nextEtag() {
    lastEtag = Math.max(lastEtag + 1, ChronoUnit.MICROS.between(Instant.EPOCH, clock.instant()));
    return "\"" + Long.toHexString(lastEtag) + "\"";
  }

  private Timestamp now() {
    Instant now = clock.instant();
    return Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()).build();
  }

  static long crc32c(byte[] data) {
    CRC32C crc = new CRC32C();
    crc.update(data);
    return crc.getValue();
  }
}
