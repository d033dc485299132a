package dev.secretkit.backend.aws;

import dev.secretkit.ConflictException;
import dev.secretkit.InvalidReferenceException;
import dev.secretkit.SecretDataException;
import dev.secretkit.SecretException;
import dev.secretkit.SecretId;
import dev.secretkit.SecretMetadata;
import dev.secretkit.SecretSummary;
import dev.secretkit.SecretValue;
import dev.secretkit.StoreUnavailableException;
import dev.secretkit.spi.Capability;
import dev.secretkit.spi.EnvelopeSecretStore;
import dev.secretkit.spi.Page;
import dev.secretkit.spi.SecretEnvelope;
import dev.secretkit.spi.SecretPayload;
import dev.secretkit.spi.StoreCapabilities;
import dev.secretkit.spi.StoreLimits;
import dev.secretkit.spi.StoredSecret;
import dev.secretkit.spi.VersionEntry;
import dev.secretkit.spi.support.Backoff;
import dev.secretkit.spi.support.PageTokens;
import dev.secretkit.spi.support.StoreLog;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkPlugin;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.APIErrorType;
import software.amazon.awssdk.services.secretsmanager.model.BatchGetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.Filter;
import software.amazon.awssdk.services.secretsmanager.model.FilterNameStringType;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.InvalidNextTokenException;
import software.amazon.awssdk.services.secretsmanager.model.ListSecretsResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretListEntry;
import software.amazon.awssdk.services.secretsmanager.model.SecretValueEntry;
import software.amazon.awssdk.services.secretsmanager.model.SortByType;
import software.amazon.awssdk.services.secretsmanager.model.SortOrderType;

/**
 * The {@code aws-sm} store: one AWS secret per SecretKit secret, named {@code PREFIX/SCOPE/NAME},
 * whose {@code SecretString} is the whole truth.
 *
 * <ul>
 *   <li>The {@code SecretString} of the version labelled {@code AWSCURRENT} is a
 *       {@link SecretPayload}: the user's keys as a flat JSON object, plus the reserved member
 *       {@value SecretPayload#RESERVED_KEY} holding the {@link SecretEnvelope} (metadata and the
 *       history of retained versions). Nothing else is read as truth: the store writes no tags
 *       and no description.
 *   <li>The revision is the AWS VersionId holding {@code AWSCURRENT}: every write makes a new AWS
 *       version with a fresh UUID as its ClientRequestToken, so a revision is never reused.
 *   <li>Every write, of values or metadata, is {@code PutSecretValue} under the private label
 *       {@value #PENDING} (each put takes it from the last, so abandoned puts leave no label),
 *       then the commit point: {@code UpdateSecretVersionStage} moving {@code AWSCURRENT} to the
 *       new version only from the VersionId read, which AWS refuses if another writer moved it.
 *       Nothing is written after the move.
 *   <li>Every read checks that the current version's envelope names that very AWS version as the
 *       current one: a version SecretKit did not write (a rotation Lambda or a hand edit that
 *       copied the {@code SecretString}) would carry the metadata of another time, such as a
 *       grant revoked since, so it reads as a {@link SecretDataException}, never as the truth.
 *   <li>Versions: SecretKit version N's values are in the AWS version named by the envelope's
 *       history entry N ({@code ref}); a metadata write moves the current entry's ref to its new
 *       AWS version. {@code read(id, n)} maps n through the current envelope, never through
 *       labels. Labels {@code sk-vN} only keep the retained versions from AWS's removal of
 *       unlabelled versions (beyond 100 versions, once 24 h old): after its commit, a value write
 *       labels the version it read before its commit ({@code keep}), so a retained version always
 *       holds a label; every version labelled {@code sk-vN} holds N's values, so a label moved
 *       by a writer that then loses its race never makes a read wrong. After the commit, the
 *       write removes the labels of versions its history dropped. Calls of a write address the
 *       secret by the ARN read, never touching another secret created since under its name.
 *   <li>The store's own retries (of {@code CreateSecret} and of the commit's move, sent without the
 *       SDK's retries) wait as {@link Backoff} says, with the attempts and base delay the SDK's
 *       retries have.
 *   <li>Delete: AWS has no conditional delete, so the store checks the revision with
 *       {@code DescribeSecret} and then deletes with {@code ForceDeleteWithoutRecovery}; a write
 *       committed between those two calls is deleted with the secret.
 * </ul>
 * The reads and writes themselves are {@link EnvelopeSecretStore}'s. Thread-safe: the SDK client
 * is, and the store keeps no other state.
 */
