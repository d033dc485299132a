package dev.secretkit.backend.aws;

import dev.secretkit.ConflictException;
import dev.secretkit.SecretId;
import dev.secretkit.SecretMetadata;
import dev.secretkit.SecretSummary;
import dev.secretkit.SecretValue;
import dev.secretkit.SecretVersion;
import dev.secretkit.StoreUnavailableException;
import dev.secretkit.spi.Page;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoreCapabilities;
import dev.secretkit.spi.StoreLimits;
import dev.secretkit.spi.StoredSecret;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.time.Clock;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.APIErrorType;
import software.amazon.awssdk.services.secretsmanager.model.BatchGetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.Filter;
import software.amazon.awssdk.services.secretsmanager.model.FilterNameStringType;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.InvalidNextTokenException;
import software.amazon.awssdk.services.secretsmanager.model.ListSecretsResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretListEntry;
import software.amazon.awssdk.services.secretsmanager.model.SecretValueEntry;
import software.amazon.awssdk.services.secretsmanager.model.SortByType;
import software.amazon.awssdk.services.secretsmanager.model.SortOrderType;
import software.amazon.awssdk.services.secretsmanager.model.Tag;

/**
 * The {@code aws-sm} store: one AWS secret per SecretKit secret, named {@code PREFIX/SCOPE/NAME}.
 *
 * <ul>
 *   <li>Values: the {@code SecretString}, a flat JSON object of the keys ({@link SecretStringCodec}).
 *   <li>Metadata, key names, the retained versions' times and authors: tags ({@link MetadataTags}),
 *       stamped with the AWS VersionId they describe; the AWS description holds the manifest's
 *       description for people using the console.
 *   <li>Versions: SecretKit version N is the AWS version labelled {@code sk-vN}; the newest
 *       {@value #VERSIONS_RETAINED} keep their label (AWS allows 20 labels per secret).
 *   <li>Optimistic writes: every write (values or metadata) puts an AWS version under a private
 *       pending label, then moves {@code AWSCURRENT} to it with {@code UpdateSecretVersionStage}
 *       only from the version the writer read. If another writer moved it first, AWS refuses, and
 *       the write is a conflict. Tags follow the move; until they do, the secret reads with the
 *       previous metadata, and other writers get a conflict (or, when the tags are more than
 *       {@value #STALE_SECONDS} s behind, as after a crash, go ahead and repair them).
 *   <li>Delete: {@code ForceDeleteWithoutRecovery}, so every version is gone at once.
 * </ul>
 * Thread-safe: the SDK client is.
 */
final class AwsSecretsManagerStore implements SecretStore {
  /** How many versions keep their {@code sk-vN} label and so can be read by number. */
  static final int VERSIONS_RETAINED = 10;
  /** The most bytes AWS keeps in one {@code SecretString}. */
  static final int MAX_SECRET_STRING_BYTES = 65_536;
  /** After how long tags that lag behind AWSCURRENT are taken to be a dead writer's, not a live one's. */
  static final long STALE_SECONDS = 60;

  private static final String CURRENT = "AWSCURRENT";
  private static final String VERSION_LABEL = "sk-v";
  private static final String PENDING_LABEL = "sk-pending-";
  private static final int MAX_DESCRIPTION = 2048;
  private static final int BATCH = 20;

  private final SecretsManagerClient aws;
  private final String description;
  private final String prefix;
  private final String kmsKeyId;
  private final StoreLimits limits;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private volatile boolean closed;

