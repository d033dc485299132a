package dev.secretkit.emulator.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The emulated Vault server behind the HTTP layer: its namespaces, tokens and service accounts, and the
 * handling of one request after the fault switches let it through, in Vault's order: method, body,
 * namespace, token, policy, endpoint. Every method is synchronized, so each request is atomic.
 */
final class VaultCore {
  /** The Vault version {@code sys/health} reports. */
  static final String VERSION = "1.17.0";
  /** The version {@code sys/health} reports once {@link #invalidTokenError} is off: one before 1.17. */
  static final String VERSION_BEFORE_INVALID_TOKEN = "1.16.3";

  private final Clock clock;
  private final TreeMap<String, Namespace> namespaces = new TreeMap<>();
  private final Tokens tokens = new Tokens();
  private final ServiceAccounts serviceAccounts = new ServiceAccounts();
  private final String rootToken;
  private final String clusterId = UUID.randomUUID().toString();
  private boolean invalidTokenError = true;

  /** Creates a server whose root namespace has a KV v2 engine at {@code secret/}, as {@code vault server -dev}. */
  VaultCore(Clock clock) {
    this.clock = clock;
    namespace("").mountKv(VaultEmulator.DEFAULT_KV_MOUNT);
    rootToken = tokens.issueRoot(clock.instant()).id;
  }

  String rootToken() {
    return rootToken;
  }

  // ---- configuration --------------------------------------------------------------------------

  /** Returns the namespace at the canonical {@code path}, creating it and its parents if needed. */
  synchronized Namespace namespace(String path) {
    Namespace found = namespaces.get(path);
    if (found == null) {
      if (!path.isEmpty()) {
        String parent = path.substring(0, path.lastIndexOf('/', path.length() - 2) + 1);
        namespace(parent);
      }
      found = new Namespace(path);
      namespaces.put(path, found);
    }
    return found;
  }

  synchronized void mountKv(String namespace, String mount) {
    namespace(Namespaces.canonical(namespace)).mountKv(Namespaces.mount(mount));
  }

  synchronized void policy(String namespace, String name, String text) {
    namespace(Namespaces.canonical(namespace)).policy(name, text);
  }

  synchronized String createToken(TokenSpec spec) {
    namespace(spec.namespace());
    return tokens.issue(spec, "auth/token/create", "token", null, false, clock.instant()).id;
  }

  synchronized void invalidTokenError(boolean on) {
    invalidTokenError = on;
  }

  synchronized void revokeToken(String token) {
    tokens.revoke(token);
  }

  synchronized int serviceTokens(String namespace) {
    return tokens.serviceTokens(Namespaces.canonical(namespace), clock.instant());
  }

  synchronized AppRoleCredentials appRole(String mount, String role, TokenSpec spec) {
    return namespace(spec.namespace()).appRoleMount(Namespaces.mount(mount)).define(role, spec);
  }

  synchronized void kubernetesRole(String mount, String role, String serviceAccountNamespace,
      String serviceAccountName, TokenSpec spec) {
    namespace(spec.namespace()).kubernetesMount(Namespaces.mount(mount))
        .define(new KubernetesMount.Role(role, serviceAccountNamespace, serviceAccountName, spec));
  }

  synchronized String serviceAccountJwt(String namespace, String name) {
    return serviceAccounts.mint(namespace, name);
  }

  // ---- requests -------------------------------------------------------------------------------