final class AwsSecretsManagerStore extends EnvelopeSecretStore<GetSecretValueResponse> {
  private static final System.Logger LOG = System.getLogger(AwsSecretsManagerStore.class.getName());
  /** How many versions a secret keeps by default. */
  static final int DEFAULT_VERSIONS_RETAINED = 10;
  /**
   * The most versions a secret may keep: AWS allows 20 staging labels per secret, of which
   * {@code AWSCURRENT}, {@code AWSPREVIOUS}, {@value #PENDING} and a rotation's {@code AWSPENDING}
   * leave 16 for the {@code sk-vN} labels, one per retained version at the peak of a value write
   * (its {@code keep} has labelled the version it read, its tidy has not yet dropped the oldest).
   */
  static final int MAX_VERSIONS_RETAINED = 16;
  /** The most bytes AWS keeps in one {@code SecretString}. */
  static final int MAX_SECRET_STRING_BYTES = 65_536;
  /**
   * The bytes of the {@code SecretString} kept free for the version history beyond the current
   * entry: a write that would not fit drops the oldest history entries instead of failing.
   */
  static final int HISTORY_RESERVE_BYTES = 2_048;

  private static final String CURRENT = "AWSCURRENT";
  /** Sends a request once: the SDK's retry strategy is replaced by one that never retries. */
  private static final SdkPlugin SINGLE_ATTEMPT = config -> config.overrideConfiguration(
      config.overrideConfiguration().toBuilder().retryStrategy(AwsRetryStrategy.doNotRetry()).build());
  private static final String PENDING = "sk-pending";
  private static final String VERSION_LABEL = "sk-v";
  /** How often {@code keep} tries to label, looking again after a label another writer moved meanwhile. */
  private static final int LABEL_ATTEMPTS = 4;
  private static final Pattern VERSION_LABEL_PATTERN = Pattern.compile("sk-v[1-9][0-9]{0,17}");
  private static final int BATCH = 20;
  private static final int MAX_LIST_RESULTS = 100;
  /** As long as the AWS VersionIds this store makes, for sizing an envelope before it has one. */
  private static final String REF_PLACEHOLDER = new UUID(0, 0).toString();

  private final SecretsManagerClient aws;
  private final AwsConnection connection;
  private final String prefix;
  private final String kmsKeyId;
  private final Backoff backoff;

  AwsSecretsManagerStore(SecretsManagerClient aws, AwsConnection connection, String prefix, String kmsKeyId,
      StoreLimits limits, int versionsRetained, Backoff backoff) {
    super(connection.store(), limits, StoreCapabilities.of(versionsRetained, Capability.PERSISTENT,
        Capability.VERSION_AUTHORS, Capability.ATOMIC_METADATA, Capability.BULK_READ, Capability.CHEAP_PROBE),
        new Document("AWS SecretString", "awsSecretStringBytes", MAX_SECRET_STRING_BYTES, HISTORY_RESERVE_BYTES,
            REF_PLACEHOLDER));
    this.aws = aws;
    this.connection = connection;
    this.prefix = prefix;
    this.kmsKeyId = kmsKeyId;
    this.backoff = backoff;
  }

  /** Reads the current version with one {@code GetSecretValue} of {@code AWSCURRENT}. */
  @Override
  protected Optional<GetSecretValueResponse> fetchCurrent(SecretId id) {
    try {
      return get(id, r -> r.secretId(name(id)).versionStage(CURRENT));
    } catch (ResourceNotFoundException e) {
      // Either no secret, or a secret without AWSCURRENT (made by another tool without a value);
      // one created since the read counts as not there yet.
      if (describe(id).filter(d -> holder(d.versionIdsToStages(), CURRENT).isEmpty()).isPresent()) {
        throw new SecretDataException(id.toString(), description(), "the AWS secret has no AWSCURRENT version",
            AwsErrors.cause(e));
      }
      return Optional.empty();
    }
  }

  /** Returns the VersionId of the version read: every write makes a new one. */
  @Override
  protected String revision(GetSecretValueResponse read) {
    return read.versionId();
  }

  @Override
  protected Current<GetSecretValueResponse> decode(SecretId id, GetSecretValueResponse read) {
    SecretPayload payload = decodeCurrent(id, read.secretString(), read.versionId());
    return new Current<>(read, read.versionId(), payload.values(), payload.envelope().orElseThrow());
  }

  /**
   * Reads the AWS version the entry's ref names, by the ARN read (never a version of another
   * secret created since under the name); when AWS removed it, the version labelled
   * {@code sk-vN}, which holds N's values.
   */
  @Override
  protected Optional<Map<String, SecretValue>> readKept(SecretId id, Current<GetSecretValueResponse> current,
      VersionEntry entry) {
    if (entry.ref().isEmpty()) {
      return Optional.empty();
    }
    long number = entry.version().number();
    Optional<GetSecretValueResponse> old = version(id, current.read().arn(), r -> r.versionId(entry.ref().get()));
    if (old.isEmpty()) {
      old = version(id, current.read().arn(), r -> r.versionStage(VERSION_LABEL + number));
    }
    return old.map(response -> valuesOfVersion(id, response, number));
  }