  AwsSecretsManagerStore(SecretsManagerClient aws, String description, String prefix, String kmsKeyId,
      StoreLimits limits, Clock clock) {
    this.aws = aws;
    this.description = description;
    this.prefix = prefix;
    this.kmsKeyId = kmsKeyId;
    this.limits = limits;
    this.clock = clock;
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public StoreLimits limits() {
    return limits;
  }

  @Override
  public StoreCapabilities capabilities() {
    return new StoreCapabilities(true, true, VERSIONS_RETAINED);
  }

  @Override
  public Optional<StoredSecret> read(SecretId id) {
    return describe(id).flatMap(state -> value(id, state.currentVersionId())
        .map(value -> stored(id, state, state.currentNumber(), value.secretString())));
  }

  @Override
  public Optional<StoredSecret> read(SecretId id, long version) {
    return describe(id).flatMap(state -> {
      String versionId = state.versionIdOf(version);
      if (versionId == null) {
        return Optional.empty();
      }
      return value(id, versionId).map(value -> stored(id, state, version, value.secretString()));
    });
  }

  /** Reads the values of up to 20 secrets per {@code BatchGetSecretValue} call, and the metadata of each. */
  @Override
  public Map<SecretId, StoredSecret> readAll(Collection<SecretId> ids) {
    checkOpen();
    List<SecretId> wanted = List.copyOf(new LinkedHashSet<>(ids));
    Map<String, SecretValueEntry> values = new LinkedHashMap<>();
    for (int from = 0; from < wanted.size(); from += BATCH) {
      List<SecretId> batch = wanted.subList(from, Math.min(wanted.size(), from + BATCH));
      List<String> names = batch.stream().map(this::name).toList();
      BatchGetSecretValueResponse response;
      try {
        response = aws.batchGetSecretValue(r -> r.secretIdList(names));
      } catch (SdkException e) {
        throw AwsErrors.translate(e, "BatchGetSecretValue", batch.size() + " secrets", description);
      }
      response.secretValues().forEach(entry -> values.put(entry.name(), entry));
      for (APIErrorType error : response.errors()) {
        String code = String.valueOf(error.errorCode());
        if (code.equals("AccessDeniedException") || code.startsWith("DecryptionFailure")) {
          throw new dev.secretkit.AccessDeniedException(error.secretId(), description, "BatchGetSecretValue was"
              + " refused (" + code + "): the credentials need secretsmanager:GetSecretValue"
              + (code.startsWith("Decryption") ? " and kms:Decrypt on the secret's KMS key" : ""), null);
        }
        if (!code.equals("ResourceNotFoundException") && !code.equals("InvalidRequestException")) {
          throw new StoreUnavailableException(description, "BatchGetSecretValue could not read " + error.secretId()
              + " (" + code + ")", false, null, null);
        }
      }
    }
    Map<SecretId, StoredSecret> found = new LinkedHashMap<>();
    for (SecretId id : wanted) {
      SecretValueEntry entry = values.get(name(id));
      if (entry == null) {
        continue;
      }
      Optional<State> state = describe(id);
      if (state.isEmpty()) {
        continue;
      }
      if (entry.versionId().equals(state.get().currentVersionId())) {
        found.put(id, stored(id, state.get(), state.get().currentNumber(), entry.secretString()));
      } else {
        read(id).ifPresent(secret -> found.put(id, secret));
      }
    }
    return found;
  }

  /** Reads metadata with one {@code DescribeSecret} call and no value. */
  @Override
  public Optional<SecretSummary> summary(SecretId id) {
    return describe(id).map(state -> new SecretSummary(id, state.versionOf(state.currentNumber()),
        state.tags().metadata(), state.tags().keys()));
  }

  @Override
  public Page<SecretSummary> list(String scope, String pageToken, int pageSize) {
    SecretId.checkScope(scope);
    if (pageSize < 1) {
      throw new IllegalArgumentException("pageSize must be at least 1");
    }
    checkOpen();
    String namePrefix = prefix + "/" + scope + "/";
    ListSecretsResponse page;
    try {
      page = aws.listSecrets(r -> r.maxResults(Math.min(pageSize, 100)).nextToken(pageToken)
          .sortBy(SortByType.NAME).sortOrder(SortOrderType.ASC)
          .filters(Filter.builder().key(FilterNameStringType.NAME).values(namePrefix).build()));
    } catch (InvalidNextTokenException e) {
      throw new IllegalArgumentException("page token did not come from this store", e);
    } catch (SdkException e) {
      throw AwsErrors.translate(e, "ListSecrets", "scope " + scope, description);
    }
    List<SecretSummary> items = new ArrayList<>();
    for (SecretListEntry entry : page.secretList()) {
      String rest = entry.name().startsWith(namePrefix) ? entry.name().substring(namePrefix.length()) : "";
      Map<String, String> raw = tagMap(entry.tags());
      if (rest.isEmpty() || rest.contains("/") || !raw.containsKey(MetadataTags.REVISION)) {
        continue;
      }
      SecretId id = SecretId.of(scope, rest);
      State state = new State(entry.secretVersionsToStages(), raw, decode(id, raw), entry.lastChangedDate());
      items.add(new SecretSummary(id, state.versionOf(state.currentNumber()), state.tags().metadata(),
          state.tags().keys()));
    }
    return new Page<>(items, page.nextToken());
  }

  @Override
  public List<SecretVersion> versions(SecretId id) {
    return describe(id).map(State::versions).orElse(List.of());
  }

  @Override
  public StoredSecret create(SecretId id, SecretMetadata metadata, Map<String, SecretValue> values) {
    Objects.requireNonNull(metadata, "metadata");
    String secretString = checkedSecretString(values);
    checkOpen();
    String versionId = UUID.randomUUID().toString();
    String token = token();
    List<SecretVersion> history = List.of(new SecretVersion(1, metadata.updatedAt(), metadata.updatedBy()));
    Map<String, String> tags = MetadataTags.encode(metadata, List.copyOf(values.keySet()), history, versionId,
        token, 0);
    try {
      aws.createSecret(r -> r.name(name(id)).secretString(secretString).kmsKeyId(kmsKeyId)
          .description(humanDescription(metadata)).tags(tags(tags)).clientRequestToken(versionId));
    } catch (ResourceExistsException e) {
      throw ConflictException.exists(id, description, e);
    } catch (SdkException e) {
      if (AwsErrors.markedForDeletion(e)) {
        throw ConflictException.exists(id, description + " (an AWS secret of that name is scheduled for deletion:"
            + " restore it with 'aws secretsmanager restore-secret', or delete it for good, first)", e);
      }
      throw AwsErrors.translate(e, "CreateSecret", id.toString(), description);
    }
    quietly(() -> label(id, versionId, 1, null));
    return new StoredSecret(id, versionId + ":" + token, history.get(0), metadata, copy(values));
  }

  @Override
  public StoredSecret update(SecretId id, String expectedRevision, SecretMetadata metadata,
      Map<String, SecretValue> values) {
    Objects.requireNonNull(metadata, "metadata");
    String secretString = checkedSecretString(values);
    State state = writable(id, expectedRevision);
    long number = state.currentNumber() + 1;
    List<SecretVersion> history = new ArrayList<>(state.history());
    history.add(new SecretVersion(number, metadata.updatedAt(), metadata.updatedBy()));
    String revision = commit(id, state, secretString, number, metadata, List.copyOf(values.keySet()),
        retained(history));
    syncDescription(id, state, metadata);
    return new StoredSecret(id, revision, history.get(history.size() - 1), metadata, copy(values));
  }

  @Override
  public StoredSecret updateMetadata(SecretId id, String expectedRevision, SecretMetadata metadata) {
    Objects.requireNonNull(metadata, "metadata");
    State state = writable(id, expectedRevision);
    String secretString = value(id, state.currentVersionId())
        .orElseThrow(() -> ConflictException.changed(id, description)).secretString();
    long number = state.currentNumber();
    String revision = commit(id, state, secretString, number, metadata, state.tags().keys(), state.history());
    syncDescription(id, state, metadata);
    return new StoredSecret(id, revision, state.versionOf(number), metadata, decodeValues(id, secretString));
  }

  @Override
  public void delete(SecretId id, String expectedRevision) {
    writable(id, expectedRevision);
    call("DeleteSecret", id, () -> aws.deleteSecret(r -> r.secretId(name(id)).forceDeleteWithoutRecovery(true)));
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      aws.close();
    }
  }

