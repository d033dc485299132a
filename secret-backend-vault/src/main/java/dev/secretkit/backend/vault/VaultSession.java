package dev.secretkit.backend.vault;

import dev.secretkit.ConfigurationException;
import dev.secretkit.CredentialsException;
import dev.secretkit.StoreUnavailableException;
import dev.secretkit.spi.support.Backoff;
import dev.secretkit.spi.support.RedactedCause;
import io.github.jopenlibs.vault.EnvironmentLoader;
import io.github.jopenlibs.vault.Vault;
import io.github.jopenlibs.vault.VaultConfig;
import io.github.jopenlibs.vault.VaultException;
import io.github.jopenlibs.vault.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The store's login to Vault: the token it sends and the driver instances that carry it, kept valid through
 * the store's clock.
 *
 * <p>With {@code auth=token} the token comes from {@code VAULT_TOKEN}, else {@code ~/.vault-token} (under
 * {@code HOME}), and {@code auth/token/lookup-self} checks it at open. With {@code auth=approle} (role id and
 * secret id) or {@code auth=kubernetes} (role and the service account's JWT, read again at each login) the
 * store logs in at open. A token with a TTL is renewed ({@code renew-self}) once two thirds of it have passed;
 * a login token that cannot be renewed is replaced by a new login then. When Vault refuses a call with 403
 * and {@code lookup-self} shows that the token itself is no longer valid (expired or revoked), a login
 * method logs in again and the call is made once more; the token method cannot, so that is a
 * {@link CredentialsException} that names the method and says what to do. Messages name variables and
 * files, never a token, role id, secret id or JWT. Thread-safe: the current login is replaced atomically.
 */
final class VaultSession {
  /** Keeps the driver from reading the process's environment or {@code ~/.vault-token} behind the store's back. */
  private static final class NoEnvironment extends EnvironmentLoader {
    private static final long serialVersionUID = 1L;

    @Override
    public String loadVariable(String name) {
      return null;
    }
  }

  /**
   * The two driver instances of one token, on the one shared HTTP client: {@code kv} with KV engine version 2
   * (data reads and writes, {@code LIST} and delete of metadata, auth calls), and {@code raw} with version 1,
   * whose paths the driver sends as they are, for the metadata reads and writes the driver has no call for.
   */
  record Drivers(Vault kv, Vault raw) {
  }

  /** One login: its token, its drivers, and when to renew it. The token never shows in {@link #toString()}. */
  private static final class Login {
    final String token;
    final Drivers drivers;
    final Instant renewAt;
    final boolean renewable;
    final long ttlSeconds;

    Login(String token, Drivers drivers, Instant obtained, long ttlSeconds, boolean renewable) {
      this.token = token;
      this.drivers = drivers;
      this.ttlSeconds = ttlSeconds;
      this.renewable = renewable;
      this.renewAt = ttlSeconds > 0 ? obtained.plusSeconds(ttlSeconds * 2 / 3) : null;
    }

    @Override
    public String toString() {
      return "Login[ttl=" + ttlSeconds + "s, renewable=" + renewable + "]";
    }
  }

  private final VaultSettings settings;
  private final RecordingHttpClient http;
  private final Map<String, String> environment;
  private final Clock clock;
  private final Backoff backoff;
  private final String store;
  private volatile Login login;
  /** Why the token method's token could not be renewed, for the message once Vault refuses it; null if it could. */
  private volatile String notRenewed;
  private volatile String tokenSource = "no token yet";

  VaultSession(VaultSettings settings, RecordingHttpClient http, Map<String, String> environment, Clock clock,
      Backoff backoff, String store) {
    this.settings = settings;
    this.http = http;
    this.environment = environment;
    this.clock = clock;
    this.backoff = backoff;
    this.store = store;
  }

  /**
   * Checks the token (token method) or logs in (AppRole, Kubernetes).
   *
   * @throws CredentialsException if there is no credential, or Vault refuses it
   * @throws StoreUnavailableException if Vault cannot be reached
   */
  void open() {
    if (settings.auth().method() == VaultSettings.AuthMethod.TOKEN) {
      String token = readToken();
      Drivers drivers = drivers(token);
      JsonObject self = VaultJson.object(authCall("auth/token/lookup-self", () -> drivers.kv().auth()
          .withNameSpace(settings.namespace()).lookupSelf()), "data");
      login = new Login(token, drivers, clock.instant(), VaultJson.number(self, "ttl"), VaultJson.flag(self,
          "renewable"));
    } else {
      logIn();
    }
  }

  /** Returns the drivers of a valid login, renewing or replacing the token first when its time has come. */
  Drivers drivers() {
    Login current = login;
    if (current.renewAt != null && !clock.instant().isBefore(current.renewAt)) {
      refresh(current);
    }
    return login.drivers;
  }

  /** Returns the drivers of no token, for the store's own logins. */
  private Drivers anonymous() {
    return drivers(null);
  }

  /** Says who the store is to Vault, for messages: the method and where its credential came from. */
  String who() {
    return switch (settings.auth().method()) {
      case TOKEN -> "the token from " + tokenSource + " (auth method token)";
      case APPROLE -> "the token of the AppRole login at auth/" + settings.auth().mount() + " (auth method approle)";
      case KUBERNETES -> "the token of the Kubernetes login as role " + settings.auth().role() + " at auth/"
          + settings.auth().mount() + " (auth method kubernetes)";
    };
  }

  /**
   * After Vault refused a call with 403: returns false when the token is still valid (its policies refused),
   * true after logging in again when it was not.
   *
   * @throws CredentialsException if the token is not valid and the method cannot log in again
   */
  boolean recover() {
    Login refused = login;
    Answer lookup = ask(() -> refused.drivers.kv().auth().withNameSpace(settings.namespace()).lookupSelf());
    if (lookup.status() != 403) {
      return false;
    }
    if (settings.auth().method() == VaultSettings.AuthMethod.TOKEN) {
      throw new CredentialsException("Vault refused " + who() + " for store " + store + ": the token expired or was"
          + " revoked" + (notRenewed == null ? "" : ", and it could not be renewed (" + notRenewed + ")")
          + "; log in again with 'vault login', or set VAULT_TOKEN to a valid token", lookup.cause());
    }
    synchronized (this) {
      if (login == refused) {
        logIn();
      }
    }
    return true;
  }

  private synchronized void refresh(Login due) {
    if (login != due) {
      return;
    }
    boolean token = settings.auth().method() == VaultSettings.AuthMethod.TOKEN;
    if (due.renewable) {
      Answer renewal = ask(() -> due.drivers.kv().auth().withNameSpace(settings.namespace())
          .renewSelf(due.ttlSeconds));
      if (renewal.status() == 200) {
        long lease = VaultJson.number(VaultJson.object(renewal.body(), "auth"), "lease_duration");
        if (lease > 0 && (token || lease >= due.ttlSeconds)) {
          login = new Login(due.token, due.drivers, clock.instant(), lease, true);
          return;
        }
        // A login's token nearing its maximum TTL is replaced by a new login rather than renewed for less.
        notRenewed = "it reached its maximum TTL";
      } else if (VaultErrors.transientStatus(renewal.status())) {
        // Vault is briefly away: keep the token, which is still valid for a third of its TTL, and try again on
        // the next call.
        return;
      } else {
        notRenewed = "renew-self was refused, HTTP " + renewal.status();
      }
    } else {
      notRenewed = "it is not renewable";
    }
    if (token) {
      // Used until Vault refuses it; then recover() says why.
      login = new Login(due.token, due.drivers, clock.instant(), 0, false);
    } else {
      logIn();
    }
  }

  private void logIn() {
    VaultSettings.AuthSettings auth = settings.auth();
    Drivers anonymous = anonymous();
    JsonObject response;
    if (auth.method() == VaultSettings.AuthMethod.APPROLE) {
      String roleId = credential("VAULT_ROLE_ID", "roleIdFile", auth.roleIdFile(), "VAULT_ROLE_ID_FILE", "role id");
      String secretId = credential("VAULT_SECRET_ID", "secretIdFile", auth.secretIdFile(), "VAULT_SECRET_ID_FILE",
          "secret id");
      response = authCall("auth/" + auth.mount() + "/login", () -> anonymous.kv().auth()
          .withNameSpace(settings.namespace()).loginByAppRole(auth.mount(), roleId, secretId));
    } else {
      String jwt = readFile(auth.jwtFile(), "the Kubernetes service account token", "run in a pod whose service"
          + " account token is mounted there, or name the file with jwtFile=PATH");
      response = authCall("auth/" + auth.mount() + "/login", () -> anonymous.kv().auth()
          .withNameSpace(settings.namespace()).loginByKubernetes(auth.role(), jwt, "auth/" + auth.mount()));
    }
    JsonObject issued = VaultJson.object(response, "auth");
    String token = VaultJson.text(issued, "client_token");
    if (token.isEmpty()) {
      throw new CredentialsException("the " + auth.method().label() + " login at auth/" + auth.mount() + " for store "
          + store + " gave no token", null);
    }
    login = new Login(token, drivers(token), clock.instant(), VaultJson.number(issued, "lease_duration"),
        VaultJson.flag(issued, "renewable"));
  }

  /** A call of the driver's auth API. */
  @FunctionalInterface
  private interface AuthCall {
    void call() throws VaultException;
  }

  /**
   * Vault's answer to an auth call: its status (0 when none came) and, for a 200, its body, read from the text
   * the HTTP client kept rather than from the driver's response classes, which fail on answers that lack a
   * field they expect.
   */
  private record Answer(int status, JsonObject body, Duration retryAfter, VaultException failure) {
    RedactedCause cause() {
      return failure == null ? null : VaultErrors.cause(failure);
    }

    @Override
    public String toString() {
      return "Answer[" + status + "]";
    }
  }

  private Answer ask(AuthCall call) {
    http.clear();
    VaultException failure = null;
    try {
      call.call();
    } catch (VaultException e) {
      failure = e;
      if (VaultErrors.interruption(e)) {
        // The driver's wrapping cleared the flag; the caller's next call sees it again.
        Thread.currentThread().interrupt();
      }
    }
    Optional<RecordingHttpClient.Exchange> exchange = http.take();
    int status = exchange.map(RecordingHttpClient.Exchange::status)
        .orElse(failure == null ? 0 : failure.getHttpStatusCode());
    JsonObject body = exchange.filter(e -> e.status() == 200).map(e -> VaultJson.parse(e.body())).orElse(null);
    return new Answer(status, body, exchange.flatMap(RecordingHttpClient.Exchange::retryAfter).orElse(null), failure);
  }

  /**
   * Makes an auth call and returns the body of Vault's 200, retrying while Vault is briefly unavailable, and
   * turns a refusal into a {@link CredentialsException} naming the method.
   */
  private JsonObject authCall(String path, AuthCall call) {
    for (int attempt = 1; ; attempt++) {
      Answer answer = ask(call);
      if (answer.status() == 200 && answer.body() != null) {
        return answer.body();
      }
      if (answer.failure() != null && VaultErrors.interruption(answer.failure())) {
        throw VaultErrors.interrupted(store, path, answer.failure());
      }
      if (answer.failure() != null && VaultErrors.tlsFailure(answer.failure())) {
        throw VaultErrors.tls(store, settings, answer.failure());
      }
      if (VaultErrors.transientStatus(answer.status())) {
        Optional<Duration> delay = backoff.delay(attempt, answer.retryAfter());
        if (delay.isPresent()) {
          pause(delay.get());
          continue;
        }
        throw VaultErrors.unavailable(store, settings, path, "log in", answer.status(), answer.retryAfter(),
            answer.failure());
      }
      throw refused(path, answer);
    }
  }

  private CredentialsException refused(String path, Answer answer) {
    VaultSettings.AuthSettings auth = settings.auth();
    String fix = switch (auth.method()) {
      case TOKEN -> "the token from " + tokenSource + " is not valid (expired, revoked, or from another Vault or"
          + " namespace): log in again with 'vault login', or set VAULT_TOKEN to a valid token";
      case APPROLE -> "Vault refused the role id and secret id (or the AppRole mount or namespace is wrong):"
          + " check VAULT_ROLE_ID and VAULT_SECRET_ID (or their files) and authMount";
      case KUBERNETES -> "Vault refused the service account token for role " + auth.role() + " (or the mount or"
          + " namespace is wrong): check the role's bound service accounts, authMount and jwtFile";
    };
    return new CredentialsException("cannot log in to Vault at " + settings.describeAddress() + " for store " + store
        + " with auth method " + auth.method().label() + ": " + path + " answered HTTP " + answer.status() + "; "
        + fix, answer.cause());
  }

  private void pause(Duration delay) {
    try {
      backoff.pause(delay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreUnavailableException(store, "interrupted while waiting to log in to Vault again", false, null, e);
    }
  }

  private String readToken() {
    String fromEnvironment = environment.get("VAULT_TOKEN");
    if (fromEnvironment != null && !fromEnvironment.isBlank()) {
      tokenSource = "VAULT_TOKEN";
      return fromEnvironment.trim();
    }
    String home = environment.getOrDefault("HOME", System.getProperty("user.home"));
    Path file = Path.of(home, ".vault-token");
    tokenSource = file.toString();
    return readFile(file, "a Vault token", "VAULT_TOKEN is not set; log in with 'vault login' (which writes that"
        + " file), set VAULT_TOKEN, or use auth=approle or auth=kubernetes");
  }

  /** Returns a credential from {@code variable}, else from the file {@code parameter} or {@code fileVariable} names. */
  private String credential(String variable, String parameter, Path uriFile, String fileVariable, String what) {
    String value = environment.get(variable);
    if (value != null && !value.isBlank()) {
      return value.trim();
    }
    Path file = uriFile;
    if (file == null && environment.get(fileVariable) != null && !environment.get(fileVariable).isBlank()) {
      file = Path.of(environment.get(fileVariable));
    }
    if (file == null) {
      throw new CredentialsException("no AppRole " + what + " for store " + store + ": set " + variable + ", or name a"
          + " file holding it with " + fileVariable + " or the URI parameter " + parameter + "=PATH", null);
    }
    return readFile(file, "the AppRole " + what, "write it there, or set " + variable);
  }

  private String readFile(Path file, String what, String fix) {
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8).trim();
      if (text.isEmpty()) {
        throw new CredentialsException(file + " is empty, but should hold " + what + " for store " + store + "; "
            + fix, null);
      }
      return text;
    } catch (NoSuchFileException e) {
      throw new CredentialsException("cannot find " + what + " for store " + store + ": " + file + " does not exist; "
          + fix, null);
    } catch (IOException e) {
      throw new CredentialsException("cannot read " + what + " for store " + store + " from " + file + " ("
          + e.getClass().getSimpleName() + "); " + fix, null);
    }
  }

  private Drivers drivers(String token) {
    try {
      VaultConfig kv = config(token).prefixPathDepth(settings.mountDepth()).build();
      VaultConfig raw = config(token).build();
      // The engine versions explicitly (no sys/mounts lookup), and the driver's own retries off: the store's
      // retries decide what may be sent again.
      return new Drivers(Vault.create(kv, 2).withRetries(0, 0), Vault.create(raw, 1).withRetries(0, 0));
    } catch (VaultException e) {
      throw new ConfigurationException("cannot configure the Vault client for store " + store, VaultErrors.cause(e));
    }
  }

  private VaultConfig config(String token) {
    int seconds = (int) Math.max(1, settings.timeout().toSeconds());
    VaultConfig config = new VaultConfig().environmentLoader(new NoEnvironment()).address(settings.address().toString())
        .httpClient(http).openTimeout(seconds).readTimeout(seconds);
    return token == null ? config : config.token(token);
  }
}