  /**
   * Returns the values of an older AWS version after checking that SecretKit made it current as
   * version {@code number}: its envelope names it as current, at that number.
   */
  private Map<String, SecretValue> valuesOfVersion(SecretId id, GetSecretValueResponse response, long number) {
    SecretPayload payload = decodeCurrent(id, response.secretString(), response.versionId());
    if (payload.envelope().orElseThrow().latest().number() != number) {
      payload.values().values().forEach(SecretValue::destroy);
      throw new SecretDataException(id.toString(), description(), "the AWS version kept for version " + number
          + " holds another version: its label sk-v" + number + " was moved by another tool", null);
    }
    return payload.values();
  }

  /** Returns the AWS version of secret {@code arn} that {@code which} names, or empty when AWS holds none. */
  private Optional<GetSecretValueResponse> version(SecretId id, String arn,
      Consumer<GetSecretValueRequest.Builder> which) {
    try {
      return get(id, r -> which.accept(r.secretId(arn)));
    } catch (ResourceNotFoundException e) {
      return Optional.empty();
    }
  }

  /**
   * Calls {@code GetSecretValue}: empty for a secret scheduled for deletion, which is gone for
   * SecretKit; AWS's {@link ResourceNotFoundException} is left to the caller, whose answer to it differs.
   */
  private Optional<GetSecretValueResponse> get(SecretId id, Consumer<GetSecretValueRequest.Builder> request) {
    try {
      return Optional.of(aws.getSecretValue(request));
    } catch (ResourceNotFoundException e) {
      throw e;
    } catch (SdkException e) {
      if (AwsErrors.markedForDeletion(e)) {
        return Optional.empty();
      }
      throw AwsErrors.translate(e, "GetSecretValue", id.toString(), connection);
    }
  }

  /** Reads up to 20 secrets per {@code BatchGetSecretValue} call, and nothing else. */
  @Override
  public Map<SecretId, StoredSecret> readAll(Collection<SecretId> ids) {
    checkOpen();
    List<SecretId> wanted = List.copyOf(new LinkedHashSet<>(ids));
    Map<String, SecretId> byName = new LinkedHashMap<>();
    wanted.forEach(id -> byName.put(name(id), id));
    Map<SecretId, StoredSecret> found = new LinkedHashMap<>();
    try {
      for (SecretValueEntry entry : batchGet(List.copyOf(byName.keySet()), wanted.size() + " secrets")) {
        SecretId id = byName.get(entry.name());
        SecretPayload payload = decodeCurrent(id, entry.secretString(), entry.versionId());
        SecretEnvelope envelope = payload.envelope().orElseThrow();
        found.put(id, StoredSecret.of(id, entry.versionId(), envelope.latest(), envelope.metadata(), payload.values()));
      }
    } catch (RuntimeException e) {
      found.values().forEach(secret -> secret.values().values().forEach(SecretValue::destroy));
      throw e;
    }
    Map<SecretId, StoredSecret> ordered = new LinkedHashMap<>();
    wanted.stream().filter(found::containsKey).forEach(id -> ordered.put(id, found.get(id)));
    return ordered;
  }

  /** Answers with one {@code DescribeSecret}, which reads no value. */
  @Override
  public Optional<String> probe(SecretId id) {
    Objects.requireNonNull(id, "id");
    checkOpen();
    return describe(id).map(described -> currentVersionId(id, described));
  }

  @Override
  public Page<SecretSummary> list(String scope, String pageToken, int pageSize) {
    SecretId.checkScope(scope);
    PageTokens.checkSize(pageSize);
    checkOpen();
    String namePrefix = prefix + "/" + scope + "/";
    ListSecretsResponse page = listNames(namePrefix, pageToken, pageSize, "scope " + scope);
    Map<String, SecretId> byName = new LinkedHashMap<>();
    for (SecretListEntry entry : page.secretList()) {
      String rest = entry.name().startsWith(namePrefix) ? entry.name().substring(namePrefix.length()) : "";
      if (!rest.isEmpty() && !rest.contains("/")) {
        try {
          byName.put(entry.name(), SecretId.of(scope, rest));
        } catch (InvalidReferenceException notOurs) {
          // A name SecretKit could not have written: another tool's secret under our prefix.
        }
      }
    }
    Map<String, SecretSummary> summaries = new LinkedHashMap<>();
    Map<String, SecretDataException> unreadable = new LinkedHashMap<>();
    for (SecretValueEntry entry : batchGet(List.copyOf(byName.keySet()), "scope " + scope)) {
      try {
        summary(byName.get(entry.name()), entry).ifPresent(summary -> summaries.put(entry.name(), summary));
      } catch (SecretDataException e) {
        unreadable.put(entry.name(), e);
      }
    }
    List<SecretSummary> items = byName.keySet().stream().map(summaries::get).filter(Objects::nonNull).toList();
    List<SecretDataException> bad = byName.keySet().stream().map(unreadable::get).filter(Objects::nonNull).toList();
    return Page.of(items, page.nextToken(), bad);
  }

