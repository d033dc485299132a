package dev.secretkit.emulator.gcp;

/**
 * The RPC of {@code google.cloud.secretmanager.v1.SecretManagerService} a call to the emulator names, which the
 * call counters, fault switches and hooks of {@link GcpSecretManagerEmulator} select on.
 *
 * <p>A call is counted as its operation before anything else is checked, so a call that is then refused (a
 * malformed name, a stale etag, a denied permission) still counts. Each operation knows the IAM permission Secret
 * Manager checks for it, which a {@code PERMISSION_DENIED} answer names.
 */
public enum GcpOperation {
  /** {@code CreateSecret}: creates a secret with no versions. */
  CREATE_SECRET("CreateSecret", "secretmanager.secrets.create"),
  /** {@code GetSecret}: reads a secret's metadata. */
  GET_SECRET("GetSecret", "secretmanager.secrets.get"),
  /** {@code ListSecrets}: lists a project's secrets, newest first. */
  LIST_SECRETS("ListSecrets", "secretmanager.secrets.list"),
  /** {@code UpdateSecret}: changes the fields an update mask names. */
  UPDATE_SECRET("UpdateSecret", "secretmanager.secrets.update"),
  /** {@code DeleteSecret}: deletes a secret and all its versions. */
  DELETE_SECRET("DeleteSecret", "secretmanager.secrets.delete"),
  /** {@code AddSecretVersion}: adds a version with a payload. */
  ADD_SECRET_VERSION("AddSecretVersion", "secretmanager.versions.add"),
  /** {@code AccessSecretVersion}: reads a version's payload. */
  ACCESS_SECRET_VERSION("AccessSecretVersion", "secretmanager.versions.access"),
  /** {@code GetSecretVersion}: reads a version's metadata. */
  GET_SECRET_VERSION("GetSecretVersion", "secretmanager.versions.get"),
  /** {@code ListSecretVersions}: lists a secret's versions, newest first. */
  LIST_SECRET_VERSIONS("ListSecretVersions", "secretmanager.versions.list"),
  /** {@code EnableSecretVersion}: makes a disabled version accessible again. */
  ENABLE_SECRET_VERSION("EnableSecretVersion", "secretmanager.versions.enable"),
  /** {@code DisableSecretVersion}: makes a version inaccessible, keeping its data. */
  DISABLE_SECRET_VERSION("DisableSecretVersion", "secretmanager.versions.disable"),
  /** {@code DestroySecretVersion}: wipes a version's data for good. */
  DESTROY_SECRET_VERSION("DestroySecretVersion", "secretmanager.versions.destroy"),
  /** {@code SetIamPolicy}: not emulated; answered {@code UNIMPLEMENTED}. */
  SET_IAM_POLICY("SetIamPolicy", "secretmanager.secrets.setIamPolicy"),
  /** {@code GetIamPolicy}: not emulated; answered {@code UNIMPLEMENTED}. */
  GET_IAM_POLICY("GetIamPolicy", "secretmanager.secrets.getIamPolicy"),
  /** {@code TestIamPermissions}: not emulated; answered {@code UNIMPLEMENTED}. It needs no permission. */
  TEST_IAM_PERMISSIONS("TestIamPermissions", "");

  private final String rpcName;
  private final String permission;

  GcpOperation(String rpcName, String permission) {
    this.rpcName = rpcName;
    this.permission = permission;
  }

  /** Returns the RPC's name in the service, such as {@code AccessSecretVersion}. */
  public String rpcName() {
    return rpcName;
  }

  /**
   * Returns the IAM permission Secret Manager checks for the RPC, such as {@code secretmanager.versions.access}, or
   * {@code ""} for {@code TestIamPermissions}, which needs none.
   */
  public String permission() {
    return permission;
  }
}