  /**
   * Reads and classifies a request: {@code path} is below {@code /v1/}, decoded; the headers are as sent
   * (null when absent).
   */
  synchronized Call classify(String method, String path, String rawQuery, String namespaceHeader, String token,
      String wrapTtl, byte[] body) {
    Map<String, String> query = query(rawQuery);
    Call.Verb verb = verb(method, query);
    String logical = verb == Call.Verb.LIST && !path.endsWith("/") ? path + "/" : path;
    String header;
    try {
      header = Namespaces.canonical(namespaceHeader == null ? "" : namespaceHeader);
    } catch (IllegalArgumentException malformed) {
      header = namespaceHeader;
    }
    Namespace namespace = null;
    for (Map.Entry<String, Namespace> candidate : namespaces.entrySet()) {
      String prefix = candidate.getKey();
      if (prefix.startsWith(header) && (header + logical).startsWith(prefix)
          && (namespace == null || prefix.length() > namespace.path.length())) {
        namespace = candidate.getValue();
      }
    }
    String relative = namespace == null ? logical : (header + logical).substring(namespace.path.length());
    JsonNode json = Wire.NODES.objectNode();
    String bodyError = null;
    if (verb == Call.Verb.WRITE || verb == Call.Verb.PATCH) {
      try {
        String text = new String(body, StandardCharsets.UTF_8);
        JsonNode parsed = text.isBlank() ? Wire.NODES.objectNode() : Wire.JSON.readTree(text);
        if (parsed.isObject()) {
          json = parsed;
        } else {
          bodyError = "failed to parse JSON input: the body is " + parsed.getNodeType().name().toLowerCase(Locale.ROOT)
              + ", not a JSON object";
        }
      } catch (IOException malformed) {
        bodyError = "failed to parse JSON input: " + malformed.getMessage().lines().findFirst().orElse("");
      }
    }
    return route(verb, header, namespace, relative, query, json, bodyError, token, wrapTtl);
  }

  /**
   * Handles a classified request at the clock's time and returns its answer.
   *
   * @throws VaultError for every refusal, as Vault answers it
   */
  synchronized Reply handle(Call call) {
    Instant now = clock.instant();
    if (call.verb() == null) {
      throw VaultError.of(405);
    }
    if (call.bodyError() != null) {
      throw VaultError.badRequest(call.bodyError());
    }
    if (call.namespace() == null) {
      throw VaultError.of(404, "namespace not found");
    }
    if (call.wrapTtl() != null) {
      throw VaultError.badRequest("response wrapping (X-Vault-Wrap-TTL) is not emulated");
    }
    switch (call.target()) {
      case SYS_HEALTH:
        return health(call, false, false);
      case LOGIN_APPROLE:
      case LOGIN_KUBERNETES:
        return login(call, now);
      default:
        break;
    }
    Token token = authenticate(call, now);
    authorize(call, token);
    return execute(call, token, now);
  }

  /**
   * Answers {@code sys/health} as a node that is {@code sealed}, a {@code standby}, or neither, with the
   * status the query's {@code standbyok}, {@code activecode}, {@code standbycode} and {@code sealedcode} ask.
   */
  synchronized Reply health(Call call, boolean sealed, boolean standby) {
    if (call.verb() != Call.Verb.READ) {
      throw VaultError.unsupportedOperation();
    }
    ObjectNode body = Wire.NODES.objectNode();
    body.put("initialized", true);
    body.put("sealed", sealed);
    body.put("standby", standby);
    body.put("performance_standby", false);
    body.put("replication_performance_mode", "disabled");
    body.put("replication_dr_mode", "disabled");
    body.put("server_time_utc", clock.instant().getEpochSecond());
    body.put("version", invalidTokenError ? VERSION : VERSION_BEFORE_INVALID_TOKEN);
    body.put("enterprise", false);
    if (!sealed) {
      body.put("cluster_name", "vault-emulator");
      body.put("cluster_id", clusterId);
    }
    body.put("echo_duration_ms", 0);
    body.put("clock_skew_ms", 0);
    Map<String, String> query = call.query();
    int status;
    if (sealed) {
      status = code(query, "sealedcode", 503);
    } else if (standby && !"true".equals(query.get("standbyok"))) {
      status = code(query, "standbycode", 429);
    } else {
      status = code(query, "activecode", 200);
    }
    return new Reply(status, body, Map.of());
  }

  // ---- steps ----------------------------------------------------------------------------------