  /** Returns one {@code ListSecrets} page of the secrets whose names start with {@code namePrefix}, by name. */
  private ListSecretsResponse listNames(String namePrefix, String pageToken, int pageSize, String what) {
    try {
      return aws.listSecrets(r -> r.maxResults(Math.min(pageSize, MAX_LIST_RESULTS)).nextToken(pageToken)
          .sortBy(SortByType.NAME).sortOrder(SortOrderType.ASC)
          .filters(Filter.builder().key(FilterNameStringType.NAME).values(namePrefix).build()));
    } catch (InvalidNextTokenException e) {
      throw PageTokens.notOurs(AwsErrors.cause(e));
    } catch (SdkException e) {
      throw AwsErrors.translate(e, "ListSecrets", what, connection);
    }
  }

  /**
   * Lists the names under the prefix with one {@code ListSecrets} per page (at most 100 names),
   * reading no value: every AWS secret named {@code PREFIX/SCOPE/NAME} with a valid scope and
   * name, another tool's too (its name is taken; a read of it is a data error). The token is
   * AWS's {@code NextToken}.
   */
  @Override
  public Page<SecretId> listIds(String pageToken, int pageSize) {
    PageTokens.checkSize(pageSize);
    checkOpen();
    String namePrefix = prefix + "/";
    ListSecretsResponse page = listNames(namePrefix, pageToken, pageSize, "the names under " + namePrefix);
    List<SecretId> items = new ArrayList<>();
    for (SecretListEntry entry : page.secretList()) {
      String rest = entry.name().startsWith(namePrefix) ? entry.name().substring(namePrefix.length()) : "";
      int slash = rest.indexOf('/');
      if (slash > 0 && rest.indexOf('/', slash + 1) < 0) {
        try {
          items.add(SecretId.of(rest.substring(0, slash), rest.substring(slash + 1)));
        } catch (InvalidReferenceException notOurs) {
          // A name SecretKit could not have written: another tool's secret under our prefix.
        }
      }
    }
    return Page.of(items, page.nextToken());
  }

  /**
   * Creates with {@code CreateSecret}, sent once per attempt with a VersionId of its own, so that
   * {@link #createdByUs} can tell an attempt that stands from another writer's create.
   */
  @Override
  protected String commitFirst(SecretId id, SecretMetadata metadata, Map<String, SecretValue> values) {
    List<String> tried = new ArrayList<>();
    for (int attempt = 1; ; attempt++) {
      String versionId = UUID.randomUUID().toString();
      tried.add(versionId);
      String secretString = SecretPayload.encode(values, SecretEnvelope.first(metadata, versionId));
      try {
        aws.createSecret(r -> r.name(name(id)).secretString(secretString).kmsKeyId(kmsKeyId)
            .clientRequestToken(versionId).overrideConfiguration(o -> o.addPlugin(SINGLE_ATTEMPT)));
        return versionId;
      } catch (ResourceExistsException e) {
        throw ConflictException.exists(id, description(), AwsErrors.cause(e));
      } catch (SdkException e) {
        if (AwsErrors.markedForDeletion(e)) {
          throw ConflictException.exists(id, description() + " (an AWS secret of that name is scheduled for"
              + " deletion: restore it with 'aws secretsmanager restore-secret', or delete it for good, first)",
              AwsErrors.cause(e));
        }
        Optional<String> created = createdByUs(id, tried, e);
        if (created.isPresent()) {
          if (LOG.isLoggable(Level.INFO)) {
            LOG.log(Level.INFO, StoreLog.repaired(description(), "the answer to CreateSecret of " + id + " was lost,"
                + " and the secret holds this create's version: the create stands", e));
          }
          return created.get();
        }
        if (!AwsErrors.transientFault(e) || !backoff.pauseAfter(attempt)) {
          throw AwsErrors.translate(e, "CreateSecret", id.toString(), connection);
        }
        if (LOG.isLoggable(Level.DEBUG)) {
          LOG.log(Level.DEBUG, StoreLog.retrying(description(), "CreateSecret", id, attempt, e));
        }
      }
    }
  }