  @Override
  public String toString() {
    return "AwsSecretsManagerStore[" + description + "]";
  }

  /** What DescribeSecret (or a ListSecrets entry) says: the versions and their labels, and SecretKit's tags. */
  private record State(Map<String, List<String>> versionsToStages, Map<String, String> rawTags,
      MetadataTags.Decoded tags, Instant changed) {

    String currentVersionId() {
      return versionsToStages.entrySet().stream().filter(e -> e.getValue().contains(CURRENT)).map(Map.Entry::getKey)
          .findFirst().orElse(null);
    }

    /** Returns whether the tags describe the current version: no write is between its move and its tags. */
    boolean consistent() {
      return Objects.equals(tags.forVersion(), currentVersionId());
    }

    /** Returns the SecretKit number of the current version, also while a writer's tags lag behind. */
    long currentNumber() {
      if (consistent()) {
        return tags.version();
      }
      long labelled = number(versionsToStages.getOrDefault(currentVersionId(), List.of()));
      return labelled > 0 ? labelled : tags.version() + 1;
    }

    String versionIdOf(long number) {
      String label = VERSION_LABEL + number;
      return versionsToStages.entrySet().stream().filter(e -> e.getValue().contains(label)).map(Map.Entry::getKey)
          .findFirst().orElse(number == currentNumber() ? currentVersionId() : null);
    }

    /** Returns the retained versions, oldest first, with the current one even before its tags are written. */
    List<SecretVersion> history() {
      List<SecretVersion> history = new ArrayList<>(tags.history());
      long current = currentNumber();
      if (history.stream().noneMatch(v -> v.number() == current)) {
        history.add(new SecretVersion(current, changed != null ? changed : tags.latest().createdAt(), null));
      }
      return history;
    }

    SecretVersion versionOf(long number) {
      return history().stream().filter(v -> v.number() == number).findFirst()
          .orElse(new SecretVersion(number, tags.metadata().createdAt(), null));
    }

    /** Returns the versions AWS still holds by their {@code sk-vN} label, and the current one. */
    List<SecretVersion> versions() {
      Set<Long> numbers = new TreeSet<>();
      versionsToStages.values().forEach(stages -> {
        long n = number(stages);
        if (n > 0) {
          numbers.add(n);
        }
      });
      numbers.add(currentNumber());
      return numbers.stream().map(this::versionOf).toList();
    }

    String revision() {
      return currentVersionId() + ":" + tags.revision();
    }
  }

