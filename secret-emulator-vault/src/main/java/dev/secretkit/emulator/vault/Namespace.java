package dev.secretkit.emulator.vault;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * One Vault namespace ({@code ""} is the root): its KV mounts, its policies and its auth method mounts, all
 * separate from every other namespace's. Not thread-safe; {@link VaultCore} guards it.
 */
final class Namespace {
  private static final Set<String> RESERVED_MOUNTS = Set.of("sys", "auth", "cubbyhole", "identity");

  /** A KV mount and the ids {@code sys/mounts} shows for it. */
  record KvMount(String path, KvEngine engine, String accessor, String uuid) {
  }

  final String path;
  private final Map<String, KvMount> kvMounts = new TreeMap<>();
  private final Map<String, Policy> policies = new HashMap<>();
  private final Map<String, AppRoleMount> appRoleMounts = new HashMap<>();
  private final Map<String, KubernetesMount> kubernetesMounts = new HashMap<>();

  Namespace(String path) {
    this.path = path;
    policies.put("default", Policy.parse("default", Policy.DEFAULT_HCL));
  }

  /**
   * Enables a KV version 2 engine at {@code mount}.
   *
   * @throws IllegalArgumentException if a system path, or if it overlaps an existing mount, as Vault refuses
   */
  void mountKv(String mount) {
    String first = mount.split("/", -1)[0];
    if (RESERVED_MOUNTS.contains(first)) {
      throw new IllegalArgumentException("cannot mount a KV engine at '" + mount + "': '" + first
          + "/' is reserved for Vault's own endpoints");
    }
    for (String existing : kvMounts.keySet()) {
      if (existing.equals(mount) || mount.startsWith(existing + "/") || existing.startsWith(mount + "/")) {
        throw new IllegalArgumentException("cannot mount a KV engine at '" + mount + "' in namespace '" + path
            + "': it overlaps the existing mount '" + existing + "/'");
      }
    }
    String accessor = "kv_" + UUID.randomUUID().toString().substring(0, 8);
    kvMounts.put(mount, new KvMount(mount, new KvEngine(), accessor, UUID.randomUUID().toString()));
  }

  /** Returns the KV mount whose path is {@code path} or a prefix of it up to a slash, or null. */
  KvMount kvMountFor(String requestPath) {
    KvMount found = null;
    for (KvMount mount : kvMounts.values()) {
      if ((requestPath.equals(mount.path()) || requestPath.startsWith(mount.path() + "/"))
          && (found == null || mount.path().length() > found.path().length())) {
        found = mount;
      }
    }
    return found;
  }

  /**
   * Creates or replaces the policy {@code name}.
   *
   * @throws IllegalArgumentException for {@code root}, which Vault does not let anyone change, or a
   *     malformed policy
   */
  void policy(String name, String text) {
    if (name.equals("root")) {
      throw new IllegalArgumentException("cannot update the root policy");
    }
    policies.put(name, Policy.parse(name, text));
  }

  /** Returns the ACL of a token of this namespace with {@code names}; names without a policy grant nothing. */
  Acl acl(Collection<String> names) {
    List<Policy> found = new ArrayList<>();
    for (String name : names) {
      Policy policy = policies.get(name);
      if (policy != null) {
        found.add(policy);
      }
    }
    return new Acl(found, names.contains("root"));
  }

  /**
   * Returns the AppRole mount {@code mount}, enabling it if needed.
   *
   * @throws IllegalArgumentException if another auth method is mounted there
   */
  AppRoleMount appRoleMount(String mount) {
    checkAuthMount(mount, kubernetesMounts);
    return appRoleMounts.computeIfAbsent(mount, absent -> new AppRoleMount());
  }

  /**
   * Returns the Kubernetes auth mount {@code mount}, enabling it if needed.
   *
   * @throws IllegalArgumentException if another auth method is mounted there
   */
  KubernetesMount kubernetesMount(String mount) {
    checkAuthMount(mount, appRoleMounts);
    return kubernetesMounts.computeIfAbsent(mount, absent -> new KubernetesMount());
  }

  /** Returns the AppRole mount at {@code mount} if one is enabled, else null. */
  AppRoleMount findAppRoleMount(String mount) {
    return appRoleMounts.get(mount);
  }

  /** Returns the Kubernetes mount at {@code mount} if one is enabled, else null. */
  KubernetesMount findKubernetesMount(String mount) {
    return kubernetesMounts.get(mount);
  }

  /** Returns what {@code sys/mounts} shows: the KV mounts, and Vault's own system, identity and cubbyhole mounts. */
  ObjectNode mounts() {
    ObjectNode mounts = Wire.NODES.objectNode();
    mounts.set("cubbyhole/", builtin("cubbyhole", "per-token private secret storage", true));
    mounts.set("identity/", builtin("identity", "identity store", false));
    for (KvMount mount : kvMounts.values()) {
      ObjectNode entry = builtin("kv", "key/value secret storage", false);
      entry.put("accessor", mount.accessor());
      entry.set("options", Wire.NODES.objectNode().put("version", "2"));
      entry.put("uuid", mount.uuid());
      mounts.set(mount.path() + "/", entry);
    }
    mounts.set("sys/", builtin("system", "system endpoints used for control, policy and debugging", false));
    return mounts;
  }

  private static ObjectNode builtin(String type, String description, boolean local) {
    ObjectNode entry = Wire.NODES.objectNode();
    entry.put("accessor", type + "_emulator");
    ObjectNode config = entry.putObject("config");
    config.put("default_lease_ttl", 0);
    config.put("force_no_cache", false);
    config.put("max_lease_ttl", 0);
    entry.put("description", description);
    entry.put("external_entropy_access", false);
    entry.put("local", local);
    entry.putNull("options");
    entry.put("plugin_version", "");
    entry.put("running_plugin_version", "");
    entry.put("running_sha256", "");
    entry.put("seal_wrap", false);
    entry.put("type", type);
    entry.put("uuid", UUID.nameUUIDFromBytes(type.getBytes(StandardCharsets.UTF_8)).toString());
    return entry;
  }

  private void checkAuthMount(String mount, Map<String, ?> otherKind) {
    if (mount.equals("token") || otherKind.containsKey(mount)) {
      throw new IllegalArgumentException("cannot enable an auth method at 'auth/" + mount + "/' in namespace '" + path
          + "': another auth method is mounted there");
    }
  }
}
