package dev.secretkit.emulator.vault;

/**
 * The Vault API operation a request to the emulator names, by method and path, which the call counters,
 * fault switches and hooks of {@link VaultEmulator} select on.
 *
 * <p>A request is classified before anything else is checked, so a request that is then refused (no
 * token, denied by policy, a bad body) still counts as its operation. A request on a path or method the
 * emulator does not serve is {@link #OTHER}.
 */
public enum VaultOperation {
  /** {@code GET {mount}/data/{path}}, optionally {@code ?version=N}: reads a KV v2 secret version. */
  READ_DATA,
  /** {@code POST} or {@code PUT {mount}/data/{path}}: writes a new KV v2 version, with {@code options.cas}. */
  WRITE_DATA,
  /** {@code DELETE {mount}/data/{path}}: soft-deletes the latest version. */
  DELETE_LATEST,
  /** {@code POST {mount}/delete/{path}}: soft-deletes the listed versions. */
  DELETE_VERSIONS,
  /** {@code POST {mount}/undelete/{path}}: restores soft-deleted versions. */
  UNDELETE_VERSIONS,
  /** {@code POST {mount}/destroy/{path}}: destroys the listed versions' data for good. */
  DESTROY_VERSIONS,
  /** {@code LIST}, or {@code GET ?list=true}, on {@code {mount}/metadata/{prefix}}: lists keys and folders. */
  LIST_KEYS,
  /** {@code GET {mount}/metadata/{path}}: reads a secret's metadata and version history. */
  READ_METADATA,
  /** {@code POST} or {@code PUT {mount}/metadata/{path}}: sets max_versions, cas_required and the like. */
  WRITE_METADATA,
  /** {@code DELETE {mount}/metadata/{path}}: deletes a secret's metadata and every version. */
  DELETE_METADATA,
  /** {@code GET {mount}/config}: reads the KV engine's configuration. */
  READ_CONFIG,
  /** {@code POST} or {@code PUT {mount}/config}: writes the KV engine's configuration. */
  WRITE_CONFIG,
  /** {@code GET auth/token/lookup-self}: describes the calling token. */
  LOOKUP_SELF,
  /** {@code POST auth/token/renew-self}: extends the calling token's TTL. */
  RENEW_SELF,
  /** {@code POST auth/token/revoke-self}: revokes the calling token. */
  REVOKE_SELF,
  /** {@code POST auth/{approle mount}/login}: logs in with a role id and secret id. */
  LOGIN_APPROLE,
  /** {@code POST auth/{kubernetes mount}/login}: logs in with a role and a service account JWT. */
  LOGIN_KUBERNETES,
  /** {@code GET sys/mounts}: lists the namespace's secrets engines. */
  READ_MOUNTS,
  /** {@code GET sys/health}: reports whether the node is initialized, sealed or a standby. */
  HEALTH,
  /** Any other request. */
  OTHER
}