  private Optional<State> describe(SecretId id) {
    Objects.requireNonNull(id, "id");
    checkOpen();
    DescribeSecretResponse described;
    try {
      described = aws.describeSecret(r -> r.secretId(name(id)));
    } catch (ResourceNotFoundException e) {
      return Optional.empty();
    } catch (SdkException e) {
      throw AwsErrors.translate(e, "DescribeSecret", id.toString(), description);
    }
    if (described.deletedDate() != null) {
      return Optional.empty();
    }
    Map<String, String> raw = tagMap(described.tags());
    State state = new State(described.versionIdsToStages(), raw, decode(id, raw), described.lastChangedDate());
    if (state.currentVersionId() == null) {
      throw new StoreUnavailableException(description, "AWS secret " + name(id) + " has no AWSCURRENT version",
          false, null, null);
    }
    return Optional.of(state);
  }

  /** Returns one version's value, or empty when the secret or version went away since it was described. */
  private Optional<GetSecretValueResponse> value(SecretId id, String versionId) {
    try {
      return Optional.of(aws.getSecretValue(r -> r.secretId(name(id)).versionId(versionId)));
    } catch (ResourceNotFoundException e) {
      return Optional.empty();
    } catch (SdkException e) {
      if (AwsErrors.markedForDeletion(e)) {
        return Optional.empty();
      }
      throw AwsErrors.translate(e, "GetSecretValue", id.toString(), description);
    }
  }

  /**
   * Returns the state a write may start from: the revision the caller read, and tags that describe
   * the current version, or lag so long behind it that their writer must have died.
   */
  private State writable(SecretId id, String expectedRevision) {
    Objects.requireNonNull(expectedRevision, "expectedRevision");
    State state = describe(id).orElseThrow(() -> ConflictException.changed(id, description));
    if (!state.revision().equals(expectedRevision)) {
      throw ConflictException.changed(id, description);
    }
    if (!state.consistent() && state.changed() != null
        && state.changed().isAfter(clock.instant().minusSeconds(STALE_SECONDS))) {
      throw ConflictException.changed(id, description);
    }
    return state;
  }

