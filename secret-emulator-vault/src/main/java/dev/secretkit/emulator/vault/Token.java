package dev.secretkit.emulator.vault;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One token the emulator issued: who it is, what policies it carries and when it expires. Mutable through
 * renewal only; {@link Tokens} guards it.
 */
final class Token {
  final String id;
  final String accessor;
  final String namespace;
  final List<String> policies;
  final String displayName;
  final String path;
  final Map<String, String> meta;
  final boolean orphan;
  final boolean renewable;
  /** Whether it is a batch token, which can be neither renewed nor revoked, rather than a service token. */
  final boolean batch;
  final Instant created;
  final Duration creationTtl;
  final Duration explicitMaxTtl;
  /** When the token may live no longer, or null for a root token, which never expires. */
  final Instant maxExpire;
  Instant expire;
  Instant lastRenewal;

  Token(String id, String accessor, String namespace, List<String> policies, String displayName, String path,
      Map<String, String> meta, boolean orphan, boolean renewable, boolean batch, Instant created, Duration creationTtl,
      Duration explicitMaxTtl, Instant maxExpire) {
    this.id = id;
    this.accessor = accessor;
    this.namespace = namespace;
    this.policies = List.copyOf(policies);
    this.displayName = displayName;
    this.path = path;
    this.meta = meta;
    this.orphan = orphan;
    this.renewable = renewable;
    this.batch = batch;
    this.created = created;
    this.creationTtl = creationTtl;
    this.explicitMaxTtl = explicitMaxTtl;
    this.maxExpire = maxExpire;
    this.expire = creationTtl.isZero() ? null : created.plus(creationTtl);
  }

  boolean isRoot() {
    return policies.contains("root");
  }

  /** Returns whether the token is still valid at {@code now}: it has no expiry, or it lies ahead. */
  boolean validAt(Instant now) {
    return expire == null || now.isBefore(expire);
  }

  /** Returns the whole seconds left at {@code now}; zero for a token that never expires. */
  long ttlSeconds(Instant now) {
    return expire == null ? 0 : Math.max(0, Duration.between(now, expire).getSeconds());
  }

  /** Returns the token's type as Vault names it: {@code batch} or {@code service}. */
  String type() {
    return batch ? "batch" : "service";
  }

  /** Returns what {@code auth/token/lookup-self} shows in {@code data}. */
  ObjectNode lookup(Instant now) {
    ObjectNode data = Wire.NODES.objectNode();
    data.put("accessor", accessor);
    data.put("creation_time", created.getEpochSecond());
    data.put("creation_ttl", creationTtl.getSeconds());
    data.put("display_name", displayName);
    data.put("entity_id", "");
    if (expire == null) {
      data.putNull("expire_time");
    } else {
      data.put("expire_time", Wire.time(expire));
    }
    data.put("explicit_max_ttl", explicitMaxTtl.getSeconds());
    data.put("id", id);
    data.put("issue_time", Wire.time(created));
    if (lastRenewal != null) {
      data.put("last_renewal", Wire.time(lastRenewal));
      data.put("last_renewal_time", lastRenewal.getEpochSecond());
    }
    data.set("meta", Wire.stringMap(meta));
    data.put("num_uses", 0);
    data.put("orphan", orphan);
    data.put("path", path);
    data.set("policies", Wire.strings(policies));
    data.put("renewable", renewable);
    data.put("ttl", ttlSeconds(now));
    data.put("type", type());
    return data;
  }

  /** Returns the {@code auth} block of a login or renewal response, with {@code leaseSeconds} as its lease duration. */
  ObjectNode auth(long leaseSeconds) {
    ObjectNode auth = Wire.NODES.objectNode();
    auth.put("client_token", id);
    auth.put("accessor", accessor);
    auth.set("policies", Wire.strings(policies));
    auth.set("token_policies", Wire.strings(policies));
    auth.set("metadata", Wire.stringMap(meta));
    auth.put("lease_duration", leaseSeconds);
    auth.put("renewable", renewable);
    auth.put("entity_id", "");
    auth.put("token_type", type());
    auth.put("orphan", orphan);
    auth.putNull("mfa_requirement");
    auth.put("num_uses", 0);
    return auth;
  }
}
