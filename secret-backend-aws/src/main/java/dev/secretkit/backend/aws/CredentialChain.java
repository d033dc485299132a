package dev.secretkit.backend.aws;

import dev.secretkit.CredentialsException;
import dev.secretkit.spi.support.RedactedCause;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.InstanceProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.SystemPropertyCredentialsProvider;
import software.amazon.awssdk.auth.credentials.WebIdentityTokenFileCredentialsProvider;
import software.amazon.awssdk.profiles.Profile;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.profiles.ProfileFileSupplier;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * Finds the AWS credentials of one store, where the AWS SDK's default chain looks, but reading
 * the store's environment ({@code StoreConfig.environment()}) rather than the process's, and
 * saying where it looked when it finds none.
 *
 * <p>The places, in order (never the store URI, whose credential parameters the provider refuses):
 * {@code AWS_ACCESS_KEY_ID} and {@code AWS_SECRET_ACCESS_KEY} (and {@code AWS_SESSION_TOKEN}); with
 * {@code profile=NAME} in
 * the URI, that profile and nothing else; otherwise the system properties {@code aws.accessKeyId}
 * and {@code aws.secretAccessKey}, a web identity token ({@code AWS_WEB_IDENTITY_TOKEN_FILE}), the
 * profile {@code AWS_PROFILE} names, else profile {@code default} when it exists, a container
 * role ({@code AWS_CONTAINER_CREDENTIALS_RELATIVE_URI} or {@code _FULL_URI}), and the instance
 * role from the EC2 metadata service unless {@code AWS_EC2_METADATA_DISABLED} is {@code true}.
 * Profiles are read from {@code AWS_SHARED_CREDENTIALS_FILE} and {@code AWS_CONFIG_FILE}, by
 * default {@code .aws/credentials} and {@code .aws/config} under {@code HOME}.
 *
 * <p>The first place that is set up is the one used; if it gives no credentials, the
 * {@link CredentialsException} names it, and no later place is tried behind the user's back. A
 * named profile that does not exist is such an error. Two places step aside as the SDK's chain
 * does: a web identity that gives nothing (it needs the sts module), and a {@code default}
 * profile that sets no credentials (only a region, say), so that the container or instance role
 * is still found. When no place is set up, the exception
 * lists what each one lacked. Messages name variables, files and profiles, never a credential or
 * an access key id. Thread-safe; {@link #source()} says where the last credentials came from.
 */
final class CredentialChain implements AwsCredentialsProvider, SdkAutoCloseable {
  private static final int PROFILES_LISTED = 10;
  /** Profile properties that need an SDK module secretctl does not ship (sts, sso). */
  /** Profile properties that make a profile a source of credentials, rather than of settings only. */
  private static final Set<String> CREDENTIAL_PROPERTIES = Set.of("aws_access_key_id", "aws_secret_access_key",
      "aws_session_token", "role_arn", "source_profile", "credential_source", "credential_process", "sso_session",
      "sso_start_url", "sso_account_id", "web_identity_token_file");
  private static final Set<String> NEEDS_MORE_MODULES = Set.of("role_arn", "sso_session", "sso_start_url",
      "web_identity_token_file");

  private final String store;
  private final Map<String, String> environment;
  private final String uriProfile;
  private final Map<String, AwsCredentialsProvider> providers = new HashMap<>();
  private ProfileFiles profileFiles;
  private volatile String source = "credentials not looked up yet";

  /**
   * Creates the chain of store {@code store}; it reads nothing until credentials are asked for.
   *
   * @param parameters the store URI's parameters, for {@code profile}
   * @param environment the variables the store reads instead of the process's
   */
  CredentialChain(String store, Map<String, String> parameters, Map<String, String> environment) {
    this.store = store;
    this.environment = Map.copyOf(environment);
    this.uriProfile = parameters.get("profile");
  }

  /** Returns where the credentials last handed out came from, such as {@code AWS_ACCESS_KEY_ID}, for messages. */
  String source() {
    return source;
  }

  @Override
  public AwsCredentials resolveCredentials() {
    List<String> lacking = new ArrayList<>();
    String id = variable("AWS_ACCESS_KEY_ID");
    String key = variable("AWS_SECRET_ACCESS_KEY");
    if (id != null && key != null) {
      return use("AWS_ACCESS_KEY_ID", credentials(id, key, variable("AWS_SESSION_TOKEN")));
    }
    lacking.add(id != null ? "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not"
        : key != null ? "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not" : "AWS_ACCESS_KEY_ID is not set");
    if (uriProfile != null) {
      return fromProfile(uriProfile, "the store URI's profile parameter");
    }
    if (System.getProperty("aws.accessKeyId") != null) {
      return delegate("system property aws.accessKeyId", SystemPropertyCredentialsProvider::create, "system property"
          + " aws.accessKeyId is set, but the AWS SDK read no credentials from the system properties: set"
          + " aws.secretAccessKey too");
    }
    if (variable("AWS_WEB_IDENTITY_TOKEN_FILE") != null) {
      // As in the SDK's own chain, a web identity that gives nothing lets the later places try.
      try {
        return delegate("the web identity in AWS_WEB_IDENTITY_TOKEN_FILE",
            WebIdentityTokenFileCredentialsProvider::create, "");
      } catch (CredentialsException e) {
        lacking.add("AWS_WEB_IDENTITY_TOKEN_FILE is set, but the AWS SDK got no credentials with it: a web identity"
            + " needs AWS_ROLE_ARN, a readable token file, and the SDK's sts module on the class path");
      }
    }
    String named = variable("AWS_PROFILE");
    if (named != null) {
      return fromProfile(named, "AWS_PROFILE");
    }
    ProfileFiles files = profileFiles();
    Optional<Profile> fallback = files.read().profile("default");
    if (fallback.isPresent() && fallback.get().properties().keySet().stream().anyMatch(CREDENTIAL_PROPERTIES::contains)) {
      return fromProfile("default", null);
    }
    // A default profile that only sets a region (as 'aws configure set region' writes on EC2) names no
    // credentials, and the SDK's own chain goes on to the container and instance roles: so does this one.
    lacking.add("AWS_PROFILE is not set and " + (fallback.isPresent() ? "profile 'default' in " + files
        + " sets no credentials" : "there is no profile 'default' in " + files));
    if (variable("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") != null
        || variable("AWS_CONTAINER_CREDENTIALS_FULL_URI") != null) {
      return delegate("the container role", () -> ContainerCredentialsProvider.builder().build(),
          "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI or _FULL_URI is set, but the container's credentials endpoint"
          + " gave none");
    }
    if ("true".equalsIgnoreCase(variable("AWS_EC2_METADATA_DISABLED"))) {
      lacking.add("no container or instance role: AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and _FULL_URI are not set,"
          + " and AWS_EC2_METADATA_DISABLED is true");
      throw none(lacking, null);
    }
    try {
      return use("the instance role", provider("the instance role", () -> InstanceProfileCredentialsProvider.builder()
          .profileFile(files.supplier()).profileName("default").build()).resolveCredentials());
    } catch (RuntimeException e) {
      lacking.add("no container or instance role: AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and _FULL_URI are not set,"
          + " and the EC2 instance metadata service gave none (" + e.getClass().getSimpleName() + ")");
      throw none(lacking, e);
    }
  }

  @Override
  public void close() {
    List<AwsCredentialsProvider> toClose;
    synchronized (this) {
      toClose = List.copyOf(providers.values());
      providers.clear();
    }
    toClose.stream().filter(SdkAutoCloseable.class::isInstance).map(SdkAutoCloseable.class::cast)
        .forEach(SdkAutoCloseable::close);
  }

  private AwsCredentials fromProfile(String name, String namedBy) {
    ProfileFiles files = profileFiles();
    ProfileFile read = files.read();
    Optional<Profile> profile = read.profile(name);
    if (profile.isEmpty()) {
      Set<String> names = new TreeSet<>(read.profiles().keySet());
      String there = names.isEmpty() ? "there are no profiles there"
          : "the profiles there are " + String.join(", ", names.stream().limit(PROFILES_LISTED).toList())
          + (names.size() > PROFILES_LISTED ? ", ..." : "");
      throw new CredentialsException("no AWS credentials for store " + store + ": there is no profile '" + name
          + "' (named by " + namedBy + ") in " + files + "; " + there + ". Fix the name, or create the profile"
          + " with 'aws configure --profile " + name + "'", null);
    }
    Set<String> properties = new TreeSet<>(profile.get().properties().keySet());
    boolean needsModules = properties.stream().anyMatch(NEEDS_MORE_MODULES::contains);
    return delegate("profile '" + name + "'", () -> ProfileCredentialsProvider.builder().profileFile(files.supplier())
        .profileName(name).build(), "profile '" + name + "' in " + files
        + " gives no credentials the AWS SDK can use (it sets " + (properties.isEmpty() ? "nothing"
        : String.join(", ", properties)) + ")" + (needsModules ? "; a profile that assumes a role or uses SSO needs"
        + " the SDK's sts or sso module on the class path" : ""));
  }

  /** Returns the credentials the SDK's provider for {@code from} gives; if none, the exception says {@code failure}. */
  private AwsCredentials delegate(String from, Supplier<AwsCredentialsProvider> create, String failure) {
    try {
      return use(from, provider(from, create).resolveCredentials());
    } catch (RuntimeException e) {
      throw new CredentialsException("no AWS credentials for store " + store + ": " + failure + " ("
          + e.getClass().getSimpleName() + ")", RedactedCause.of(e));
    }
  }

  private CredentialsException none(List<String> lacking, RuntimeException cause) {
    return new CredentialsException("no AWS credentials for store " + store + ": " + String.join("; ", lacking)
        + ". Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or name a profile with AWS_PROFILE or the store URI's"
        + " profile parameter ('aws configure' writes one)", cause == null ? null : RedactedCause.of(cause));
  }

  private AwsCredentials use(String from, AwsCredentials credentials) {
    source = from;
    return credentials;
  }

  private String variable(String name) {
    String value = environment.get(name);
    return value == null || value.isBlank() ? null : value;
  }

  private synchronized ProfileFiles profileFiles() {
    if (profileFiles == null) {
      profileFiles = new ProfileFiles(file("AWS_SHARED_CREDENTIALS_FILE", "credentials"),
          file("AWS_CONFIG_FILE", "config"));
    }
    return profileFiles;
  }

  private Path file(String variable, String name) {
    String home = variable("HOME");
    Path base = Path.of(home != null ? home : System.getProperty("user.home"));
    String set = variable(variable);
    if (set == null) {
      return base.resolve(".aws").resolve(name);
    }
    return set.equals("~") || set.startsWith("~/") ? base.resolve(set.substring(Math.min(2, set.length())))
        : Path.of(set);
  }

  /** Returns the SDK provider kept under {@code key}, creating it with {@code create} the first time. */
  private synchronized AwsCredentialsProvider provider(String key, Supplier<AwsCredentialsProvider> create) {
    AwsCredentialsProvider provider = providers.get(key);
    if (provider == null) {
      provider = create.get();
      providers.put(key, provider);
    }
    return provider;
  }

  private static AwsCredentials credentials(String id, String secret, String session) {
    return session == null ? AwsBasicCredentials.create(id, secret) : AwsSessionCredentials.create(id, secret, session);
  }

  /**
   * The shared credentials and config files, read again when they change, as the SDK's own
   * default chain reads them. {@link #toString()} names both and says which do not exist.
   */
  private static final class ProfileFiles {
    private final Path credentials;
    private final Path config;
    private final ProfileFileSupplier supplier;

    ProfileFiles(Path credentials, Path config) {
      this.credentials = credentials;
      this.config = config;
      List<ProfileFileSupplier> readable = new ArrayList<>();
      if (readable(credentials)) {
        readable.add(ProfileFileSupplier.reloadWhenModified(credentials, ProfileFile.Type.CREDENTIALS));
      }
      if (readable(config)) {
        readable.add(ProfileFileSupplier.reloadWhenModified(config, ProfileFile.Type.CONFIGURATION));
      }
      this.supplier = readable.isEmpty() ? ProfileFileSupplier.fixedProfileFile(ProfileFile.aggregator().build())
          : ProfileFileSupplier.aggregate(readable.toArray(ProfileFileSupplier[]::new));
    }

    Supplier<ProfileFile> supplier() {
      return supplier;
    }

    /** Returns both files' profiles; a file that cannot be parsed is the client's to fix. */
    ProfileFile read() {
      try {
        return supplier.get();
      } catch (RuntimeException e) {
        throw new CredentialsException("cannot read the AWS profiles in " + this + ": the AWS SDK could not parse"
            + " them (" + e.getClass().getSimpleName() + "); fix the file", RedactedCause.of(e));
      }
    }

    private static boolean readable(Path file) {
      return Files.isRegularFile(file) && Files.isReadable(file);
    }

    @Override
    public String toString() {
      boolean hasCredentials = readable(credentials);
      boolean hasConfig = readable(config);
      String missing = hasCredentials && hasConfig ? ""
          : !hasCredentials && !hasConfig ? " (neither file exists)"
          : " (" + (hasCredentials ? config : credentials) + " does not exist)";
      return credentials + " or " + config + missing;
    }
  }
}