  /**
   * Puts {@code secretString} as a new AWS version, moves AWSCURRENT to it from the version
   * {@code state} holds (or fails with a conflict), labels it {@code sk-vNUMBER} and writes the
   * tags; returns the new revision.
   */
  private String commit(SecretId id, State state, String secretString, long number, SecretMetadata metadata,
      List<String> keys, List<SecretVersion> history) {
    String versionId = UUID.randomUUID().toString();
    String token = token();
    int others = (int) state.rawTags().keySet().stream().filter(tag -> !MetadataTags.owned(tag)).count();
    // Encoded before any call: metadata over AWS's tag limit is refused with nothing written.
    Map<String, String> tags = MetadataTags.encode(metadata, keys, history, versionId, token, others);
    String pending = PENDING_LABEL + versionId.substring(0, 8);
    call("PutSecretValue", id, () -> aws.putSecretValue(r -> r.secretId(name(id)).secretString(secretString)
        .versionStages(pending).clientRequestToken(versionId)));
    try {
      aws.updateSecretVersionStage(r -> r.secretId(name(id)).versionStage(CURRENT).moveToVersionId(versionId)
          .removeFromVersionId(state.currentVersionId()));
    } catch (SdkException e) {
      // The move may have happened and only its answer been lost: then the write stands.
      if (!versionId.equals(describe(id).map(State::currentVersionId).orElse(null))) {
        quietly(() -> aws.updateSecretVersionStage(r -> r.secretId(name(id)).versionStage(pending)
            .removeFromVersionId(versionId)));
        throw conflictOr(e, id, "UpdateSecretVersionStage");
      }
    }
    Instant moved = clock.instant();
    // From here the write has happened: the rest is bookkeeping, which the next writer repairs if it fails.
    quietly(() -> aws.updateSecretVersionStage(r -> r.secretId(name(id)).versionStage(pending)
        .removeFromVersionId(versionId)));
    String previous = state.versionsToStages().entrySet().stream()
        .filter(e -> e.getValue().contains(VERSION_LABEL + number)).map(Map.Entry::getKey).findFirst().orElse(null);
    quietly(() -> label(id, versionId, number, previous));
    long lagging = state.currentNumber();
    if (number != lagging && number(state.versionsToStages().get(state.currentVersionId())) == 0) {
      // A writer died before labelling its version: label it now, so it stays readable by number.
      quietly(() -> label(id, state.currentVersionId(), lagging, null));
    }
    if (clock.instant().isBefore(moved.plusSeconds(STALE_SECONDS / 2))) {
      // Late tags could overwrite those of a writer who repaired this secret after STALE_SECONDS.
      quietly(() -> call("TagResource", id, () -> aws.tagResource(r -> r.secretId(name(id)).tags(tags(tags)))));
      List<String> stale = state.rawTags().keySet().stream().filter(MetadataTags::owned)
          .filter(tag -> !tags.containsKey(tag)).toList();
      if (!stale.isEmpty()) {
        quietly(() -> aws.untagResource(r -> r.secretId(name(id)).tagKeys(stale)));
      }
    }
    forgetOldLabels(id, state, number, pending);
    return versionId + ":" + token;
  }

  /**
   * Removes the labels of versions past the retained ones, and the pending labels other writers
   * left (a writer needs its pending label only until its move, which goes by VersionId), so the
   * secret never runs into AWS's limit on staging labels.
   */
  private void forgetOldLabels(SecretId id, State state, long number, String ours) {
    state.versionsToStages().forEach((versionId, stages) -> {
      for (String stage : stages) {
        long labelled = stage.startsWith(VERSION_LABEL) ? number(List.of(stage)) : 0;
        boolean expired = labelled > 0 && labelled <= number - VERSIONS_RETAINED;
        boolean abandoned = stage.startsWith(PENDING_LABEL) && !stage.equals(ours);
        if (expired || abandoned) {
          quietly(() -> aws.updateSecretVersionStage(r -> r.secretId(name(id)).versionStage(stage)
              .removeFromVersionId(versionId)));
        }
      }
    });
  }

  private void label(SecretId id, String versionId, long number, String from) {
    call("UpdateSecretVersionStage", id, () -> aws.updateSecretVersionStage(r -> r.secretId(name(id))
        .versionStage(VERSION_LABEL + number).moveToVersionId(versionId).removeFromVersionId(from)));
  }

  /** Keeps the AWS description, which people read in the console, in step with the manifest's; best effort. */
  private void syncDescription(SecretId id, State state, SecretMetadata metadata) {
    if (!humanDescription(metadata).equals(humanDescription(state.tags().metadata()))) {
      quietly(() -> call("UpdateSecret", id, () -> aws.updateSecret(r -> r.secretId(name(id))
          .description(humanDescription(metadata)).clientRequestToken(UUID.randomUUID().toString()))));
    }
  }

