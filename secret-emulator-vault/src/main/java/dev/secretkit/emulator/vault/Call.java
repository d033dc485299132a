package dev.secretkit.emulator.vault;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * One request, read and classified before it is checked or carried out: what it asks ({@code verb}), of
 * which namespace and path, which endpoint that is ({@code target}, {@code operation}), and what it carries.
 *
 * @param verb the logical operation its method names, or null for a method Vault does not take
 * @param namespaceHeader its {@code X-Vault-Namespace}, canonical
 * @param namespace the namespace it resolves to, or null when there is none
 * @param path its path below {@code /v1/}, relative to the namespace; a list ends in {@code /}
 * @param target the endpoint the path names
 * @param operation the operation, for counters, faults and hooks
 * @param kvMount the KV mount the path is under, or null
 * @param key the KV key (or list prefix), or the auth mount name of a login, or null
 * @param query its query parameters, first value of each
 * @param body its JSON body, an empty object when it has none
 * @param bodyError why its body could not be read, or null
 * @param token its token from {@code X-Vault-Token} or {@code Authorization: Bearer}, or null
 * @param wrapTtl its {@code X-Vault-Wrap-TTL}, or null
 */
record Call(Verb verb, String namespaceHeader, Namespace namespace, String path, Target target,
    VaultOperation operation, Namespace.KvMount kvMount, String key, Map<String, String> query, JsonNode body,
    String bodyError, String token, String wrapTtl) {

  /** What a request's method asks, in Vault's terms. */
  enum Verb {
    READ, LIST, WRITE, DELETE, PATCH
  }

  /** The endpoint a path names. */
  enum Target {
    KV_DATA, KV_METADATA, KV_DELETE, KV_UNDELETE, KV_DESTROY, KV_CONFIG,
    SYS_MOUNTS, SYS_HEALTH, TOKEN_LOOKUP_SELF, TOKEN_RENEW_SELF, TOKEN_REVOKE_SELF, LOGIN_APPROLE, LOGIN_KUBERNETES,
    /** A path inside a mount that no endpoint of it matches. */
    UNSUPPORTED_PATH,
    /** A path under no mount. */
    NO_ROUTE
  }

  /** Returns the request as a hook sees it. */
  VaultRequest request() {
    return new VaultRequest(operation, namespace == null ? namespaceHeader : namespace.path, path, body);
  }
}