  /**
   * Decides a {@code CreateSecret} that failed or whose answer was lost. Each attempt is sent once
   * and with a token of its own: the SDK's retry of a create whose answer was lost, with the same
   * token, would bring back a secret someone deleted meanwhile, under the revision they deleted.
   * So the secret's name says: holding a version of ours, the create stands (that version is the
   * revision); there without one, someone else created it, a conflict; absent, no attempt of ours
   * stands now, and another may be tried.
   */
  private Optional<String> createdByUs(SecretId id, List<String> tried, SdkException failure) {
    Optional<DescribeSecretResponse> described;
    try {
      described = describe(id);
    } catch (RuntimeException unknown) {
      throw new StoreUnavailableException(description(), "the create of " + id + " may or may not have happened ("
          + AwsErrors.said(failure) + " from CreateSecret, then no answer); read it, then retry", false, null,
          AwsErrors.cause(failure));
    }
    if (described.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> current = holder(described.get().versionIdsToStages(), CURRENT);
    if (current.isPresent() && tried.contains(current.get())) {
      return current;
    }
    throw ConflictException.exists(id, description(), AwsErrors.cause(failure));
  }

  /** Returns a fresh UUID: each write makes a new AWS version, whose ClientRequestToken it is. */
  @Override
  protected String nextRef(Current<GetSecretValueResponse> current) {
    return UUID.randomUUID().toString();
  }

  /**
   * Puts the new AWS version and moves {@code AWSCURRENT} to it, the commit point. A value write
   * first labels the version it read ({@link #keep}) and afterwards removes the labels of versions
   * its history no longer retains ({@link #tidyLabels}).
   */
  @Override
  protected String commit(SecretId id, Current<GetSecretValueResponse> current, String ref,
      Map<String, SecretValue> values, SecretEnvelope envelope, boolean newVersion) {
    String secretString = SecretPayload.encode(values, envelope);
    if (newVersion) {
      keep(id, current.read().arn(), current.envelope(), current.revision());
    }
    commit(id, current.read().arn(), current.revision(), ref, secretString);
    if (newVersion) {
      tidyLabels(id, current.read().arn(), envelope);
    }
    return ref;
  }

  /**
   * Deletes with {@code ForceDeleteWithoutRecovery}, after one {@code DescribeSecret} that checks
   * the revision; with a null revision, without any check, so that a secret SecretKit cannot read
   * can still be removed.
   */
  @Override
  public void delete(SecretId id, String expectedRevision) {
    Objects.requireNonNull(id, "id");
    checkOpen();
    String target = name(id);
    if (expectedRevision != null) {
      Optional<DescribeSecretResponse> described = describe(id);
      if (!described.map(d -> currentVersionId(id, d)).equals(Optional.of(expectedRevision))) {
        throw ConflictException.changed(id, description());
      }
      // By the ARN checked: never another secret created since under the name.
      target = described.get().arn();
    }
    String secretId = target;
    try {
      aws.deleteSecret(r -> r.secretId(secretId).forceDeleteWithoutRecovery(true));
    } catch (SdkException e) {
      if (expectedRevision != null && AwsErrors.gone(e)) {
        throw ConflictException.changed(id, description(), AwsErrors.cause(e));
      }
      throw AwsErrors.translate(e, "DeleteSecret", id.toString(), connection);
    }
  }

  /** Closes the SDK client and the credentials. */
  @Override
  protected void release() {
    aws.close();
    connection.credentials().close();
  }

  private Optional<DescribeSecretResponse> describe(SecretId id) {
    return describe(id, name(id));
  }

  /** Describes {@code target}, the secret's name or the ARN of one incarnation of it. */
  private Optional<DescribeSecretResponse> describe(SecretId id, String target) {
    DescribeSecretResponse described;
    try {
      described = aws.describeSecret(r -> r.secretId(target));
    } catch (ResourceNotFoundException e) {
      return Optional.empty();
    } catch (SdkException e) {
      throw AwsErrors.translate(e, "DescribeSecret", id.toString(), connection);
    }
    return described.deletedDate() != null ? Optional.empty() : Optional.of(described);
  }

  private String currentVersionId(SecretId id, DescribeSecretResponse described) {
    return holder(described.versionIdsToStages(), CURRENT).orElseThrow(() -> new SecretDataException(id.toString(),
        description(), "the AWS secret has no AWSCURRENT version", null));
  }

  private static Optional<String> holder(Map<String, List<String>> versionsToStages, String label) {
    return versionsToStages.entrySet().stream().filter(e -> e.getValue().contains(label)).map(Map.Entry::getKey)
        .findFirst();
  }

  /**
   * Returns the {@code SecretString} of the current AWS version {@code versionId} as a SecretKit
   * payload, after checking that its envelope names {@code versionId} as the current version, as
   * every version SecretKit makes current does.
   */
  private SecretPayload decodeCurrent(SecretId id, String secretString, String versionId) {
    SecretPayload payload = decode(id, secretString);
    if (payload.envelope().isEmpty()) {
      payload.values().values().forEach(SecretValue::destroy);
      throw new SecretDataException(id.toString(), description(), "its SecretString has no "
          + SecretPayload.RESERVED_KEY + " member: another tool wrote it", null);
    }
    try {
      checkWrittenBySecretKit(id, payload.envelope().get(), versionId);
    } catch (SecretDataException e) {
      payload.values().values().forEach(SecretValue::destroy);
      throw e;
    }
    return payload;
  }

  /**
   * Checks that {@code envelope}, read from the current AWS version {@code versionId}, names that
   * version as the current one, as every version SecretKit makes current does.
   *
   * @throws SecretDataException if it names another: the reserved member was copied from another
   *     version, so the owner and grants in it may be out of date
   */
  private void checkWrittenBySecretKit(SecretId id, SecretEnvelope envelope, String versionId) {
    if (!envelope.current().ref().equals(Optional.of(versionId))) {
      throw new SecretDataException(id.toString(), description(), "its current AWS version was not written by"
          + " SecretKit: its " + SecretPayload.RESERVED_KEY + " member was copied from another version (by a"
          + " rotation Lambda or a hand edit), so its owner and grants may be out of date; move AWSCURRENT back"
          + " to the version SecretKit wrote last (AWSPREVIOUS, after a rotation), or apply the secret again"
          + " after a forced delete", null);
    }
  }

  private SecretPayload decode(SecretId id, String secretString) {
    if (secretString == null) {
      throw new SecretDataException(id.toString(), description(), "the AWS secret holds a SecretBinary, not the"
          + " SecretString SecretKit writes", null);
    }
    try {
      return SecretPayload.decode(secretString);
    } catch (IllegalArgumentException e) {
      // The decoder's message never quotes the document.
      throw new SecretDataException(id.toString(), description(),
          "its SecretString cannot be read: " + e.getMessage(), null);
    }
  }

  /**
   * Returns the summary of a listed secret, or empty for another tool's secret under the prefix
   * (a {@code SecretBinary}, or a {@code SecretString} without the reserved member).
   *
   * @throws SecretDataException if the record of a SecretKit secret cannot be read, as a read of it
   *     would: the listing reports it in its page's {@code unreadable}, so that it is found and can
   *     be restored or removed while the others list
   */
  private Optional<SecretSummary> summary(SecretId id, SecretValueEntry entry) {
    if (entry.secretString() == null) {
      return Optional.empty();
    }
    SecretPayload payload;
    try {
      payload = SecretPayload.decode(entry.secretString());
    } catch (IllegalArgumentException notFlatOrBroken) {
      if (!entry.secretString().contains("\"" + SecretPayload.RESERVED_KEY + "\"")) {
        return Optional.empty();
      }
      throw new SecretDataException(id.toString(), description(), "its SecretString cannot be read: "
          + notFlatOrBroken.getMessage(), null);
    }
    payload.values().values().forEach(SecretValue::destroy);
    if (payload.envelope().isEmpty()) {
      return Optional.empty();
    }
    SecretEnvelope envelope = payload.envelope().get();
    checkWrittenBySecretKit(id, envelope, entry.versionId());
    return Optional.of(new SecretSummary(id, envelope.latest(), envelope.metadata(),
        List.copyOf(payload.values().keySet())));
  }

  /** Returns the values of {@code names} that exist, with one {@code BatchGetSecretValue} per 20. */
  private List<SecretValueEntry> batchGet(List<String> names, String what) {
    List<SecretValueEntry> found = new ArrayList<>();
    for (int from = 0; from < names.size(); from += BATCH) {
      List<String> batch = names.subList(from, Math.min(names.size(), from + BATCH));
      BatchGetSecretValueResponse response;
      try {
        response = aws.batchGetSecretValue(r -> r.secretIdList(batch));
      } catch (SdkException e) {
        throw AwsErrors.translate(e, "BatchGetSecretValue", what, connection);
      }
      found.addAll(response.secretValues());
      for (APIErrorType error : response.errors()) {
        String code = String.valueOf(error.errorCode());
        if (code.equals("AccessDeniedException") || code.startsWith("DecryptionFailure")) {
          throw new dev.secretkit.AccessDeniedException(error.secretId(), description(), "BatchGetSecretValue was"
              + " refused (" + code + "): the credentials need secretsmanager:GetSecretValue"
              + (code.startsWith("Decryption") ? " and kms:Decrypt on the secret's KMS key" : ""), null);
        }
        if (!code.equals("ResourceNotFoundException") && !code.equals("InvalidRequestException")) {
          throw new StoreUnavailableException(description(), "BatchGetSecretValue could not read " + error.secretId()
              + " (" + code + ")", false, null, null);
        }
      }
    }
    return found;
  }

  /**
   * Before a value write's commit: labels {@code sk-vN} the AWS version it read (N, the latest
   * version of {@code read}), so that once the write's move takes {@code AWSCURRENT} (and a later
   * move {@code AWSPREVIOUS}) from it, the version is still kept. Any AWS version labelled
   * {@code sk-vN} holds version N's values (a metadata write copies them), so taking the label
   * from another such version, as a writer that then loses its race may, never makes
   * {@code read(id, N)} wrong: it reads the history's ref, else the label's holder.
   *
   * <p>The first try assumes no other version holds the label. A refusal is looked at with
   * {@code DescribeSecret} and tried again from the holder found, a few times, since another
   * writer's {@code keep} may move the label meanwhile; the write is a conflict only once the
   * version read is no longer current. When AWS's quota of labels is reached (labels left by writers that lost
   * their race, or by a tidy that failed), the labels of versions {@code read} no longer retains
   * are removed first: no later history can bring such a version back.
   */
  private void keep(SecretId id, String arn, SecretEnvelope read, String readVersionId) {
    String label = VERSION_LABEL + read.latest().number();
    Optional<String> from = Optional.empty();
    for (int attempt = 1; ; attempt++) {
      Optional<String> holder = from;
      try {
        aws.updateSecretVersionStage(r -> r.secretId(arn).versionStage(label).moveToVersionId(readVersionId)
            .removeFromVersionId(holder.orElse(null)));
        return;
      } catch (SdkException e) {
        boolean quota = AwsErrors.code(e).equals("LimitExceededException");
        if (!(quota || AwsErrors.goneOrMoved(e)) || attempt == LABEL_ATTEMPTS) {
          throw refusedWrite(e, id, "UpdateSecretVersionStage");
        }
        Map<String, List<String>> stages = describe(id, arn).map(DescribeSecretResponse::versionIdsToStages)
            .orElse(Map.of());
        if (!holder(stages, CURRENT).equals(Optional.of(readVersionId))) {
          throw ConflictException.changed(id, description(), AwsErrors.cause(e));
        }
        from = holder(stages, label);
        if (from.equals(Optional.of(readVersionId))) {
          return;
        }
        if (quota) {
          dropLabels(id, arn, stages, read);
        }
      }
    }
  }

  /**
   * Removes the labels {@code sk-vM} of versions {@code read} does not retain, M below its latest:
   * entries once dropped never come back, so no writer needs them.
   */
  private void dropLabels(SecretId id, String arn, Map<String, List<String>> stages, SecretEnvelope read) {
    long latest = read.latest().number();
    for (Map.Entry<String, List<String>> version : stages.entrySet()) {
      for (String label : version.getValue()) {
        long number = labelNumber(label);
        if (number > 0 && number < latest && read.entry(number).isEmpty()) {
          try {
            aws.updateSecretVersionStage(r -> r.secretId(arn).versionStage(label)
                .removeFromVersionId(version.getKey()));
          } catch (SdkException e) {
            if (!AwsErrors.goneOrMoved(e)) {
              throw refusedWrite(e, id, "UpdateSecretVersionStage");
            }
          }
        }
      }
    }
  }

  /**
   * After a value write committed {@code written}: removes the labels of versions its history no
   * longer retains, so that labels left by writers that lost their race do not pile up against
   * AWS's quota. It only removes: every retained version already has its label from
   * {@link #keep}, or {@code AWSCURRENT}. It addresses the secret by the ARN read, so it never
   * touches another secret created since under the same name.
   *
   * <p>This is bookkeeping, done after the commit point on purpose: it decides neither values nor
   * access. A failure leaves extra labels until the next value write (whose {@link #keep} also
   * removes them when the quota is reached), so it does not fail the write that committed.
   */
  private void tidyLabels(SecretId id, String arn, SecretEnvelope written) {
    try {
      Map<String, List<String>> stages = describe(id, arn).map(DescribeSecretResponse::versionIdsToStages)
          .orElse(Map.of());
      dropLabels(id, arn, stages, written);
    } catch (SdkException | SecretException bookkeeping) {
      if (LOG.isLoggable(Level.DEBUG)) {
        LOG.log(Level.DEBUG, StoreLog.ignored(description(), "removing the labels of versions " + id
            + " no longer retains", bookkeeping, "the write committed, and the next value write tidies again"));
      }
    }
  }

  /** Returns N for a label {@code sk-vN}, or 0 for any other label. */
  private static long labelNumber(String label) {
    // At most 18 digits: the number always fits a long.
    return VERSION_LABEL_PATTERN.matcher(label).matches() ? Long.parseLong(label.substring(VERSION_LABEL.length()))
        : 0;
  }

  /**
   * Puts {@code secretString} as AWS version {@code versionId} and moves {@code AWSCURRENT} to it
   * from {@code readVersionId}, the commit point; nothing is written after it but labels.
   */
  private void commit(SecretId id, String arn, String readVersionId, String versionId, String secretString) {
    try {
      aws.putSecretValue(r -> r.secretId(arn).secretString(secretString).versionStages(PENDING)
          .clientRequestToken(versionId));
    } catch (SdkException e) {
      throw refusedWrite(e, id, "PutSecretValue");
    }
    move(id, arn, readVersionId, versionId);
  }

  /**
   * The commit point: moves {@code AWSCURRENT} to {@code versionId} only from {@code readVersionId}.
   *
   * <p>Each attempt is sent once, without the SDK's retries: a retry of a move that happened but
   * whose answer was lost would be refused, and that refusal could not be told from another
   * writer's. So the store decides each failure itself. A refusal of an attempt made while the
   * version read was current is a conflict: nothing was written. After an error or a lost answer,
   * the current version says: ours, and the write stands; the one read, and the move did not
   * happen, so it is tried again up to the configured attempts, else the transient error is
   * thrown; another one, and whether ours came first cannot be known, so the error is a transient
   * "outcome unknown" that tells the caller to read the secret again.
   */
  private void move(SecretId id, String arn, String readVersionId, String versionId) {
    for (int attempt = 1; ; attempt++) {
      try {
        aws.updateSecretVersionStage(r -> r.secretId(arn).versionStage(CURRENT).moveToVersionId(versionId)
            .removeFromVersionId(readVersionId).overrideConfiguration(o -> o.addPlugin(SINGLE_ATTEMPT)));
        return;
      } catch (SdkException e) {
        if (attempt == 1 && AwsErrors.goneOrMoved(e)) {
          throw ConflictException.changed(id, description(), AwsErrors.cause(e));
        }
        Optional<String> now;
        try {
          now = describe(id, arn).map(d -> holder(d.versionIdsToStages(), CURRENT).orElse(null));
        } catch (RuntimeException unknown) {
          throw outcomeUnknown(id, e);
        }
        if (now.isPresent() && versionId.equals(now.get())) {
          if (LOG.isLoggable(Level.INFO)) {
            LOG.log(Level.INFO, StoreLog.repaired(description(), "the answer to the commit"
                + " (UpdateSecretVersionStage) of " + id + " was lost, and AWSCURRENT is on the new version: the write"
                + " stands", e));
          }
          return;
        }
        boolean notMoved = now.isPresent() && readVersionId.equals(now.get());
        if (notMoved && AwsErrors.transientFault(e) && backoff.pauseAfter(attempt)) {
          if (LOG.isLoggable(Level.DEBUG)) {
            LOG.log(Level.DEBUG, StoreLog.retrying(description(), "UpdateSecretVersionStage", id, attempt, e));
          }
          continue;
        }
        if (notMoved && !AwsErrors.goneOrMoved(e)) {
          throw AwsErrors.translate(e, "UpdateSecretVersionStage", id.toString(), connection);
        }
        throw outcomeUnknown(id, e);
      }
    }
  }

  private StoreUnavailableException outcomeUnknown(SecretId id, SdkException moveError) {
    return new StoreUnavailableException(description(), "the write of " + id + " may or may not have been"
        + " committed: the answer to its commit (UpdateSecretVersionStage, " + AwsErrors.said(moveError)
        + ") was lost and the secret has changed since; read it again before writing again", false, null,
        AwsErrors.cause(moveError));
  }

  /** Returns the error for a write AWS refused before its commit point: a secret gone is a conflict. */
  private RuntimeException refusedWrite(SdkException e, SecretId id, String operation) {
    if (AwsErrors.gone(e)) {
      return ConflictException.changed(id, description(), AwsErrors.cause(e));
    }
    return AwsErrors.translate(e, operation, id.toString(), connection);
  }

  private String name(SecretId id) {
    return prefix + "/" + id.scope() + "/" + id.name();
  }
}
