package dev.secretkit.backend.vault;

import dev.secretkit.ConfigurationException;
import dev.secretkit.CredentialsException;
import dev.secretkit.StoreUnavailableException;
import dev.secretkit.spi.support.Backoff;
import dev.secretkit.spi.support.RedactedCause;
import dev.secretkit.spi.support.StoreLog;
import io.github.jopenlibs.vault.EnvironmentLoader;
import io.github.jopenlibs.vault.Vault;
import io.github.jopenlibs.vault.VaultConfig;
import io.github.jopenlibs.vault.VaultException;
import io.github.jopenlibs.vault.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The store's login to Vault: the token it sends and the driver instances that carry it, kept valid through
 * the store's clock.
 *
 * <p>With {@code auth=token} the token comes from {@code VAULT_TOKEN}, else {@code ~/.vault-token} (under
 * {@code HOME}), and {@code auth/token/lookup-self} checks it at open. With {@code auth=approle} (role id and
 * secret id, read again at each login when they come from files) or {@code auth=kubernetes} (role and the service
 * account's JWT, read again at each login) the store logs in at open. A token with a TTL is renewed
 * ({@code renew-self}) once two thirds of it have passed ({@link VaultLogin}, with a backoff when Vault cannot
 * answer); a login token that cannot be renewed is replaced by a new login then.
 *
 * <p>A 403 is Vault refusing either the token (expired, revoked) or its policies, and {@link #refused} tells
 * them apart without ever calling a valid token expired, and with one new login per call at most:
 * <ul>
 *   <li>Vault 1.17 and later add {@code invalid token} to the 403 of a token that is not valid (the "Error
 *       Responses" of Vault's token concepts page): without it, the 403 is the policies'. The store learns the
 *       version from {@code sys/health} the first time a 403 leaves it in doubt (again at the next doubt when that
 *       gave no version and no lasting answer).
 *   <li>OpenBao and older Vault answer both with {@code permission denied}. Then {@code lookup-self} decides: a
 *       200 means the policies refused; a 403 from a token that could look itself up before (a token's policies
 *       never change) means the token is no longer valid; a 403 from a token that may never have looked itself up
 *       (no {@code default} policy) leaves it open: the token method reports an access error that says so; a
 *       login method logs in again once, and if the new token is refused too, that is the policies' answer,
 *       and such refusals never cause another login.
 *   <li>A token no longer valid: a login method logs in again and the call is made once more; with the token
 *       method, a {@code ~/.vault-token} that {@code vault login} has rewritten since is read again, else that is
 *       a {@link CredentialsException} that names the method and says what to do.
 *   <li>A call refused with a token another thread has replaced meanwhile is simply made again.
 * </ul>
 * A login that fails starts a {@link LoginCooldown}: until it ends, by the store's clock, a call that needs a new
 * login fails at once with an error of the same kind instead of making another.
 *
 * <p>The token of an AppRole or Kubernetes login is the store's own, and it revokes it
 * ({@code auth/token/revoke-self}, in its namespace) once done with it, unless {@code revokeLoginTokens=false}:
 * when a new login has replaced it while it was still valid, and at {@link #close()}. Each token is revoked once at
 * most, with one call that waits {@link #REVOKE_TIMEOUT} at most (or the store's timeout when shorter); a token Vault refused (expired, revoked), a token
 * expired by the store's clock and a batch token (which Vault cannot revoke) are not. A revocation Vault did not
 * confirm is no error, since the token expires by its TTL anyway, but a warning on the store's warning stream. A
 * token the user gave (the token method) is never revoked. After {@link #close()} the session logs in no more: a
 * login that was on its way is revoked as soon as it is in.
 *
 * <p>Messages name variables and files, never a token, role id, secret id or JWT. Thread-safe: the current login is
 * replaced atomically, and by one thread at a time; a renewal or login on its way holds up only the calls that
 * need its token, those refused with the old one or made once the old one has expired by the store's clock.
 */
final class VaultSession {
  private static final System.Logger LOG = System.getLogger(VaultSession.class.getName());
  /** The error Vault 1.17 and later add to the 403 of a token that is expired, revoked or unknown. */
  static final String INVALID_TOKEN = "invalid token";
  /** The longest a revocation waits for Vault's answer, connecting included (or the store's timeout, when shorter). */
  static final Duration REVOKE_TIMEOUT = Duration.ofSeconds(2);
  /** The major and minor number of the version {@code sys/health} reports. */
  private static final Pattern VAULT_VERSION = Pattern.compile("v?([0-9]{1,4})\\.([0-9]{1,4})");

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

  /**
   * What a 403 means, as {@link #refused} decides: make the call again ({@code retry}, after a new login when
   * {@code newLogin}), or report an access error, with {@code doubt} saying why the store cannot tell the
   * policies' refusal from a token no longer valid (null when it can).
   */
  record Refusal(boolean retry, boolean newLogin, String doubt) {
    static final Refusal AGAIN = new Refusal(true, false, null);
    static final Refusal NEW_LOGIN = new Refusal(true, true, null);
    static final Refusal POLICIES = new Refusal(false, false, null);
  }

  private final VaultSettings settings;
  private final RecordingHttpClient http;
  private final Map<String, String> environment;
  private final Clock clock;
  private final Backoff backoff;
  private final String store;
  /** Prints a warning line for the user, such as a revocation Vault did not confirm. */
  private final Consumer<String> warnings;
  /** How long a revocation waits at most: {@link #REVOKE_TIMEOUT}, or less in tests. */
  private final Duration revokeTimeout;
  /**
   * Held by the one thread that renews the token or logs in again; never while any other lock is held, so it
   * cannot deadlock. It is held across that thread's calls to Vault, which only threads that need the new token
   * wait out.
   */
  private final ReentrantLock renewing = new ReentrantLock();
  private volatile VaultLogin login;
  /** Why the token method's token could not be renewed, for the message once Vault refuses it; null if it could. */
  private volatile String notRenewed;
  private volatile String tokenSource = "no token yet";
  /** The file the token method's token came from, which {@code vault login} rewrites; null for VAULT_TOKEN. */
  private volatile Path tokenFile;
  /**
   * Whether the store's tokens may look themselves up: TRUE once {@code lookup-self} answered 200, FALSE once a
   * token refused it while valid, null while unknown.
   */
  private volatile Boolean selfLookup;
  /** Whether Vault adds {@code invalid token} to the 403 of a token that is not valid; null until asked. */
  private volatile Boolean marksInvalidTokens;
  /** The last failed login and the wait it imposes, or null once a login succeeded. */
  private volatile LoginCooldown cooldown;
  private volatile boolean closed;

  /**
   * Creates the session of {@code store}, not yet open; {@code revokeTimeout} bounds each revocation when shorter
   * than the store's timeout ({@link #REVOKE_TIMEOUT} but in tests).
   */
  VaultSession(VaultSettings settings, RecordingHttpClient http, Map<String, String> environment, Clock clock,
      Backoff backoff, String store, Consumer<String> warnings, Duration revokeTimeout) {
    this.settings = settings;
    this.http = http;
    this.environment = environment;
    this.clock = clock;
    this.backoff = backoff;
    this.store = store;
    this.warnings = warnings;
    this.revokeTimeout = revokeTimeout;
  }

  /**
   * Checks the token (token method) or logs in (AppRole, Kubernetes).
   *
   * @throws CredentialsException if there is no credential, or Vault refuses it
   * @throws StoreUnavailableException if Vault cannot be reached
   */
  void open() {
    if (settings.auth().method() == VaultSettings.AuthMethod.TOKEN) {
      login = tokenLogin(readToken());
    } else {
      logIn();
    }
  }

  /**
   * Ends the session: it logs in no more, and revokes the token of the store's own login as the class comment says.
   * Returns within the revocation's timeout or so, and never throws for a revocation Vault did not confirm. An
   * interrupt the thread had before does not stop the revocation (the HTTP client would send nothing, leaving the
   * token valid for its TTL): it is the bounded clean-up an interrupted thread runs on its way out, and the interrupt
   * is set again once it is done.
   */
  void close() {
    closed = true;
    VaultLogin last = login;
    if (last != null) {
      boolean interrupted = Thread.interrupted();
      try {
        revoke(last, "at close");
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  /**
   * Returns the drivers of a valid login, renewing or replacing the token first when its time has come. One
   * thread renews or logs in at a time; while it waits for Vault, the others go on with the token in hand as long
   * as it is valid by the store's clock, and wait for the new one only once it is not.
   */
  Drivers drivers() {
    VaultLogin current = login;
    Instant now = clock.instant();
    if (!current.due(now)) {
      return current.drivers;
    }
    if (!renewing.tryLock()) {
      if (current.validAt(now)) {
        return current.drivers;
      }
      renewing.lock();
    }
    try {
      refresh(current);
    } finally {
      renewing.unlock();
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
   * Decides what Vault's 403 to a call made with {@code used} means, as the class comment says.
   *
   * @param errors the errors of Vault's answer
   * @param afterNewLogin whether the call was made again after a new login already
   * @throws CredentialsException if the token method's token is no longer valid and no other is at hand
   */
  Refusal refused(Drivers used, List<String> errors, boolean afterNewLogin) {
    if (login.drivers != used) {
      return Refusal.AGAIN;
    }
    boolean invalid = errors.contains(INVALID_TOKEN);
    if (afterNewLogin) {
      // A token issued a moment ago: refused by its policies, or by a Vault that does not accept its own login.
      if (selfLookup == null) {
        selfLookup = false;
      }
      String fresh = settings.auth().method() == VaultSettings.AuthMethod.TOKEN ? "the token just read from "
          + tokenSource : "the token its login at auth/" + settings.auth().mount() + " had just issued";
      return invalid ? new Refusal(false, false, "Vault refused as invalid " + fresh + "; check that the store's"
          + " namespace is the token's") : Refusal.POLICIES;
    }
    if (!invalid) {
      if (marksInvalidTokens()) {
        return Refusal.POLICIES;
      }
      Answer lookup = ask(() -> used.kv().auth().withNameSpace(settings.namespace()).lookupSelf());
      if (lookup.failure() != null && VaultErrors.interruption(lookup.failure())) {
        throw VaultErrors.interrupted(store, "auth/token/lookup-self", lookup.failure());
      }
      if (lookup.status() == 200) {
        selfLookup = true;
        return Refusal.POLICIES;
      }
      invalid = lookup.status() == 403 && (lookup.errors().contains(INVALID_TOKEN) || Boolean.TRUE.equals(selfLookup));
      if (!invalid && (lookup.status() != 403 || settings.auth().method() == VaultSettings.AuthMethod.TOKEN
          || Boolean.FALSE.equals(selfLookup))) {
        return new Refusal(false, false, doubt(lookup.status()));
      }
    }
    renewing.lock();
    try {
      if (login.drivers != used) {
        return Refusal.AGAIN;
      }
      if (settings.auth().method() != VaultSettings.AuthMethod.TOKEN) {
        // Refused: expired or revoked already, or (in doubt) unable to revoke itself either.
        login.settle();
        logIn();
        return Refusal.NEW_LOGIN;
      }
      Optional<String> rewritten = rewrittenToken();
      if (rewritten.isPresent()) {
        notRenewed = null;
        login = tokenLogin(rewritten.get());
        return Refusal.NEW_LOGIN;
      }
      throw new CredentialsException("Vault refused " + who() + " for store " + store + ": the token expired or was"
          + " revoked" + (notRenewed == null ? "" : ", and it could not be renewed (" + notRenewed + ")") + "; "
          + (tokenFile == null ? "start the program again with VAULT_TOKEN set to a valid token"
              : "log in again with 'vault login', which writes " + tokenFile + " (read again on the next call)"),
          null);
    } finally {
      renewing.unlock();
    }
  }

  /** Says why a 403 whose {@code lookup-self} answered {@code status} leaves the store in doubt. */
  private String doubt(int status) {
    String why = status == 403 ? "the token may not look itself up either (auth/token/lookup-self, which the default"
        + " policy allows), and this Vault answers a token that expired or was revoked with the same 403"
        : "Vault did not answer auth/token/lookup-self (HTTP " + status + ")";
    return "Vault did not say whether the token is still valid: " + why + "; if 'vault token lookup' fails too, "
        + (settings.auth().method() == VaultSettings.AuthMethod.TOKEN ? "log in again" : "the store logs in again once"
        + " its token is due for renewal");
  }

  /**
   * Returns whether Vault adds {@code invalid token} to the 403 of a token that is not valid, as Vault 1.17 and
   * later do, from the version {@code sys/health} reports. Every node answers with its version, sealed (503),
   * standby (429, 473, 474), DR secondary (472) or not initialized (501) alike, and that answer is kept. OpenBao,
   * and an answer without a version (a proxy that does not let {@code sys/health} through), count as not; that is
   * kept too, unless it was no answer, a 429 or a 5xx, which a proxy or a failover gives now and not later: then
   * this doubt counts as not, and the next asks again.
   */
  private boolean marksInvalidTokens() {
    Boolean known = marksInvalidTokens;
    if (known == null) {
      // Unauthenticated and outside namespaces: asked without the token.
      Drivers anonymous = anonymous();
      Answer health = ask(() -> anonymous.raw().logical().read("sys/health"));
      if (health.failure() != null && VaultErrors.interruption(health.failure())) {
        throw VaultErrors.interrupted(store, "sys/health", health.failure());
      }
      String version = VaultJson.text(health.body(), "version");
      known = marksInvalidTokens(version);
      if (!version.isEmpty() || health.status() != 0 && health.status() != 429 && health.status() < 500) {
        marksInvalidTokens = known;
      }
    }
    return known;
  }

  /** Returns whether Vault of {@code version} (such as {@code 1.17.0+ent}) says {@code invalid token}: 1.17 or later. */
  static boolean marksInvalidTokens(String version) {
    Matcher matcher = VAULT_VERSION.matcher(version);
    return matcher.lookingAt() && Integer.parseInt(matcher.group(1)) == 1 && Integer.parseInt(matcher.group(2)) >= 17;
  }

  /** Renews or replaces {@code due}, unless another thread has already; called holding {@link #renewing}. */
  private void refresh(VaultLogin due) {
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
          login = due.renewed(clock.instant(), lease);
          return;
        }
        // A login's token nearing its maximum TTL is replaced by a new login rather than renewed for less.
        notRenewed = "it reached its maximum TTL";
      } else if (VaultErrors.transientStatus(renewal.status())) {
        // Vault is briefly away: keep the token, still valid for a third of its TTL, and try again after a backoff.
        login = due.renewalFailed(clock.instant());
        return;
      } else {
        notRenewed = "renew-self was refused, HTTP " + renewal.status();
      }
    } else {
      notRenewed = "it is not renewable";
    }
    if (token) {
      // Used until Vault refuses it; then refused() says why.
      login = due.kept();
    } else {
      replace(due);
    }
  }

  /**
   * Logs in again to replace {@code due}, a token that cannot be renewed, and revokes {@code due} then; if the login
   * fails while {@code due} is still valid by the store's clock, keeps it, and tries again after the renewal backoff.
   * If the session closed meanwhile, revokes {@code due} too: {@link #close()} may have revoked the new login in its
   * place, if it read the session's login between this login's taking its place and its seeing the session closed.
   */
  private void replace(VaultLogin due) {
    try {
      logIn();
    } catch (IllegalStateException closedMeanwhile) {
      revoke(due, "at close");
      throw closedMeanwhile;
    } catch (StoreUnavailableException | CredentialsException failure) {
      Instant now = clock.instant();
      if (Thread.currentThread().isInterrupted() || !due.validAt(now)) {
        throw failure;
      }
      LOG.log(Level.WARNING, () -> "store " + store + ": logging in again, to replace a token that"
          + " cannot be renewed, failed (" + failure.getClass().getName() + "); the store keeps that token while it"
          + " is valid and tries again after the renewal backoff");
      login = due.renewalFailed(now);
      return;
    }
    revoke(due, "once a new login replaced it");
  }

  /**
   * Revokes {@code done}, a token the store is done with ({@code when} says why, for the warning), if it is the
   * store's own, still valid by the store's clock, and not claimed by another revocation: one call, waiting
   * {@link #revokeTimeout} (or the store's timeout, when shorter) at most, connecting included. What Vault did not confirm is a warning; an answer that the token is invalid
   * already is confirmation enough.
   */
  private void revoke(VaultLogin done, String when) {
    Instant now = clock.instant();
    if (!done.validAt(now) || !done.claimRevocation()) {
      return;
    }
    Duration bound = revokeTimeout.compareTo(settings.timeout()) < 0 ? revokeTimeout : settings.timeout();
    Answer answer = http.within(bound, () -> ask(() -> done.drivers.kv().auth().withNameSpace(settings.namespace())
        .revokeSelf()));
    int status = answer.status();
    if (status == 204 || status == 200 || status == 403 && answer.errors().contains(INVALID_TOKEN)) {
      return;
    }
    String why;
    if (status == 403) {
      why = "Vault refused it (HTTP 403): its policies need the \"update\" capability on auth/token/revoke-self,"
          + " which Vault's default policy grants (OpenBao and Vault before 1.17 also answer so for a token no longer"
          + " valid); grant it, or set " + VaultSettings.REVOKE_LOGIN_TOKENS + "=false";
    } else if (status != 0) {
      why = "Vault answered HTTP " + status;
    } else if (answer.failure() != null && VaultErrors.interruption(answer.failure())) {
      why = "the revocation was interrupted";
    } else if (answer.failure() != null && VaultErrors.timeout(answer.failure())) {
      why = "Vault did not answer within " + (bound.toMillis() % 1000 == 0 ? bound.toSeconds() + " s"
          : bound.toMillis() + " ms");
    } else {
      why = VaultErrors.noAnswer(answer.failure(), settings);
    }
    warnings.accept("secretkit: warning: store " + store + " could not revoke " + who() + " " + when
        + " (auth/token/revoke-self): " + why + "; the token stays valid until its TTL runs out"
        + done.remaining(clock.instant()).map(left -> ", in " + roughly(left)).orElse(""));
  }

  /** Returns {@code duration} for a message: in seconds below 2 minutes, in minutes below 2 hours, else in hours. */
  private static String roughly(Duration duration) {
    long seconds = Math.max(0, duration.toSeconds());
    return seconds < 120 ? seconds + " s" : seconds < 7200 ? seconds / 60 + " min" : seconds / 3600 + " h";
  }

  /**
   * Returns the login of the token method's {@code token}, checked with {@code lookup-self}. A 403 there without
   * {@code invalid token} is a valid token without the {@code default} policy on Vault 1.17 and later, and on
   * OpenBao and older Vault either that or an invalid one: the store takes it, never renews it (its TTL unknown),
   * and the first call tells.
   *
   * @throws CredentialsException if Vault refuses the token as invalid
   */
  private VaultLogin tokenLogin(String token) {
    Drivers drivers = drivers(token);
    String path = "auth/token/lookup-self";
    for (int attempt = 1; ; attempt++) {
      Answer answer = ask(() -> drivers.kv().auth().withNameSpace(settings.namespace()).lookupSelf());
      if (answer.status() == 200 && answer.body() != null) {
        selfLookup = true;
        JsonObject self = VaultJson.object(answer.body(), "data");
        return VaultLogin.of(token, drivers, clock.instant(), VaultJson.number(self, "ttl"), VaultJson.flag(self,
            "renewable"), false);
      }
      if (answer.status() == 403 && !answer.errors().contains(INVALID_TOKEN)) {
        selfLookup = false;
        return VaultLogin.of(token, drivers, clock.instant(), 0, false, false);
      }
      Optional<Duration> delay = retry(path, answer, attempt);
      if (delay.isEmpty()) {
        throw refused(path, answer);
      }
      pause(delay.get());
    }
  }

  /**
   * Logs in and makes the new token the session's, unless a login failed within the {@link LoginCooldown}; a
   * failure starts one. If the session closed meanwhile, revokes the new token at once.
   *
   * @throws IllegalStateException if the session is closed
   */
  private void logIn() {
    if (closed) {
      throw closedError();
    }
    LoginCooldown last = cooldown;
    if (last != null && last.active(clock.instant())) {
      throw last.fastFailure(clock.instant(), store);
    }
    VaultLogin fresh;
    try {
      fresh = obtainLogin();
    } catch (StoreUnavailableException | CredentialsException failure) {
      if (!Thread.currentThread().isInterrupted()) {
        cooldown = LoginCooldown.after(last, failure, clock.instant());
      }
      throw failure;
    }
    cooldown = null;
    login = fresh;
    if (closed) {
      revoke(fresh, "at close");
      throw closedError();
    }
  }

  private IllegalStateException closedError() {
    return new IllegalStateException("store " + store + " is closed");
  }

  /** Logs in with the AppRole or Kubernetes credentials and returns the login, revocable unless a batch token. */
  private VaultLogin obtainLogin() {
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
    // Vault cannot revoke a batch token, and keeps none in its storage.
    boolean revocable = auth.revokeLoginTokens() && !"batch".equals(VaultJson.text(issued, "token_type"));
    return VaultLogin.of(token, drivers(token), clock.instant(), VaultJson.number(issued, "lease_duration"),
        VaultJson.flag(issued, "renewable"), revocable);
  }

  /** A call of the driver's auth API. */
  @FunctionalInterface
  private interface AuthCall {
    void call() throws VaultException;
  }

  /**
   * Vault's answer to an auth call: its status (0 when none came) and its body, read from the text the HTTP client
   * kept rather than from the driver's response classes, which fail on answers that lack a field they expect.
   */
  private record Answer(int status, JsonObject body, Duration retryAfter, VaultException failure) {
    RedactedCause cause() {
      return failure == null ? null : VaultErrors.cause(failure);
    }

    /** Returns the texts of Vault's {@code errors}, for telling an invalid token from a refusal; never quoted. */
    List<String> errors() {
      return status == 200 ? List.of() : VaultJson.errors(body);
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
    JsonObject body = exchange.map(e -> VaultJson.parse(e.body())).orElse(null);
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
      Optional<Duration> delay = retry(path, answer, attempt);
      if (delay.isEmpty()) {
        throw refused(path, answer);
      }
      pause(delay.get());
    }
  }

  /**
   * Returns how long to wait before auth call attempt {@code attempt + 1} after {@code answer}, Vault being
   * briefly unavailable; empty when Vault refused.
   *
   * @throws StoreUnavailableException if the call was interrupted, or Vault stays unavailable past the retries
   * @throws dev.secretkit.ConfigurationException if the TLS handshake failed
   */
  private Optional<Duration> retry(String path, Answer answer, int attempt) {
    if (answer.failure() != null && VaultErrors.interruption(answer.failure())) {
      throw VaultErrors.interrupted(store, path, answer.failure());
    }
    if (answer.failure() != null && VaultErrors.tlsFailure(answer.failure())) {
      throw VaultErrors.tls(store, settings, answer.failure());
    }
    if (!VaultErrors.transientStatus(answer.status())) {
      return Optional.empty();
    }
    Duration delay = backoff.delay(attempt, answer.retryAfter()).orElseThrow(() -> VaultErrors.unavailable(store,
        settings, path, "log in", answer.status(), answer.retryAfter(), answer.failure()));
    if (LOG.isLoggable(Level.DEBUG)) {
      LOG.log(Level.DEBUG, StoreLog.retrying(store, "the login call", path, attempt, "HTTP " + answer.status()
          + (answer.failure() == null ? "" : ", " + answer.failure().getClass().getName())));
    }
    return Optional.of(delay);
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
    tokenFile = file;
    return readFile(file, "a Vault token", "VAULT_TOKEN is not set; log in with 'vault login' (which writes that"
        + " file), set VAULT_TOKEN, or use auth=approle or auth=kubernetes");
  }

  /**
   * Returns the token the token method's file holds now, if it is not the one in use: {@code vault login} wrote
   * a new one since. The file unreadable or empty counts as unchanged.
   */
  private Optional<String> rewrittenToken() {
    Path file = tokenFile;
    if (file == null) {
      return Optional.empty();
    }
    try {
      String now = Files.readString(file, StandardCharsets.UTF_8).trim();
      return now.isEmpty() || now.equals(login.token) ? Optional.empty() : Optional.of(now);
    } catch (IOException | UncheckedIOException unreadable) {
      if (LOG.isLoggable(Level.DEBUG)) {
        LOG.log(Level.DEBUG, StoreLog.ignored(store, "reading the token file " + file, unreadable,
            "the token counts as unchanged"));
      }
      return Optional.empty();
    }
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

  /** Returns the drivers of {@code token} (none when null), whose calls wait the store's timeout at most. */
  private Drivers drivers(String token) {
    int seconds = (int) Math.max(1, settings.timeout().toSeconds());
    try {
      VaultConfig kv = config(token, seconds).prefixPathDepth(settings.mountDepth()).build();
      VaultConfig raw = config(token, seconds).build();
      // The engine versions explicitly (no sys/mounts lookup), and the driver's own retries off: the store's
      // retries decide what may be sent again.
      return new Drivers(Vault.create(kv, 2).withRetries(0, 0), Vault.create(raw, 1).withRetries(0, 0));
    } catch (VaultException e) {
      throw new ConfigurationException("cannot configure the Vault client for store " + store, VaultErrors.cause(e));
    }
  }

  private VaultConfig config(String token, int seconds) {
    VaultConfig config = new VaultConfig().environmentLoader(new NoEnvironment()).address(settings.address().toString())
        .httpClient(http).openTimeout(seconds).readTimeout(seconds);
    return token == null ? config : config.token(token);
  }
}