  private Call route(Call.Verb verb, String header, Namespace namespace, String path, Map<String, String> query,
      JsonNode body, String bodyError, String token, String wrapTtl) {
    Call.Target target = Call.Target.NO_ROUTE;
    Namespace.KvMount kvMount = null;
    String key = null;
    if (namespace != null) {
      if (path.equals("sys/mounts")) {
        target = Call.Target.SYS_MOUNTS;
      } else if (path.equals("sys/health")) {
        target = Call.Target.SYS_HEALTH;
      } else if (path.startsWith("sys/")) {
        target = Call.Target.UNSUPPORTED_PATH;
      } else if (path.startsWith("auth/")) {
        String rest = path.substring("auth/".length());
        int slash = rest.indexOf('/');
        String mount = slash < 0 ? rest : rest.substring(0, slash);
        String endpoint = slash < 0 ? "" : rest.substring(slash + 1);
        key = mount;
        if (mount.equals("token")) {
          target = switch (endpoint) {
            case "lookup-self" -> Call.Target.TOKEN_LOOKUP_SELF;
            case "renew-self" -> Call.Target.TOKEN_RENEW_SELF;
            case "revoke-self" -> Call.Target.TOKEN_REVOKE_SELF;
            default -> Call.Target.UNSUPPORTED_PATH;
          };
        } else if (namespace.findAppRoleMount(mount) != null) {
          target = endpoint.equals("login") ? Call.Target.LOGIN_APPROLE : Call.Target.UNSUPPORTED_PATH;
        } else if (namespace.findKubernetesMount(mount) != null) {
          target = endpoint.equals("login") ? Call.Target.LOGIN_KUBERNETES : Call.Target.UNSUPPORTED_PATH;
        }
      } else {
        kvMount = namespace.kvMountFor(path);
        if (kvMount != null) {
          String rest = path.length() == kvMount.path().length() ? "" : path.substring(kvMount.path().length() + 1);
          int slash = rest.indexOf('/');
          String endpoint = slash < 0 ? rest : rest.substring(0, slash);
          key = slash < 0 ? null : rest.substring(slash + 1);
          target = kvTarget(endpoint, key);
        }
      }
    }
    return new Call(verb, header, namespace, path, target, operation(target, verb), kvMount, key, query, body,
        bodyError, token, wrapTtl);
  }

  private static Call.Target kvTarget(String endpoint, String key) {
    if (key == null) {
      return endpoint.equals("config") ? Call.Target.KV_CONFIG : Call.Target.UNSUPPORTED_PATH;
    }
    return switch (endpoint) {
      case "data" -> key.isEmpty() || key.endsWith("/") ? Call.Target.UNSUPPORTED_PATH : Call.Target.KV_DATA;
      case "metadata" -> Call.Target.KV_METADATA;
      case "delete" -> Call.Target.KV_DELETE;
      case "undelete" -> Call.Target.KV_UNDELETE;
      case "destroy" -> Call.Target.KV_DESTROY;
      default -> Call.Target.UNSUPPORTED_PATH;
    };
  }

  private static VaultOperation operation(Call.Target target, Call.Verb verb) {
    if (verb == null) {
      return VaultOperation.OTHER;
    }
    return switch (target) {
      case KV_DATA -> verb == Call.Verb.READ ? VaultOperation.READ_DATA
          : verb == Call.Verb.WRITE ? VaultOperation.WRITE_DATA
          : verb == Call.Verb.DELETE ? VaultOperation.DELETE_LATEST : VaultOperation.OTHER;
      case KV_METADATA -> switch (verb) {
        case READ -> VaultOperation.READ_METADATA;
        case LIST -> VaultOperation.LIST_KEYS;
        case WRITE -> VaultOperation.WRITE_METADATA;
        case DELETE -> VaultOperation.DELETE_METADATA;
        case PATCH -> VaultOperation.OTHER;
      };
      case KV_CONFIG -> verb == Call.Verb.READ ? VaultOperation.READ_CONFIG
          : verb == Call.Verb.WRITE ? VaultOperation.WRITE_CONFIG : VaultOperation.OTHER;
      case KV_DELETE -> only(verb, Call.Verb.WRITE, VaultOperation.DELETE_VERSIONS);
      case KV_UNDELETE -> only(verb, Call.Verb.WRITE, VaultOperation.UNDELETE_VERSIONS);
      case KV_DESTROY -> only(verb, Call.Verb.WRITE, VaultOperation.DESTROY_VERSIONS);
      case SYS_MOUNTS -> only(verb, Call.Verb.READ, VaultOperation.READ_MOUNTS);
      case SYS_HEALTH -> only(verb, Call.Verb.READ, VaultOperation.HEALTH);
      case TOKEN_LOOKUP_SELF -> only(verb, Call.Verb.READ, VaultOperation.LOOKUP_SELF);
      case TOKEN_RENEW_SELF -> only(verb, Call.Verb.WRITE, VaultOperation.RENEW_SELF);
      case TOKEN_REVOKE_SELF -> only(verb, Call.Verb.WRITE, VaultOperation.REVOKE_SELF);
      case LOGIN_APPROLE -> only(verb, Call.Verb.WRITE, VaultOperation.LOGIN_APPROLE);
      case LOGIN_KUBERNETES -> only(verb, Call.Verb.WRITE, VaultOperation.LOGIN_KUBERNETES);
      case UNSUPPORTED_PATH, NO_ROUTE -> VaultOperation.OTHER;
    };
  }

