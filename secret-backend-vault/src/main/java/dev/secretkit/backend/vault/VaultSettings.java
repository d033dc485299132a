package dev.secretkit.backend.vault;

import dev.secretkit.spi.StoreConfig;
import dev.secretkit.spi.StoreLimits;
import dev.secretkit.spi.StoreParameters;
import dev.secretkit.spi.support.Suggestions;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a {@code vault} store URI and the store's environment say, checked without any I/O: where Vault is,
 * which KV mount, prefix and namespace, how to speak TLS, how to log in, and the limits, timeouts and
 * retries. {@link #parse} reports every problem at once; a store is opened only from settings without
 * any.
 *
 * @param address Vault's address, {@code https://HOST:PORT} (or {@code http://} to a loopback address)
 * @param addressSource where the address came from: {@code the store URI} or {@code VAULT_ADDR}
 * @param mount the KV version 2 mount, such as {@code secret} or {@code team/kv}
 * @param prefix the path under the mount that holds the store's secrets, such as {@code secretkit}
 * @param namespace the Vault Enterprise namespace, such as {@code team-a/}, or null for none
 * @param tls the TLS files and whether to skip verifying Vault's certificate
 * @param auth how the store logs in
 * @param timeout the connect and request timeout
 * @param maxAttempts how often a call is tried, retries included
 * @param retryDelay the base delay of the jittered exponential backoff between attempts
 * @param versionsRetained how many value versions of each secret the store keeps readable
 * @param limits the largest secret the store accepts
 */
record VaultSettings(URI address, String addressSource, String mount, String prefix, String namespace,
    TlsFiles tls, AuthSettings auth, Duration timeout, int maxAttempts, Duration retryDelay, int versionsRetained,
    StoreLimits limits) {

  /**
   * The PEM files of TLS: {@code VAULT_CACERT}, {@code VAULT_CLIENT_CERT} and {@code VAULT_CLIENT_KEY},
   * each null when unset, and {@code VAULT_SKIP_VERIFY}.
   */
  record TlsFiles(Path caCert, Path clientCert, Path clientKey, boolean skipVerify) {
  }

  /** How the store logs in to Vault. */
  enum AuthMethod {
    /** A token from {@code VAULT_TOKEN}, else {@code ~/.vault-token}. */
    TOKEN("token"),
    /** A role id and a secret id, exchanged at {@code auth/MOUNT/login} for a token. */
    APPROLE("approle"),
    /** A Kubernetes service account's JWT and a role, exchanged at {@code auth/MOUNT/login} for a token. */
    KUBERNETES("kubernetes");

    private final String label;

    AuthMethod(String label) {
      this.label = label;
    }

    /** Returns the method's name in the URI and in Vault, such as {@code approle}. */
    String label() {
      return label;
    }
  }

  /**
   * The auth method and where its secrets are read from.
   *
   * @param method the method
   * @param mount the auth mount, such as {@code approle}; {@code token} for the token method
   * @param role the Kubernetes role, or null
   * @param jwtFile the Kubernetes service account token file, or null
   * @param roleIdFile the AppRole role id file the URI names, or null
   * @param secretIdFile the AppRole secret id file the URI names, or null
   * @param revokeLoginTokens whether the store revokes the service tokens its logins obtained once it is done with
   *     them (at close, and when a new login replaces one); false for the token method, whose token the user gave
   */
  record AuthSettings(AuthMethod method, String mount, String role, Path jwtFile, Path roleIdFile,
      Path secretIdFile, boolean revokeLoginTokens) {
  }

  /** The service account token a pod gets, which Kubernetes auth reads unless {@code jwtFile} says otherwise. */
  static final Path KUBERNETES_JWT = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token");
  /** Vault's default port. */
  static final int DEFAULT_PORT = 8200;
  /** The vault CLI's default client timeout. */
  static final int DEFAULT_TIMEOUT_SECONDS = 60;
  static final int DEFAULT_VERSIONS_RETAINED = 10;
  static final int MAX_VERSIONS_RETAINED = 100;
  /** The parameter that turns off revoking the tokens of the store's own logins. */
  static final String REVOKE_LOGIN_TOKENS = "revokeLoginTokens";

  static final List<String> PARAMETERS = List.of("prefix", "namespace", "tls", "auth", "authMount", "role",
      "jwtFile", "roleIdFile", "secretIdFile", REVOKE_LOGIN_TOKENS, "timeoutSeconds", "maxAttempts",
      "retryDelayMillis", StoreParameters.VERSIONS_RETAINED, StoreParameters.MAX_VALUE_BYTES, StoreParameters.MAX_KEYS,
      StoreParameters.MAX_SECRET_BYTES, StoreParameters.MAX_METADATA_BYTES);

  private static final Pattern PATH = Pattern.compile("[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*");
  /** A '.' or '..' segment, which Vault's router cleans away, redirecting to another path. */
  private static final Pattern DOT_SEGMENT = Pattern.compile("(^|/)\\.{1,2}(/|$)");
  private static final Pattern LOOPBACK_V4 = Pattern.compile("127(\\.[0-9]{1,3}){3}");
  private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "::1", "[::1]", "0:0:0:0:0:0:0:1",
      "[0:0:0:0:0:0:0:1]");
  private static final Set<String> TRUE = Set.of("1", "t", "T", "TRUE", "true", "True");
  private static final Set<String> FALSE = Set.of("0", "f", "F", "FALSE", "false", "False");
  private static final Pattern TIMEOUT = Pattern.compile("([0-9]{1,5})s?");

  /**
   * Returns the settings {@code config} describes, adding each problem with them to {@code problems}; the
   * settings are usable only when no problem was added.
   */
  static VaultSettings parse(StoreConfig config, List<String> problems) {
    Map<String, String> p = config.parameters();
    Map<String, String> env = config.environment();
    for (String name : p.keySet()) {
      Optional<String> credential = credential(name);
      if (credential.isPresent()) {
        problems.add(name + " would put a credential in the store URI, which ends up in shell history, process"
            + " lists and logs; " + credential.get());
      } else if (!PARAMETERS.contains(name) && StoreParameters.soundsLikeCredential(name)) {
        problems.add(StoreParameters.credentialsRefused(List.of(name), "set VAULT_TOKEN (or log in with 'vault"
            + " login'), or use auth=approle with roleIdFile and secretIdFile, or auth=kubernetes with jwtFile"));
      } else if (!PARAMETERS.contains(name)) {
        problems.add("unknown parameter " + name + Suggestions.closest(name, PARAMETERS).map(s -> " (did you mean "
            + s + "?)").orElse("") + "; vault: accepts " + String.join(", ", PARAMETERS));
      }
    }

    String location = config.location();
    String authority = "";
    String path = location;
    if (location.startsWith("//")) {
      int slash = location.indexOf('/', 2);
      authority = slash < 0 ? location.substring(2) : location.substring(2, slash);
      path = slash < 0 ? "" : location.substring(slash);
    } else {
      problems.add("the location must be //HOST:PORT/MOUNT, such as vault://vault.internal:8200/secret (or"
          + " vault:///MOUNT to take the address from VAULT_ADDR)");
    }
    String mount = trimSlashes(path);
    if (mount.isEmpty()) {
      problems.add("the store URI names no KV mount: write it as vault://HOST:PORT/MOUNT, such as"
          + " vault://vault.internal:8200/secret");
    } else if (!path(mount)) {
      problems.add("the KV mount must be letters, digits and _.- in parts separated by single '/', none of them '.'"
          + " or '..', such as secret or team/kv");
    }

    String tls = p.get("tls");
    if (tls != null && !TRUE.contains(tls) && !FALSE.contains(tls)) {
      problems.add("parameter tls must be true or false");
    }
    URI address = null;
    String source;
    if (authority.isEmpty()) {
      source = "VAULT_ADDR";
      address = addressFromEnvironment(env.get("VAULT_ADDR"), tls != null, problems);
    } else {
      source = "the store URI";
      address = addressFromAuthority(authority, tls == null || !FALSE.contains(tls), problems);
    }

    String prefix = trimSlashes(p.getOrDefault("prefix", "secretkit"));
    if (!path(prefix)) {
      problems.add("parameter prefix must be letters, digits and _.- in parts separated by single '/', none of them"
          + " '.' or '..', such as secretkit or teams/data");
    }
    String namespace = null;
    String namespaceText = p.containsKey("namespace") ? p.get("namespace") : env.get("VAULT_NAMESPACE");
    if (namespaceText != null && !trimSlashes(namespaceText).isEmpty()) {
      namespace = trimSlashes(namespaceText);
      if (!path(namespace)) {
        problems.add((p.containsKey("namespace") ? "parameter namespace" : "VAULT_NAMESPACE") + " must be a"
            + " namespace path such as team-a or team-a/child, without '.' or '..' parts");
        namespace = null;
      } else {
        namespace = namespace + "/";
      }
    }

    TlsFiles files = tlsFiles(env, problems);
    AuthSettings auth = auth(p, problems);
    Duration timeout = timeout(config, env, problems);
    StoreParameters.checkNumber(config, "maxAttempts", 1, 10, problems::add);
    StoreParameters.checkNumber(config, "retryDelayMillis", 0, 60_000, problems::add);
    StoreParameters.checkNumber(config, StoreParameters.VERSIONS_RETAINED, 1, MAX_VERSIONS_RETAINED, problems::add);
    for (String limit : StoreParameters.LIMITS) {
      StoreParameters.checkNumber(config, limit, 1, Integer.MAX_VALUE, problems::add);
    }
    if (!problems.isEmpty()) {
      return null;
    }
    return new VaultSettings(address, source, mount, prefix, namespace, files, auth, timeout,
        StoreParameters.number(config, "maxAttempts", 3),
        Duration.ofMillis(StoreParameters.number(config, "retryDelayMillis", 250)),
        StoreParameters.number(config, StoreParameters.VERSIONS_RETAINED, DEFAULT_VERSIONS_RETAINED),
        StoreParameters.limits(config, VaultSecretStoreProvider.DEFAULT_LIMITS));
  }

  /**
   * Returns {@code config} with the value of every parameter that would carry a credential replaced by
   * {@code ***}, so that its {@link StoreConfig#describe()} can go in messages: a {@code roleId} or {@code jwt}
   * is no name {@link StoreConfig} knows to hide.
   */
  static StoreConfig redacted(StoreConfig config) {
    Map<String, String> parameters = new LinkedHashMap<>();
    config.parameters().forEach((name, value) -> parameters.put(name, credential(name).isPresent()
        || !PARAMETERS.contains(name) && StoreParameters.soundsLikeCredential(name) ? "***" : value));
    return new StoreConfig(config.type(), config.location(), parameters, config.environment(), config.clock());
  }

  /** Returns the address, and the namespace when there is one, for messages. */
  String describeAddress() {
    return address + (namespace == null ? "" : " (namespace " + namespace + ")");
  }

  /** Returns how many segments the mount has, which the driver needs to put {@code data/} after it. */
  int mountDepth() {
    return mount.split("/").length;
  }

  /** Returns whether the store speaks plain HTTP (to a loopback address only). */
  boolean plaintext() {
    return address.getScheme().equals("http");
  }

  /** Returns where the credential a parameter named {@code name} would carry goes instead, if it would carry one. */
  private static Optional<String> credential(String name) {
    // Vault spells them role_id, secret_id, client_token: compared without case, '_', '-' and '.'; jwtFile names a
    // file, but kubernetes_jwt would be the token itself.
    String normalized = name.toLowerCase(Locale.ROOT).replaceAll("[_.-]", "");
    if (normalized.endsWith("jwt")) {
      normalized = "jwt";
    }
    return switch (normalized) {
      case "token", "vaulttoken", "clienttoken", "xvaulttoken" -> Optional.of("set VAULT_TOKEN, or log in with"
          + " 'vault login', which keeps the token in ~/.vault-token");
      case "roleid" -> Optional.of("set VAULT_ROLE_ID or VAULT_ROLE_ID_FILE, or name the file with roleIdFile=PATH,"
          + " and add auth=approle");
      case "secretid" -> Optional.of("set VAULT_SECRET_ID or VAULT_SECRET_ID_FILE, or name the file with"
          + " secretIdFile=PATH, and add auth=approle");
      case "jwt" -> Optional.of("Kubernetes auth reads the service account token from jwtFile=PATH (by default "
          + KUBERNETES_JWT + ")");
      case "password", "pass", "pwd" -> Optional.of("the vault store logs in with a token, AppRole or Kubernetes,"
          + " never a password");
      default -> Optional.empty();
    };
  }

  private static URI addressFromAuthority(String authority, boolean https, List<String> problems) {
    if (authority.contains("@")) {
      problems.add("the store URI holds user information (USER:PASSWORD@): credentials never go in the URI; set"
          + " VAULT_TOKEN, or use auth=approle or auth=kubernetes");
      return null;
    }
    URI parsed;
    try {
      parsed = new URI("https://" + authority);
    } catch (URISyntaxException e) {
      parsed = null;
    }
    if (parsed == null || parsed.getHost() == null || parsed.getRawPath().length() > 0 || parsed.getQuery() != null) {
      problems.add("the host must be HOST or HOST:PORT, such as vault://vault.internal:8200/secret");
      return null;
    }
    int port = parsed.getPort() < 0 ? DEFAULT_PORT : parsed.getPort();
    if (!https && !loopback(parsed.getHost())) {
      problems.add("tls=false would send the token and the secrets unencrypted to " + parsed.getHost() + "; plain"
          + " HTTP is allowed only to a loopback address (127.0.0.1, ::1, localhost), such as a dev server or an"
          + " emulator: remove tls=false to speak HTTPS");
      return null;
    }
    return URI.create((https ? "https" : "http") + "://" + parsed.getHost() + ":" + port);
  }

  private static URI addressFromEnvironment(String text, boolean tlsGiven, List<String> problems) {
    if (tlsGiven) {
      problems.add("parameter tls goes with a host in the URI (vault://HOST:PORT/MOUNT?tls=false); with VAULT_ADDR,"
          + " its scheme (http:// or https://) decides");
    }
    if (text == null || text.isBlank()) {
      problems.add("the store URI names no host and VAULT_ADDR is not set: write vault://HOST:PORT/MOUNT, such as"
          + " vault://vault.internal:8200/secret, or set VAULT_ADDR");
      return null;
    }
    URI parsed;
    try {
      parsed = new URI(text.trim());
    } catch (URISyntaxException e) {
      parsed = null;
    }
    if (parsed == null || parsed.getHost() == null || parsed.getScheme() == null
        || !List.of("http", "https").contains(parsed.getScheme())) {
      problems.add("VAULT_ADDR must be an address such as https://vault.internal:8200");
      return null;
    }
    if (parsed.getRawUserInfo() != null) {
      problems.add("VAULT_ADDR holds user information (USER:PASSWORD@), which Vault does not use: remove it");
      return null;
    }
    String rawPath = parsed.getRawPath() == null ? "" : parsed.getRawPath();
    if (!rawPath.isEmpty() && !rawPath.equals("/") || parsed.getRawQuery() != null || parsed.getRawFragment() != null) {
      problems.add("VAULT_ADDR must be only SCHEME://HOST:PORT, such as https://vault.internal:8200; the store does not"
          + " support Vault behind a path (" + rawPath + "), a query or a fragment: remove them");
      return null;
    }
    if (parsed.getScheme().equals("http") && !loopback(parsed.getHost())) {
      problems.add("VAULT_ADDR is plain http:// to " + parsed.getHost() + ", which would send the token and the"
          + " secrets unencrypted; plain HTTP is allowed only to a loopback address: use https://");
      return null;
    }
    int port = parsed.getPort() < 0 ? (parsed.getScheme().equals("https") ? 443 : 80) : parsed.getPort();
    return URI.create(parsed.getScheme() + "://" + parsed.getHost() + ":" + port);
  }

  /** Returns whether {@code text} is a Vault path of {@link #PATH}'s parts, none of them {@code .} or {@code ..}. */
  private static boolean path(String text) {
    return PATH.matcher(text).matches() && !DOT_SEGMENT.matcher(text).find();
  }

  /** Returns whether {@code host} is a loopback address, from its text alone: no name is looked up. */
  static boolean loopback(String host) {
    return LOOPBACK_NAMES.contains(host.toLowerCase(Locale.ROOT)) || LOOPBACK_V4.matcher(host).matches();
  }

  private static TlsFiles tlsFiles(Map<String, String> env, List<String> problems) {
    Path ca = file(env, "VAULT_CACERT", problems);
    Path cert = file(env, "VAULT_CLIENT_CERT", problems);
    Path key = file(env, "VAULT_CLIENT_KEY", problems);
    if ((cert == null) != (key == null)) {
      problems.add("VAULT_CLIENT_CERT and VAULT_CLIENT_KEY go together: set both, or neither");
    }
    if (file(env, "VAULT_CAPATH", problems) != null && ca == null) {
      problems.add("VAULT_CAPATH (a directory of CA certificates) is not supported: put them in one PEM file and set"
          + " VAULT_CACERT to it");
    }
    String skip = env.get("VAULT_SKIP_VERIFY");
    boolean skipVerify = false;
    if (skip != null && !skip.isEmpty()) {
      if (TRUE.contains(skip)) {
        skipVerify = true;
      } else if (!FALSE.contains(skip)) {
        problems.add("VAULT_SKIP_VERIFY must be true or false");
      }
    }
    return new TlsFiles(ca, cert, key, skipVerify);
  }

  private static Path file(Map<String, String> env, String name, List<String> problems) {
    return pathOrNull(env.get(name), name, problems);
  }

  private static AuthSettings auth(Map<String, String> p, List<String> problems) {
    String label = p.getOrDefault("auth", "token");
    AuthMethod method = null;
    for (AuthMethod each : AuthMethod.values()) {
      if (each.label().equals(label)) {
        method = each;
      }
    }
    if (method == null) {
      problems.add("parameter auth must be token, approle or kubernetes");
      method = AuthMethod.TOKEN;
    }
    String mount = trimSlashes(p.getOrDefault("authMount", method.label()));
    if (p.containsKey("authMount") && method == AuthMethod.TOKEN) {
      problems.add("parameter authMount names the mount of auth=approle or auth=kubernetes");
    } else if (!path(mount)) {
      problems.add("parameter authMount must be an auth mount path such as approle or k8s/east, without '.' or '..'"
          + " parts");
    }
    String role = p.get("role");
    if (method == AuthMethod.KUBERNETES && (role == null || role.isBlank())) {
      problems.add("auth=kubernetes needs the Vault role to log in as: add role=NAME");
    }
    if (role != null && method != AuthMethod.KUBERNETES) {
      problems.add("parameter role names the Kubernetes auth role and goes with auth=kubernetes");
    }
    if (p.containsKey("jwtFile") && method != AuthMethod.KUBERNETES) {
      problems.add("parameter jwtFile goes with auth=kubernetes");
    }
    for (String name : List.of("roleIdFile", "secretIdFile")) {
      if (p.containsKey(name) && method != AuthMethod.APPROLE) {
        problems.add("parameter " + name + " goes with auth=approle");
      }
    }
    String revoke = p.get(REVOKE_LOGIN_TOKENS);
    if (revoke != null && method == AuthMethod.TOKEN) {
      problems.add("parameter " + REVOKE_LOGIN_TOKENS + " goes with auth=approle or auth=kubernetes: the store never"
          + " revokes a token it is given (VAULT_TOKEN, ~/.vault-token)");
    } else if (revoke != null && !TRUE.contains(revoke) && !FALSE.contains(revoke)) {
      problems.add("parameter " + REVOKE_LOGIN_TOKENS + " must be true or false");
    }
    Path jwt = p.containsKey("jwtFile") ? path(p.get("jwtFile"), "parameter jwtFile", problems) : KUBERNETES_JWT;
    return new AuthSettings(method, mount, role, jwt, pathOrNull(p.get("roleIdFile"), "parameter roleIdFile", problems),
        pathOrNull(p.get("secretIdFile"), "parameter secretIdFile", problems),
        method != AuthMethod.TOKEN && (revoke == null || !FALSE.contains(revoke)));
  }

  private static Path pathOrNull(String text, String what, List<String> problems) {
    return text == null || text.isBlank() ? null : path(text, what, problems);
  }

  /** Returns the path {@code text} names, or null after reporting that it names none (such as a NUL in it). */
  private static Path path(String text, String what, List<String> problems) {
    try {
      return Path.of(text);
    } catch (InvalidPathException e) {
      problems.add(what + " is not a valid file path: " + e.getReason());
      return null;
    }
  }

  private static Duration timeout(StoreConfig config, Map<String, String> env, List<String> problems) {
    int before = problems.size();
    StoreParameters.checkNumber(config, "timeoutSeconds", 1, 3600, problems::add);
    if (config.parameters().containsKey("timeoutSeconds")) {
      // A value the check refused is reported, and parses as no number: the default stands in until validate fails.
      return Duration.ofSeconds(problems.size() > before ? DEFAULT_TIMEOUT_SECONDS
          : StoreParameters.number(config, "timeoutSeconds", DEFAULT_TIMEOUT_SECONDS));
    }
    String text = env.get("VAULT_CLIENT_TIMEOUT");
    if (text == null || text.isBlank()) {
      return Duration.ofSeconds(DEFAULT_TIMEOUT_SECONDS);
    }
    var matcher = TIMEOUT.matcher(text.trim());
    if (!matcher.matches() || Integer.parseInt(matcher.group(1)) < 1) {
      problems.add("VAULT_CLIENT_TIMEOUT must be whole seconds, such as 60 or 60s");
      return Duration.ofSeconds(DEFAULT_TIMEOUT_SECONDS);
    }
    return Duration.ofSeconds(Integer.parseInt(matcher.group(1)));
  }

  private static String trimSlashes(String text) {
    int from = 0;
    int to = text.length();
    while (from < to && text.charAt(from) == '/') {
      from++;
    }
    while (to > from && text.charAt(to - 1) == '/') {
      to--;
    }
    return text.substring(from, to);
  }
}
