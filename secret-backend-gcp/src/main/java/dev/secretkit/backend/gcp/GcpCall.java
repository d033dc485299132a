package dev.secretkit.backend.gcp;

/**
 * The Secret Manager RPCs the store makes, each with the IAM permission it needs, for messages that
 * say which permission a refusal lacks.
 */
enum GcpCall {
  ACCESS_SECRET_VERSION("AccessSecretVersion", "secretmanager.versions.access"),
  GET_SECRET("GetSecret", "secretmanager.secrets.get"),
  LIST_SECRETS("ListSecrets", "secretmanager.secrets.list"),
  CREATE_SECRET("CreateSecret", "secretmanager.secrets.create"),
  UPDATE_SECRET("UpdateSecret", "secretmanager.secrets.update"),
  DELETE_SECRET("DeleteSecret", "secretmanager.secrets.delete"),
  ADD_SECRET_VERSION("AddSecretVersion", "secretmanager.versions.add"),
  GET_SECRET_VERSION("GetSecretVersion", "secretmanager.versions.get"),
  LIST_SECRET_VERSIONS("ListSecretVersions", "secretmanager.versions.list"),
  DESTROY_SECRET_VERSION("DestroySecretVersion", "secretmanager.versions.destroy");

  private final String rpc;
  private final String permission;

  GcpCall(String rpc, String permission) {
    this.rpc = rpc;
    this.permission = permission;
  }

  /** Returns the RPC's name, such as {@code AccessSecretVersion}. */
  String rpc() {
    return rpc;
  }

  /** Returns the IAM permission the RPC needs, such as {@code secretmanager.versions.access}. */
  String permission() {
    return permission;
  }
}