  private static VaultOperation only(Call.Verb verb, Call.Verb wanted, VaultOperation operation) {
    return verb == wanted ? operation : VaultOperation.OTHER;
  }

  /**
   * Returns the valid token the request carries, or answers 403 as Vault does: {@code permission denied}, and
   * for a token that is expired, revoked or unknown also {@code invalid token} (Vault 1.17 and later) unless
   * {@link #invalidTokenError} turned that off.
   */
  private Token authenticate(Call call, Instant now) {
    if (call.token() == null || call.token().isEmpty()) {
      throw VaultError.permissionDenied();
    }
    Token token = tokens.find(call.token(), now);
    if (token == null) {
      throw invalidTokenError ? VaultError.of(403, "permission denied", "invalid token")
          : VaultError.permissionDenied();
    }
    if (!call.namespace().path.startsWith(token.namespace)) {
      throw VaultError.permissionDenied();
    }
    return token;
  }

  /** Answers 403 unless the token's policies grant the capability the request needs on its path. */
  private void authorize(Call call, Token token) {
    String path = call.namespace().path.substring(token.namespace.length()) + call.path();
    Acl acl = namespaces.get(token.namespace).acl(token.policies);
    if (!acl.allows(path, capability(call))) {
      throw VaultError.permissionDenied();
    }
  }

  /** Returns the capability the request needs: a write is a create unless the KV key it writes exists. */
  private static String capability(Call call) {
    return switch (call.verb()) {
      case READ -> "read";
      case LIST -> "list";
      case DELETE -> "delete";
      case PATCH -> "patch";
      case WRITE -> (call.target() == Call.Target.KV_DATA || call.target() == Call.Target.KV_METADATA)
          && !call.kvMount().engine().exists(call.key()) ? "create" : "update";
    };
  }

  private Reply execute(Call call, Token token, Instant now) {
    if (call.target() == Call.Target.NO_ROUTE) {
      throw VaultError.of(404, "no handler for route \"" + call.path() + "\". route entry not found.");
    }
    if (call.target() == Call.Target.UNSUPPORTED_PATH) {
      throw VaultError.unsupportedPath();
    }
    KvEngine engine = call.kvMount() == null ? null : call.kvMount().engine();
    String key = call.key();
    return switch (call.operation()) {
      case READ_DATA -> engine.read(key, call.query().get("version"), now);
      case WRITE_DATA -> engine.write(key, call.body(), now);
      case DELETE_LATEST -> engine.deleteLatest(key, now);
      case DELETE_VERSIONS -> engine.deleteVersions(key, call.body(), now);
      case UNDELETE_VERSIONS -> engine.undelete(key, call.body(), now);
      case DESTROY_VERSIONS -> engine.destroy(key, call.body());
      case LIST_KEYS -> engine.list(key);
      case READ_METADATA -> engine.readMetadata(key);
      case WRITE_METADATA -> engine.writeMetadata(key, call.body(), now);
      case DELETE_METADATA -> engine.deleteMetadata(key);
      case READ_CONFIG -> engine.readConfig();
      case WRITE_CONFIG -> engine.writeConfig(call.body());
      case READ_MOUNTS -> mounts(call.namespace());
      case LOOKUP_SELF -> Reply.ok(Wire.envelope(token.lookup(now), null, "token"));
      case RENEW_SELF -> renewSelf(token, call.body(), now);
      case REVOKE_SELF -> {
        tokens.revokeSelf(token);
        yield Reply.noContent();
      }
      default -> throw VaultError.unsupportedOperation();
    };
  }

