package dev.secretkit.backend.vault;

import dev.secretkit.StoreUnavailableException;
import dev.secretkit.spi.support.Backoff;
import dev.secretkit.spi.support.StoreLog;
import io.github.jopenlibs.vault.VaultException;
import io.github.jopenlibs.vault.api.WriteOptions;
import io.github.jopenlibs.vault.json.JsonObject;
import io.github.jopenlibs.vault.json.JsonValue;
import io.github.jopenlibs.vault.response.LogicalResponse;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The KV version 2 calls of one store, made through vault-java-driver with the session's token and the
 * namespace header: read a version, write with {@code cas}, read and write metadata, delete metadata, list.
 * Each call is retried, with jittered backoff, while Vault is briefly unavailable: reads and other calls that
 * may be repeated on any transient failure, a data write or a delete only on 429 and 503, which Vault answers
 * before it acts (after any other failure the caller must find out what happened; and since a proxy in front
 * of Vault answers 503 too, after the upstream connection broke, a write sent again says so). A 403 goes to
 * {@link VaultSession#refused}: a token no longer valid is replaced and the call made again (one new login per
 * call at most); the policies' refusal is an access error naming the capability. Answers are parsed from the body text the {@link RecordingHttpClient} kept. Thread-safe.
 */
final class VaultKv {
  private static final System.Logger LOG = System.getLogger(VaultKv.class.getName());
  /** Vault's error when {@code options.cas} does not match the current version. */
  private static final String CAS_MISMATCH = "check-and-set parameter did not match the current version";
  private static final String NO_ROUTE = "no handler for route";
  /** How many 403s one call looks into before it reports access denied: its login may be replaced meanwhile. */
  private static final int MAX_REFUSALS = 3;

  /** What a read of one KV version found. */
  enum State {
    /** The version's data. */
    FOUND,
    /** No such key or version. */
    MISSING,
    /** The version is soft-deleted: {@code vault kv delete}, or {@code delete_version_after}. */
    DELETED,
    /** The version is destroyed: {@code vault kv destroy}. */
    DESTROYED
  }

  /**
   * A read of one KV version.
   *
   * @param state what was found
   * @param version the version number, 0 when missing
   * @param createdTime the version's {@code created_time}, as Vault wrote it, or ""
   * @param data the version's data map when found, else null
   */
  record Read(State state, long version, String createdTime, JsonObject data) {
    /** Returns the revision of the version read: its number and creation time. */
    String revision() {
      return VaultKv.revision(version, createdTime);
    }

    @Override
    public String toString() {
      return "Read[" + state + ", version=" + version + "]";
    }
  }

  /**
   * A key's metadata: its current version, and each version's creation time and state.
   *
   * @param currentVersion the newest version, 0 for a key with metadata only
   * @param versions each kept version's {@code created_time}, and whether it is deleted or destroyed
   */
  record Metadata(long currentVersion, Map<Long, VersionState> versions) {
    /** Returns the revision of the current version, as a read of it gives it. */
    String revision() {
      VersionState current = versions.get(currentVersion);
      return VaultKv.revision(currentVersion, current == null ? "" : current.createdTime());
    }
  }

  /** One version in a key's metadata. */
  record VersionState(String createdTime, boolean deleted, boolean destroyed) {
  }

  /**
   * What a {@code cas} write did: the version written, or nothing because {@code cas} did not match;
   * {@code resent} when the write was sent again after a 429 or 503, which a proxy in front of Vault can answer
   * after Vault carried the write out, so that a {@code cas} mismatch may be the write's own.
   */
  record Written(boolean casMismatch, long version, String createdTime, boolean resent) {
    String revision() {
      return VaultKv.revision(version, createdTime);
    }
  }

  /** A call of the driver. */
  @FunctionalInterface
  private interface Call {
    LogicalResponse call(VaultSession.Drivers drivers) throws VaultException;
  }

  /** Vault's answer to a call: its status, its body, parsed (null for none), and whether it was sent again. */
  private record Reply(int status, JsonObject body, boolean resent) {
  }

  private final VaultSettings settings;
  private final VaultSession session;
  private final RecordingHttpClient http;
  private final Backoff backoff;
  private final String store;

  VaultKv(VaultSettings settings, VaultSession session, RecordingHttpClient http, Backoff backoff, String store) {
    this.settings = settings;
    this.session = session;
    this.http = http;
    this.backoff = backoff;
    this.store = store;
  }