  private static List<SecretVersion> retained(List<SecretVersion> history) {
    return history.subList(Math.max(0, history.size() - VERSIONS_RETAINED), history.size());
  }

  private RuntimeException conflictOr(SdkException e, SecretId id, String operation) {
    String code = AwsErrors.code(e);
    if (code.equals("InvalidParameterException") || code.equals("InvalidRequestException")
        || code.equals("ResourceNotFoundException")) {
      return ConflictException.changed(id, description, e);
    }
    return AwsErrors.translate(e, operation, id.toString(), description);
  }

  private StoredSecret stored(SecretId id, State state, long number, String secretString) {
    return new StoredSecret(id, state.revision(), state.versionOf(number), state.tags().metadata(),
        decodeValues(id, secretString));
  }

  private Map<String, SecretValue> decodeValues(SecretId id, String secretString) {
    if (secretString == null) {
      throw new StoreUnavailableException(description, "AWS secret " + name(id) + " holds a SecretBinary, not the"
          + " SecretString SecretKit writes", false, null, null);
    }
    try {
      return SecretStringCodec.decode(secretString);
    } catch (IllegalArgumentException e) {
      throw new StoreUnavailableException(description, "AWS secret " + name(id) + " cannot be read: "
          + e.getMessage(), false, null, null);
    }
  }

  private MetadataTags.Decoded decode(SecretId id, Map<String, String> tags) {
    try {
      return MetadataTags.decode(tags);
    } catch (IllegalArgumentException e) {
      throw new StoreUnavailableException(description, "AWS secret " + name(id) + ": " + e.getMessage(), false,
          null, null);
    }
  }

  private String checkedSecretString(Map<String, SecretValue> values) {
    limits.check(values, description);
    String secretString = SecretStringCodec.encode(values);
    int bytes = secretString.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_SECRET_STRING_BYTES) {
      throw new IllegalArgumentException("secret too large for store " + description + ": its SecretString is "
          + bytes + " bytes; AWS allows at most " + MAX_SECRET_STRING_BYTES);
    }
    return secretString;
  }

  private String name(SecretId id) {
    return prefix + "/" + id.scope() + "/" + id.name();
  }

  private static String humanDescription(SecretMetadata metadata) {
    String text = metadata.description() == null ? "" : metadata.description();
    if (text.length() <= MAX_DESCRIPTION) {
      return text;
    }
    int end = Character.isHighSurrogate(text.charAt(MAX_DESCRIPTION - 1)) ? MAX_DESCRIPTION - 1 : MAX_DESCRIPTION;
    return text.substring(0, end);
  }

  private static long number(List<String> stages) {
    for (String stage : stages) {
      if (stage.startsWith(VERSION_LABEL)) {
        try {
          return Long.parseLong(stage.substring(VERSION_LABEL.length()));
        } catch (NumberFormatException e) {
          return 0;
        }
      }
    }
    return 0;
  }

  private static Map<String, String> tagMap(List<Tag> tags) {
    Map<String, String> map = new LinkedHashMap<>();
    tags.forEach(tag -> map.put(tag.key(), tag.value()));
    return map;
  }

  private static List<Tag> tags(Map<String, String> tags) {
    return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
  }

  private static Map<String, SecretValue> copy(Map<String, SecretValue> values) {
    Map<String, SecretValue> copy = new LinkedHashMap<>();
    values.forEach((key, value) -> copy.put(key, SecretValue.ofBytes(value.bytes())));
    return copy;
  }

  private String token() {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  private <T> T call(String operation, SecretId id, Supplier<T> request) {
    checkOpen();
    try {
      return request.get();
    } catch (ResourceNotFoundException e) {
      throw ConflictException.changed(id, description, e);
    } catch (SdkException e) {
      throw AwsErrors.translate(e, operation, id.toString(), description);
    }
  }

  private static void quietly(Runnable cleanup) {
    try {
      cleanup.run();
    } catch (SdkException | dev.secretkit.SecretException e) {
      // Best effort: an unlabelled AWS version is garbage-collected by AWS.
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("store " + description + " is closed");
    }
  }
}