  private Reply renewSelf(Token token, JsonNode body, Instant now) {
    JsonNode increment = body.get("increment");
    long seconds = increment == null || increment.isNull() ? 0 : Wire.durationSeconds(increment, "increment");
    List<String> warnings = tokens.renew(token, seconds, now);
    ObjectNode answer = Wire.envelope(null, warnings, "token");
    answer.set("auth", token.auth(token.ttlSeconds(now)));
    return Reply.ok(answer);
  }

  private Reply login(Call call, Instant now) {
    if (call.verb() != Call.Verb.WRITE) {
      throw VaultError.unsupportedOperation();
    }
    String mount = call.key();
    String path = "auth/" + mount + "/login";
    Token token;
    String type;
    if (call.target() == Call.Target.LOGIN_APPROLE) {
      AppRoleMount.Role role = call.namespace().findAppRoleMount(mount).login(call.body());
      token = tokens.issue(role.tokens, path, "approle", Map.of("role_name", role.name), true, now);
      type = "approle";
    } else {
      KubernetesMount.Login login = call.namespace().findKubernetesMount(mount).login(call.body(), serviceAccounts);
      Map<String, String> meta = new HashMap<>();
      meta.put("role", login.role().name());
      meta.put("service_account_name", login.account().name());
      meta.put("service_account_namespace", login.account().namespace());
      meta.put("service_account_secret_name", "");
      meta.put("service_account_uid", login.account().uid());
      token = tokens.issue(login.role().tokens(), path,
          "kubernetes-" + login.account().namespace() + "-" + login.account().name(), meta, true, now);
      type = "kubernetes";
    }
    ObjectNode answer = Wire.envelope(null, null, type);
    answer.set("auth", token.auth(token.ttlSeconds(now)));
    return Reply.ok(answer);
  }

  /** Answers {@code sys/mounts} as Vault does {@code sys/} reads: the mounts in {@code data} and at the top level. */
  private static Reply mounts(Namespace namespace) {
    ObjectNode mounts = namespace.mounts();
    ObjectNode answer = Wire.envelope(mounts, null, "system");
    mounts.properties().forEach(mount -> answer.set(mount.getKey(), mount.getValue()));
    return Reply.ok(answer);
  }

  private static Call.Verb verb(String method, Map<String, String> query) {
    return switch (method) {
      case "GET" -> listing(query.get("list")) ? Call.Verb.LIST : Call.Verb.READ;
      case "LIST" -> Call.Verb.LIST;
      case "POST", "PUT" -> Call.Verb.WRITE;
      case "DELETE" -> Call.Verb.DELETE;
      case "PATCH" -> Call.Verb.PATCH;
      default -> null;
    };
  }

  private static boolean listing(String value) {
    return value != null && List.of("1", "t", "T", "true", "TRUE", "True").contains(value);
  }

  private static int code(Map<String, String> query, String parameter, int fallback) {
    String value = query.get(parameter);
    return value != null && value.matches("\\d{3}") ? Integer.parseInt(value) : fallback;
  }

  private static Map<String, String> query(String rawQuery) {
    Map<String, String> parameters = new TreeMap<>();
    if (rawQuery != null) {
      for (String pair : rawQuery.split("&")) {
        if (!pair.isEmpty()) {
          int equals = pair.indexOf('=');
          String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
          String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
          parameters.putIfAbsent(name, value);
        }
      }
    }
    return parameters;
  }
}