  /** Returns the revision of a KV version: {@code NUMBER@CREATED}, with the creation time in ISO form. */
  static String revision(long version, String createdTime) {
    String time = createdTime;
    try {
      time = OffsetDateTime.parse(createdTime, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant().toString();
    } catch (DateTimeParseException notATime) {
      // Kept as Vault wrote it.
    }
    return version + "@" + time;
  }

  /** Returns the path of {@code key} in the mount with {@code kind} ({@code data} or {@code metadata}) after it. */
  String path(String kind, String key) {
    return settings.mount() + "/" + kind + "/" + key;
  }

  /**
   * Reads the current version of {@code key} (such as {@code secretkit/public/pg}), or version {@code version}
   * when it is positive.
   */
  Read read(String key, long version, String secret) {
    String path = path("data", key);
    Reply reply = send(secret, path, "read", "read", true, drivers -> version > 0
        ? drivers.kv().logical().withNameSpace(settings.namespace()).read(settings.mount() + "/" + key, true,
            Math.toIntExact(version))
        : drivers.kv().logical().withNameSpace(settings.namespace()).read(settings.mount() + "/" + key));
    if (reply.status() == 200) {
      JsonObject data = VaultJson.object(reply.body(), "data");
      JsonObject metadata = VaultJson.object(data, "metadata");
      JsonObject values = VaultJson.object(data, "data");
      if (metadata == null || values == null) {
        throw VaultErrors.unexpected(secret, store, settings, path, "read", reply.status(), "without data.data and"
            + " data.metadata");
      }
      return new Read(State.FOUND, VaultJson.number(metadata, "version"), VaultJson.text(metadata, "created_time"),
          values);
    }
    if (reply.status() == 404) {
      JsonObject metadata = VaultJson.object(VaultJson.object(reply.body(), "data"), "metadata");
      if (metadata != null) {
        boolean destroyed = VaultJson.flag(metadata, "destroyed");
        return new Read(destroyed ? State.DESTROYED : State.DELETED, VaultJson.number(metadata, "version"),
            VaultJson.text(metadata, "created_time"), null);
      }
      checkNotFound(reply, secret, path, "read");
      return new Read(State.MISSING, 0, "", null);
    }
    throw VaultErrors.unexpected(secret, store, settings, path, "read", reply.status(), null);
  }

  /**
   * Writes {@code data} as the next version of {@code key} if its current version is {@code cas} (0: only if
   * it has none).
   *
   * @throws StoreUnavailableException if the write failed transiently; it may or may not have been carried
   *     out, unless Vault answered 429 or 503
   */
  Written write(String key, Map<String, Object> data, long cas, String secret, boolean create) {
    String path = path("data", key);
    Reply reply = send(secret, path, "write", create ? "create" : "update", false, drivers -> drivers.kv().logical()
        .withNameSpace(settings.namespace()).write(settings.mount() + "/" + key, data, null,
            new WriteOptions().checkAndSet(cas)));
    if (reply.status() == 200) {
      JsonObject written = VaultJson.object(reply.body(), "data");
      if (written == null || written.get("version") == null) {
        throw VaultErrors.unexpected(secret, store, settings, path, "write", reply.status(), "without the version"
            + " written");
      }
      return new Written(false, VaultJson.number(written, "version"), VaultJson.text(written, "created_time"),
          reply.resent());
    }
    if (reply.status() == 204) {
      throw VaultErrors.unexpected(secret, store, settings, path, "write", reply.status(), "without the version"
          + " written");
    }
    if (reply.status() == 400 && VaultJson.errors(reply.body()).stream().anyMatch(e -> e.contains(CAS_MISMATCH))) {
      return new Written(true, 0, "", reply.resent());
    }
    if (reply.status() == 404) {
      checkNotFound(reply, secret, path, "write");
    }
    throw VaultErrors.unexpected(secret, store, settings, path, "write", reply.status(), null);
  }

  /** Returns the metadata of {@code key}, or empty when it has none. */
  Optional<Metadata> metadata(String key, String secret) {
    String path = path("metadata", key);
    Reply reply = send(secret, path, "read the metadata of", "read", true, drivers -> drivers.raw().logical()
        .withNameSpace(settings.namespace()).read(path));
    if (reply.status() == 404) {
      checkNotFound(reply, secret, path, "read the metadata of");
      return Optional.empty();
    }
    JsonObject data = VaultJson.object(reply.body(), "data");
    if (reply.status() != 200 || data == null) {
      throw VaultErrors.unexpected(secret, store, settings, path, "read the metadata of", reply.status(), null);
    }
    Map<Long, VersionState> versions = new TreeMap<>();
    JsonObject listed = VaultJson.object(data, "versions");
    if (listed != null) {
      for (JsonObject.Member member : listed) {
        if (member.getName().matches("[0-9]{1,18}") && member.getValue().isObject()) {
          JsonObject version = member.getValue().asObject();
          versions.put(Long.parseLong(member.getName()), new VersionState(VaultJson.text(version, "created_time"),
              !VaultJson.text(version, "deletion_time").isEmpty(), VaultJson.flag(version, "destroyed")));
        }
      }
    }
    return Optional.of(new Metadata(VaultJson.number(data, "current_version"), versions));
  }

  /** Writes metadata fields of {@code key}, such as {@code max_versions}; Vault keeps those not given. */
  void writeMetadata(String key, Map<String, Object> fields, String secret, boolean create) {
    String path = path("metadata", key);
    Reply reply = send(secret, path, "write the metadata of", create ? "create" : "update", true,
        drivers -> drivers.raw().logical().withNameSpace(settings.namespace()).write(path, fields));
    if (reply.status() == 404) {
      checkNotFound(reply, secret, path, "write the metadata of");
    }
    if (reply.status() != 204 && reply.status() != 200) {
      throw VaultErrors.unexpected(secret, store, settings, path, "write the metadata of", reply.status(), null);
    }
  }

  /**
   * Deletes the metadata and every version of {@code key}; Vault answers the same for a key that is not there.
   *
   * @throws StoreUnavailableException if the delete failed transiently; it may or may not have been carried
   *     out, unless Vault answered 429 or 503
   */
  void delete(String key, String secret) {
    String path = path("metadata", key);
    Reply reply = send(secret, path, "delete", "delete", false, drivers -> drivers.kv().logical()
        .withNameSpace(settings.namespace()).delete(settings.mount() + "/" + key));
    if (reply.status() == 404) {
      checkNotFound(reply, secret, path, "delete");
    }
    if (reply.status() != 204) {
      throw VaultErrors.unexpected(secret, store, settings, path, "delete", reply.status(), null);
    }
  }

  /** Returns the keys right under {@code folder} (folders end in {@code /}), sorted; empty when there are none. */
  List<String> list(String folder, String what) {
    String path = path("metadata", folder) + "/";
    Reply reply = send(what, path, "list", "list", true, drivers -> drivers.kv().logical()
        .withNameSpace(settings.namespace()).list(settings.mount() + "/" + folder + "/"));
    if (reply.status() == 404) {
      checkNotFound(reply, what, path, "list");
      return List.of();
    }
    JsonObject data = VaultJson.object(reply.body(), "data");
    JsonValue keys = data == null ? null : data.get("keys");
    if (reply.status() != 200 || keys == null || !keys.isArray()) {
      throw VaultErrors.unexpected(what, store, settings, path, "list", reply.status(), null);
    }
    List<String> names = new ArrayList<>();
    keys.asArray().forEach(key -> {
      if (key.isString()) {
        names.add(key.asString());
      }
    });
    names.sort(null);
    return names;
  }

  /**
   * Makes one call, retrying it as the class comment says, and returns Vault's answer other than a 403 or a
   * transient failure.
   */
  private Reply send(String secret, String path, String action, String capability, boolean idempotent, Call call) {
    boolean loggedInAgain = false;
    boolean resent = false;
    int refusals = 0;
    for (int attempt = 1; ; attempt++) {
      VaultSession.Drivers drivers = session.drivers();
      http.clear();
      int status;
      VaultException failure = null;
      try {
        status = call.call(drivers).getRestResponse().getStatus();
      } catch (VaultException e) {
        status = e.getHttpStatusCode();
        failure = e;
      }
      Optional<RecordingHttpClient.Exchange> exchange = http.take();
      if (failure != null && VaultErrors.interruption(failure)) {
        throw VaultErrors.interrupted(store, path, failure);
      }
      if (failure != null && VaultErrors.tlsFailure(failure)) {
        throw VaultErrors.tls(store, settings, failure);
      }
      if (status == 403) {
        VaultSession.Refusal refusal = refusals++ < MAX_REFUSALS
            ? session.refused(drivers, VaultJson.errors(exchange.map(e -> VaultJson.parse(e.body())).orElse(null)),
                loggedInAgain)
            : VaultSession.Refusal.POLICIES;
        if (refusal.retry()) {
          loggedInAgain |= refusal.newLogin();
          attempt--;
          continue;
        }
        throw VaultErrors.denied(secret, store, settings, path, action, capability, session.who(), refusal.doubt());
      }
      if (VaultErrors.transientStatus(status)) {
        Duration retryAfter = exchange.flatMap(RecordingHttpClient.Exchange::retryAfter).orElse(null);
        Optional<Duration> delay = idempotent || status == 429 || status == 503 ? backoff.delay(attempt, retryAfter)
            : Optional.empty();
        if (delay.isPresent()) {
          if (LOG.isLoggable(Level.DEBUG)) {
            LOG.log(Level.DEBUG, StoreLog.retrying(store, action, path, attempt, "HTTP " + status
                + (failure == null ? "" : ", " + failure.getClass().getName())));
          }
          pause(delay.get());
          resent = true;
          continue;
        }
        throw VaultErrors.unavailable(store, settings, path, action, status, retryAfter, failure);
      }
      return new Reply(status, exchange.map(e -> VaultJson.parse(e.body())).orElse(null), resent);
    }
  }

  private void pause(Duration delay) {
    try {
      backoff.pause(delay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreUnavailableException(store, "interrupted while waiting to call Vault again", false, null, e);
    }
  }

  /** Returns normally for Vault's 404 of a missing key ({@code {"errors":[]}}); a missing mount or other 404 throws. */
  private void checkNotFound(Reply reply, String secret, String path, String action) {
    List<String> errors = VaultJson.errors(reply.body());
    if (errors.stream().anyMatch(error -> error.contains(NO_ROUTE))) {
      throw VaultErrors.noMount(store, settings);
    }
    if (!errors.isEmpty()) {
      throw VaultErrors.unexpected(secret, store, settings, path, action, reply.status(), null);
    }
  }
}
