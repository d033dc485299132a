package dev.secretkit.backend.vault;

import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.SecretStoreProvider;
import dev.secretkit.spi.StoreConfig;
import dev.secretkit.spi.StoreLimits;
import dev.secretkit.spi.StoreParameters;
import dev.secretkit.spi.support.Backoff;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Opens HashiCorp Vault (or OpenBao) stores, type {@code vault}: the KV version 2 engine at
 * {@code vault://HOST:PORT/MOUNT?prefix=secretkit&namespace=NS}, configured as the {@code vault} CLI is.
 *
 * <p>The store speaks HTTPS to {@code HOST:PORT} (port 8200 by default); {@code tls=false} speaks plain HTTP,
 * to a loopback address only (a dev server, an emulator). {@code vault:///MOUNT} takes the address from
 * {@code VAULT_ADDR}. {@code namespace} (else {@code VAULT_NAMESPACE}) sets the Enterprise namespace.
 * {@code VAULT_CACERT} names the PEM file of the CAs to trust, {@code VAULT_CLIENT_CERT} and
 * {@code VAULT_CLIENT_KEY} a client certificate and key; {@code VAULT_SKIP_VERIFY=true} turns certificate
 * checks off, which the store's description says and a warning on standard error repeats at open.
 * {@code timeoutSeconds} (else {@code VAULT_CLIENT_TIMEOUT}, default 60) bounds each call; {@code maxAttempts}
 * (default 3) and {@code retryDelayMillis} (default 250, the base of a jittered exponential backoff) set the
 * store's retries while Vault is sealed, a standby, rate limiting or unreachable.
 *
 * <p>Auth: {@code auth=token} (the default) uses {@code VAULT_TOKEN}, else {@code ~/.vault-token};
 * {@code auth=approle} logs in with {@code VAULT_ROLE_ID} and {@code VAULT_SECRET_ID} (or the files
 * {@code VAULT_ROLE_ID_FILE}, {@code VAULT_SECRET_ID_FILE}, {@code roleIdFile}, {@code secretIdFile});
 * {@code auth=kubernetes&role=ROLE} logs in with the service account token in {@code jwtFile} (default
 * {@code /var/run/secrets/kubernetes.io/serviceaccount/token}); {@code authMount} names another auth mount.
 * The store revokes the token of its own AppRole or Kubernetes login ({@code auth/token/revoke-self}) once done
 * with it, when it is closed and when a new login replaces it, and warns on standard error when Vault did not
 * confirm; {@code revokeLoginTokens=false} keeps such tokens until their TTL. A token the user gives is never
 * revoked. After a failed login, calls that need another fail at once for a short while (1 s, doubling up to a
 * minute) rather than each wait for a login.
 * No credential goes in the URI: a {@code token}, {@code roleId}, {@code secretId} or {@code jwt} parameter is
 * refused with a message that says where it goes. All variables are read from the store's environment
 * ({@link StoreConfig#environment()}), never the process's directly.
 *
 * <p>{@code versionsRetained} (default 10, at most 100) sets how many value versions of each secret stay
 * readable; a create sets the key's {@code max_versions} to twice that, since grants and other metadata
 * changes are KV versions too. The provider is stateless and thread-safe; {@link #open} checks the token or
 * logs in, and builds one HTTP client per store.
 */
public final class VaultSecretStoreProvider implements SecretStoreProvider {
  /**
   * The limits of one Vault secret: 512 KiB per value and 768 KiB of keys and values, so that a KV version's
   * data, with its JSON quoting and SecretKit's metadata, stays under the 1 MiB of an entry in Vault's integrated
   * storage; the store checks that whole size besides these.
   */
  public static final StoreLimits DEFAULT_LIMITS = StoreLimits.of(512 * 1024, 1_000, 768 * 1024)
      .withMaxMetadataBytes(64 * 1024);

  private final Backoff.Sleeper sleeper;
  private final DoubleSupplier random;
  private final PrintStream warnings;
  private final Duration revokeTimeout;

  /** Creates the provider; it does no work until {@link #open}. */
  public VaultSecretStoreProvider() {
    this(Backoff.Sleeper.real(), () -> ThreadLocalRandom.current().nextDouble(), null);
  }

  /**
   * Creates a provider whose stores wait between retries through {@code sleeper}, jitter with {@code random},
   * and warn on {@code warnings} (standard error when null), for tests.
   */
  VaultSecretStoreProvider(Backoff.Sleeper sleeper, DoubleSupplier random, PrintStream warnings) {
    this(sleeper, random, warnings, VaultSession.REVOKE_TIMEOUT);
  }

  /** Creates a provider as the constructor above does, whose stores wait {@code revokeTimeout} at most to revoke. */
  VaultSecretStoreProvider(Backoff.Sleeper sleeper, DoubleSupplier random, PrintStream warnings,
      Duration revokeTimeout) {
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.random = Objects.requireNonNull(random, "random");
    this.warnings = warnings;
    this.revokeTimeout = Objects.requireNonNull(revokeTimeout, "revokeTimeout");
  }

  @Override
  public String type() {
    return "vault";
  }

  @Override
  public List<String> uriForms() {
    return List.of("vault://HOST:PORT/MOUNT", "vault://HOST:PORT/MOUNT?prefix=secretkit&namespace=NS",
        "vault:///MOUNT (address from VAULT_ADDR)", "vault://127.0.0.1:8200/MOUNT?tls=false",
        "vault://HOST:PORT/MOUNT?auth=approle[&authMount=approle&roleIdFile=PATH&secretIdFile=PATH]",
        "vault://HOST:PORT/MOUNT?auth=kubernetes&role=ROLE[&authMount=kubernetes&jwtFile=PATH]",
        "vault://HOST:PORT/MOUNT?auth=approle&revokeLoginTokens=false (keep login tokens until their TTL)",
        "vault://HOST:PORT/MOUNT?timeoutSeconds=N&maxAttempts=N&retryDelayMillis=N",
        "vault://HOST:PORT/MOUNT?versionsRetained=N",
        "vault://HOST:PORT/MOUNT?maxValueBytes=N&maxKeys=N&maxSecretBytes=N&maxMetadataBytes=N");
  }

  @Override
  public List<String> validate(StoreConfig config) {
    List<String> problems = new ArrayList<>();
    VaultSettings.parse(config, problems);
    return problems;
  }

  @Override
  public SecretStore open(StoreConfig config) {
    List<String> problems = new ArrayList<>();
    VaultSettings settings = VaultSettings.parse(config, problems);
    StoreConfig redacted = VaultSettings.redacted(config);
    StoreParameters.requireValid(redacted, problems);
    boolean unverified = settings.tls().skipVerify() && !settings.plaintext();
    String description = redacted.describe() + (unverified ? " (TLS certificate NOT verified: VAULT_SKIP_VERIFY)"
        : "");
    HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(settings.timeout());
    if (!settings.plaintext()) {
      builder.sslContext(VaultTls.context(settings.tls()));
    }
    if (unverified) {
      (warnings == null ? System.err : warnings).println("secretkit: warning: VAULT_SKIP_VERIFY is set, so store "
          + redacted.describe() + " does not verify the TLS certificate of " + settings.address() + ": anyone on the"
          + " network path can read and change its secrets and its token; set VAULT_CACERT to Vault's CA instead");
    }
    RecordingHttpClient http = new RecordingHttpClient(builder.build());
    Backoff backoff = new Backoff(settings.maxAttempts(), settings.retryDelay(), sleeper, random);
    VaultSession session = new VaultSession(settings, http, config.environment(), config.clock(), backoff, description,
        line -> (warnings == null ? System.err : warnings).println(line), revokeTimeout);
    session.open();
    return new VaultSecretStore(new VaultKv(settings, session, http, backoff, description), session, settings,
        description, backoff);
  }
}
