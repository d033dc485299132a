package dev.secretkit.emulator.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The secrets of one account in one region, and the operations on them. Every operation takes
 * the request body and returns the response body; errors are thrown as {@link ServiceError}.
 * Operations are serialized on this object, which makes each one atomic as AWS's are.
 */
final class RegionState {
  static final String CURRENT = "AWSCURRENT";
  static final String PREVIOUS = "AWSPREVIOUS";

  private static final int MAX_VALUE_BYTES = 65_536;
  private static final int MAX_NAME_LENGTH = 512;
  private static final int MIN_TOKEN_LENGTH = 32;
  private static final int MAX_TOKEN_LENGTH = 64;
  private static final int MAX_TAGS = 50;
  /** AWS's quota of staging labels attached across all versions of one secret. */
  private static final int MAX_LABELS = 20;
  private static final int MAX_TAG_KEY_LENGTH = 128;
  private static final int MAX_TAG_VALUE_LENGTH = 256;
  private static final int MAX_LIST_RESULTS = 100;
  private static final int MAX_BATCH_RESULTS = 20;
  private static final int MAX_FILTER_VALUES = 10;
  private static final int DEFAULT_RECOVERY_DAYS = 30;
  private static final String ARN_SUFFIX_ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  private static final List<String> FILTER_KEYS = List.of(
      "description", "name", "tag-key", "tag-value", "primary-region", "owning-service", "all");
  private static final List<String> SORT_KEYS =
      List.of("created-date", "last-accessed-date", "last-changed-date", "name");
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final String region;
  private final String accountId;
  private final Clock clock;
  private final Faults faults;
  private final Map<String, Secret> secrets = new LinkedHashMap<>();
  private long nextOrdinal;

  RegionState(String region, String accountId, Clock clock, Faults faults) {
    this.region = region;
    this.accountId = accountId;
    this.clock = clock;
    this.faults = faults;
  }

  synchronized ObjectNode handle(String operation, JsonNode request) {
    purgeExpiredDeletions();
    switch (operation) {
      case "CreateSecret": return createSecret(request);
      case "GetSecretValue": return getSecretValue(request);
      case "PutSecretValue": return putSecretValue(request);
      case "UpdateSecret": return updateSecret(request);
      case "UpdateSecretVersionStage": return updateSecretVersionStage(request);
      case "DescribeSecret": return describeSecret(request);
      case "ListSecrets": return listSecrets(request);
      case "ListSecretVersionIds": return listSecretVersionIds(request);
      case "BatchGetSecretValue": return batchGetSecretValue(request);
      case "DeleteSecret": return deleteSecret(request);
      case "RestoreSecret": return restoreSecret(request);
      case "TagResource": return tagResource(request);
      case "UntagResource": return untagResource(request);
      default: throw ServiceError.client("UnknownOperationException", "");
    }
  }

  // ---- operations -------------------------------------------------------------------------

  private ObjectNode createSecret(JsonNode request) {
    String name = requiredText(request, "Name");
    if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
      throw ServiceError.validation("Value at 'name' failed to satisfy constraint: Member must have"
          + " length between 1 and " + MAX_NAME_LENGTH);
    }
    String token = token(request);
    SecretValue value = value(request);
    Map<String, String> tags = tags(request);
    Secret existing = secrets.get(name);
    if (existing != null) {
      if (existing.pendingDeletion()) {
        throw ServiceError.invalidRequest("You can't create this secret because a secret with this"
            + " name is already scheduled for deletion.");
      }
      Version retried = token == null ? null : existing.versions.get(token);
      if (retried != null && retried.holds(value)) {
        return identity(existing).put("VersionId", retried.id);
      }
      throw ServiceError.client(ServiceError.RESOURCE_EXISTS,
          "The operation failed because the secret " + name + " already exists.");
    }
    checkTagCount(tags.size());
    Instant now = clock.instant();
    Secret secret = new Secret(name, newArn(name), now, nextOrdinal++);
    secret.description = text(request, "Description");
    secret.kmsKeyId = text(request, "KmsKeyId");
    secret.tags.putAll(tags);
    secrets.put(name, secret);
    ObjectNode response = identity(secret);
    if (value.present()) {
      response.put("VersionId", addVersion(secret, token, value, null).id);
    }
    return response;
  }

  private ObjectNode getSecretValue(JsonNode request) {
    Secret secret = liveSecret(request);
    if (faults.isUndecryptable(secret.name)) {
      throw decryptionFailure();
    }
    Version version = version(secret, text(request, "VersionId"), text(request, "VersionStage"));
    return read(secret, version);
  }

  private ObjectNode putSecretValue(JsonNode request) {
    Secret secret = liveSecret(request);
    SecretValue value = value(request);
    if (!value.present()) {
      throw ServiceError.invalidParameter("You must provide either SecretString or SecretBinary.");
    }
    Version version = addVersion(secret, token(request), value, textList(request, "VersionStages"));
    ObjectNode response = identity(secret).put("VersionId", version.id);
    response.set("VersionStages", strings(version.stages));
    return response;
  }

  private ObjectNode updateSecret(JsonNode request) {
    Secret secret = liveSecret(request);
    SecretValue value = value(request);
    String token = token(request);
    String description = text(request, "Description");
    String kmsKeyId = text(request, "KmsKeyId");
    if (description != null || kmsKeyId != null) {
      secret.description = description == null ? secret.description : description;
      secret.kmsKeyId = kmsKeyId == null ? secret.kmsKeyId : kmsKeyId;
      secret.lastChanged = clock.instant();
    }
    ObjectNode response = identity(secret);
    if (value.present()) {
      response.put("VersionId", addVersion(secret, token, value, null).id);
    }
    return response;
  }

  private ObjectNode updateSecretVersionStage(JsonNode request) {
    Secret secret = liveSecret(request);
    String stage = requiredText(request, "VersionStage");
    String moveTo = text(request, "MoveToVersionId");
    String removeFrom = text(request, "RemoveFromVersionId");
    if (moveTo == null && removeFrom == null) {
      throw ServiceError.invalidParameter(
          "You must specify MoveToVersionId, RemoveFromVersionId, or both.");
    }
    Version from = null;
    if (removeFrom != null) {
      from = secret.versions.get(removeFrom);
      if (from == null || !from.stages.contains(stage)) {
        throw ServiceError.invalidParameter("The staging label " + stage
            + " is not attached to the version " + removeFrom + ", so you can't remove it.");
      }
    }
    if (moveTo == null) {
      if (stage.equals(CURRENT)) {
        throw ServiceError.invalidParameter("You can't remove the staging label AWSCURRENT from a"
            + " version without moving it to another version with MoveToVersionId.");
      }
      from.stages.remove(stage);
      return identity(secret);
    }
    Version to = secret.versions.get(moveTo);
    if (to == null) {
      throw ServiceError.client(ServiceError.RESOURCE_NOT_FOUND,
          "Secrets Manager can't find the specified secret version: " + moveTo);
    }
    Version holder = secret.withStage(stage);
    if (holder != null && holder != to && from == null) {
      throw ServiceError.invalidParameter("The parameter RemoveFromVersionId can't be empty. Staging"
          + " label " + stage + " is currently attached to version " + holder.id
          + ", so you must explicitly reference that version in RemoveFromVersionId.");
    }
    attach(secret, stage, to);
    return identity(secret);
  }

  private ObjectNode describeSecret(JsonNode request) {
    return metadata(secret(request), "VersionIdsToStages");
  }

  private ObjectNode listSecrets(JsonNode request) {
    int maxResults = maxResults(request, MAX_LIST_RESULTS);
    List<Filter> filters = filters(request);
    boolean includePlanned = request.path("IncludePlannedDeletion").asBoolean(false);
    List<Secret> matched = secrets.values().stream()
        .filter(secret -> includePlanned || !secret.pendingDeletion())
        .filter(secret -> filters.stream().allMatch(filter -> filter.test(secret)))
        .sorted(order(request))
        .toList();
    Page<Secret> page = Page.of(matched, maxResults, request);
    ObjectNode response = JSON.objectNode();
    ArrayNode list = response.putArray("SecretList");
    page.items().forEach(secret -> list.add(metadata(secret, "SecretVersionsToStages")));
    page.nextToken().ifPresent(token -> response.put("NextToken", token));
    return response;
  }

  private ObjectNode listSecretVersionIds(JsonNode request) {
    Secret secret = secret(request);
    int maxResults = maxResults(request, MAX_LIST_RESULTS);
    boolean includeDeprecated = request.path("IncludeDeprecated").asBoolean(false);
    List<Version> versions = secret.versions.values().stream()
        .filter(version -> includeDeprecated || !version.stages.isEmpty())
        .toList();
    Page<Version> page = Page.of(versions, maxResults, request);
    ObjectNode response = identity(secret);
    ArrayNode list = response.putArray("Versions");
    for (Version version : page.items()) {
      ObjectNode entry = list.addObject().put("VersionId", version.id);
      entry.set("VersionStages", strings(version.stages));
      entry.put("CreatedDate", epochSeconds(version.created));
      if (version.lastAccessed != null) {
        entry.put("LastAccessedDate", epochSeconds(version.lastAccessed));
      }
    }
    page.nextToken().ifPresent(token -> response.put("NextToken", token));
    return response;
  }

  private ObjectNode batchGetSecretValue(JsonNode request) {
    List<String> ids = textList(request, "SecretIdList");
    boolean byFilter = request.hasNonNull("Filters");
    if ((ids == null) == !byFilter) {
      throw ServiceError.invalidParameter(
          "You must include either SecretIdList or Filters, but not both.");
    }
    ObjectNode response = JSON.objectNode();
    ArrayNode values = response.putArray("SecretValues");
    ArrayNode errors = response.putArray("Errors");
    if (ids != null) {
      if (ids.size() > MAX_BATCH_RESULTS) {
        throw ServiceError.validation("Value at 'secretIdList' failed to satisfy constraint:"
            + " Member must have length less than or equal to " + MAX_BATCH_RESULTS);
      }
      if (request.hasNonNull("MaxResults")) {
        throw ServiceError.invalidParameter("You can use MaxResults only with Filters.");
      }
      for (String id : ids) {
        batchRead(id, find(id), values, errors);
      }
      return response;
    }
    int maxResults = maxResults(request, MAX_BATCH_RESULTS);
    List<Filter> filters = filters(request);
    List<Secret> matched = secrets.values().stream()
        .filter(secret -> !secret.pendingDeletion())
        .filter(secret -> filters.stream().allMatch(filter -> filter.test(secret)))
        .toList();
    Page<Secret> page = Page.of(matched, maxResults, request);
    page.items().forEach(secret -> batchRead(secret.name, secret, values, errors));
    page.nextToken().ifPresent(token -> response.put("NextToken", token));
    return response;
  }

  private ObjectNode deleteSecret(JsonNode request) {
    String id = requiredText(request, "SecretId");
    boolean force = request.path("ForceDeleteWithoutRecovery").asBoolean(false);
    JsonNode window = request.path("RecoveryWindowInDays");
    if (force && !window.isMissingNode() && !window.isNull()) {
      throw ServiceError.invalidParameter("You can't use ForceDeleteWithoutRecovery in conjunction"
          + " with RecoveryWindowInDays.");
    }
    long days = window.asLong(DEFAULT_RECOVERY_DAYS);
    if (days < 7 || days > 30) {
      throw ServiceError.invalidParameter(
          "The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).");
    }
    Instant now = clock.instant();
    Secret secret = find(id);
    if (force) {
      ObjectNode response;
      if (secret == null) {
        String name = id.startsWith("arn:") ? id.substring(id.indexOf(":secret:") + 8) : id;
        response = JSON.objectNode().put("ARN", arnPrefix() + name).put("Name", name);
      } else {
        secrets.remove(secret.name);
        response = identity(secret);
      }
      return response.put("DeletionDate", epochSeconds(now));
    }
    if (secret == null) {
      throw ServiceError.notFound();
    }
    if (secret.pendingDeletion()) {
      throw ServiceError.invalidRequest(ServiceError.MARKED_FOR_DELETION);
    }
    secret.deletedDate = now;
    secret.deletionDate = now.plus(Duration.ofDays(days));
    return identity(secret).put("DeletionDate", epochSeconds(secret.deletionDate));
  }

  private ObjectNode restoreSecret(JsonNode request) {
    Secret secret = secret(request);
    secret.deletedDate = null;
    secret.deletionDate = null;
    return identity(secret);
  }

  private ObjectNode tagResource(JsonNode request) {
    Secret secret = liveSecret(request);
    if (!request.hasNonNull("Tags")) {
      throw ServiceError.validation("Value null at 'tags' failed to satisfy constraint: Member must"
          + " not be null");
    }
    Map<String, String> tags = tags(request);
    Set<String> keys = new LinkedHashSet<>(secret.tags.keySet());
    keys.addAll(tags.keySet());
    checkTagCount(keys.size());
    secret.tags.putAll(tags);
    return JSON.objectNode();
  }

  private ObjectNode untagResource(JsonNode request) {
    Secret secret = liveSecret(request);
    List<String> keys = textList(request, "TagKeys");
    if (keys == null) {
      throw ServiceError.validation("Value null at 'tagKeys' failed to satisfy constraint: Member"
          + " must not be null");
    }
    keys.forEach(secret.tags::remove);
    return JSON.objectNode();
  }

  // ---- versions and staging labels --------------------------------------------------------

  /**
   * Adds a version with {@code stages}, or AWSCURRENT when they are null, as PutSecretValue does.
   * A retry with a token already used returns that version if the value is the same.
   */
  private Version addVersion(Secret secret, String token, SecretValue value, List<String> stages) {
    String id = token == null ? UUID.randomUUID().toString() : token;
    Version existing = secret.versions.get(id);
    if (existing != null) {
      if (existing.holds(value)) {
        return existing;
      }
      throw ServiceError.client(ServiceError.RESOURCE_EXISTS, "You can't modify an existing"
          + " version, you can only create a new version. ClientRequestToken " + id
          + " is already used by a version of this secret with a different value.");
    }
    Instant now = clock.instant();
    Version version = new Version(id, value, now);
    Set<String> labels = new LinkedHashSet<>(stages == null ? List.of(CURRENT) : stages);
    // The first version of a secret always becomes current, whatever labels were asked for.
    if (secret.withStage(CURRENT) == null) {
      labels.add(CURRENT);
    }
    long added = labels.stream().filter(label -> secret.withStage(label) == null).count();
    checkLabelQuota(secret, added);
    secret.versions.put(id, version);
    labels.forEach(label -> attach(secret, label, version));
    secret.lastChanged = now;
    return version;
  }

  /**
   * Refuses, as AWS does with LimitExceededException, a change that would put more than
   * {@value #MAX_LABELS} staging labels on the versions of one secret.
   */
  private static void checkLabelQuota(Secret secret, long added) {
    long attached = secret.versions.values().stream().mapToLong(v -> v.stages.size()).sum();
    if (attached + added > MAX_LABELS) {
      throw ServiceError.client("LimitExceededException", "A secret can have at most " + MAX_LABELS
          + " staging labels attached across all of its versions.");
    }
  }

  /** Moves {@code label} to {@code target}; moving AWSCURRENT makes the old current AWSPREVIOUS. */
  private static void attach(Secret secret, String label, Version target) {
    Version holder = secret.withStage(label);
    if (holder == target) {
      return;
    }
    if (holder == null) {
      checkLabelQuota(secret, 1);
    } else if (label.equals(CURRENT) && secret.withStage(PREVIOUS) == null) {
      checkLabelQuota(secret, 1);
    }
    if (holder != null) {
      holder.stages.remove(label);
    }
    target.stages.add(label);
    if (label.equals(CURRENT) && holder != null) {
      Version previous = secret.withStage(PREVIOUS);
      if (previous != null) {
        previous.stages.remove(PREVIOUS);
      }
      holder.stages.add(PREVIOUS);
    }
  }

  private static Version version(Secret secret, String versionId, String stage) {
    if (versionId != null) {
      Version version = secret.versions.get(versionId);
      if (version == null) {
        throw ServiceError.client(ServiceError.RESOURCE_NOT_FOUND,
            "Secrets Manager can't find the specified secret value for VersionId: " + versionId);
      }
      if (stage != null && !version.stages.contains(stage)) {
        throw ServiceError.invalidRequest(
            "You provided a VersionStage that is not associated to the provided VersionId.");
      }
      return version;
    }
    String label = stage == null ? CURRENT : stage;
    Version version = secret.withStage(label);
    if (version == null) {
      throw ServiceError.client(ServiceError.RESOURCE_NOT_FOUND,
          "Secrets Manager can't find the specified secret value for staging label: " + label);
    }
    return version;
  }

  private ObjectNode read(Secret secret, Version version) {
    // AWS records access to the day only.
    Instant today = clock.instant().truncatedTo(ChronoUnit.DAYS);
    secret.lastAccessed = today;
    version.lastAccessed = today;
    ObjectNode response = identity(secret).put("VersionId", version.id);
    if (version.string != null) {
      response.put("SecretString", version.string);
    } else {
      response.put("SecretBinary", Base64.getEncoder().encodeToString(version.binary));
    }
    response.set("VersionStages", strings(version.stages));
    return response.put("CreatedDate", epochSeconds(version.created));
  }

  private void batchRead(String id, Secret secret, ArrayNode values, ArrayNode errors) {
    try {
      if (secret == null) {
        throw ServiceError.notFound();
      }
      if (secret.pendingDeletion()) {
        throw ServiceError.invalidRequest(ServiceError.MARKED_FOR_DELETION);
      }
      if (faults.isDenied("GetSecretValue")) {
        throw ServiceError.client(ServiceError.ACCESS_DENIED, "User is not authorized to perform:"
            + " secretsmanager:GetSecretValue on resource: " + id);
      }
      if (faults.isUndecryptable(secret.name)) {
        throw decryptionFailure();
      }
      values.add(read(secret, version(secret, null, null)));
    } catch (ServiceError error) {
      errors.addObject().put("SecretId", id).put("ErrorCode", error.code())
          .put("Message", error.getMessage());
    }
  }

  private static ServiceError decryptionFailure() {
    return ServiceError.client(ServiceError.DECRYPTION_FAILURE, "Secrets Manager can't decrypt the"
        + " protected secret text using the provided KMS key.");
  }

  // ---- lookup -----------------------------------------------------------------------------

  /** Finds a secret by name, full ARN, or ARN without the random suffix. */
  private Secret find(String secretId) {
    if (!secretId.startsWith("arn:")) {
      return secrets.get(secretId);
    }
    return secrets.values().stream()
        .filter(secret -> secret.arn.equals(secretId) || (arnPrefix() + secret.name).equals(secretId))
        .findFirst()
        .orElse(null);
  }

  private Secret secret(JsonNode request) {
    Secret secret = find(requiredText(request, "SecretId"));
    if (secret == null) {
      throw ServiceError.notFound();
    }
    return secret;
  }

  private Secret liveSecret(JsonNode request) {
    Secret secret = secret(request);
    if (secret.pendingDeletion()) {
      throw ServiceError.invalidRequest(ServiceError.MARKED_FOR_DELETION);
    }
    return secret;
  }

  /** Secrets Manager deletes a secret for good once its recovery window has passed. */
  private void purgeExpiredDeletions() {
    Instant now = clock.instant();
    secrets.values().removeIf(secret -> secret.deletionDate != null
        && !now.isBefore(secret.deletionDate));
  }

  private String arnPrefix() {
    return "arn:aws:secretsmanager:" + region + ":" + accountId + ":secret:";
  }

  private String newArn(String name) {
    StringBuilder suffix = new StringBuilder(6);
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int i = 0; i < 6; i++) {
      suffix.append(ARN_SUFFIX_ALPHABET.charAt(random.nextInt(ARN_SUFFIX_ALPHABET.length())));
    }
    return arnPrefix() + name + "-" + suffix;
  }

  // ---- listing ----------------------------------------------------------------------------

  private ObjectNode metadata(Secret secret, String versionsField) {
    ObjectNode node = identity(secret);
    if (secret.description != null) {
      node.put("Description", secret.description);
    }
    if (secret.kmsKeyId != null) {
      node.put("KmsKeyId", secret.kmsKeyId);
    }
    node.put("CreatedDate", epochSeconds(secret.created));
    node.put("LastChangedDate", epochSeconds(secret.lastChanged));
    if (secret.lastAccessed != null) {
      node.put("LastAccessedDate", epochSeconds(secret.lastAccessed));
    }
    if (secret.deletedDate != null) {
      node.put("DeletedDate", epochSeconds(secret.deletedDate));
    }
    if (!secret.tags.isEmpty()) {
      ArrayNode tags = node.putArray("Tags");
      secret.tags.forEach((key, value) -> tags.addObject().put("Key", key).put("Value", value));
    }
    ObjectNode versions = node.putObject(versionsField);
    secret.versions.values().stream()
        .filter(version -> !version.stages.isEmpty())
        .forEach(version -> versions.set(version.id, strings(version.stages)));
    node.put("PrimaryRegion", region);
    return node;
  }

  private static Comparator<Secret> order(JsonNode request) {
    String sortBy = request.path("SortBy").asText("created-date");
    String sortOrder = request.path("SortOrder").asText("asc");
    if (!SORT_KEYS.contains(sortBy)) {
      throw ServiceError.validation("Value '" + sortBy + "' at 'sortBy' failed to satisfy"
          + " constraint: Member must satisfy enum value set: " + SORT_KEYS);
    }
    if (!sortOrder.equals("asc") && !sortOrder.equals("desc")) {
      throw ServiceError.validation("Value '" + sortOrder + "' at 'sortOrder' failed to satisfy"
          + " constraint: Member must satisfy enum value set: [asc, desc]");
    }
    Comparator<Secret> byKey = switch (sortBy) {
      case "name" -> Comparator.comparing((Secret secret) -> secret.name);
      case "last-changed-date" -> Comparator.comparing((Secret secret) -> secret.lastChanged);
      case "last-accessed-date" -> Comparator.comparing((Secret secret) -> secret.lastAccessed,
          Comparator.nullsFirst(Comparator.naturalOrder()));
      default -> Comparator.comparing((Secret secret) -> secret.created);
    };
    // Creation order breaks ties, which a manual clock makes common.
    Comparator<Secret> order = byKey.thenComparingLong(secret -> secret.ordinal);
    return sortOrder.equals("desc") ? order.reversed() : order;
  }

  private List<Filter> filters(JsonNode request) {
    List<Filter> filters = new ArrayList<>();
    for (JsonNode node : request.path("Filters")) {
      String key = node.path("Key").asText("");
      if (!FILTER_KEYS.contains(key)) {
        throw ServiceError.validation("Value '" + key + "' at 'filters.member.key' failed to"
            + " satisfy constraint: Member must satisfy enum value set: " + FILTER_KEYS);
      }
      List<String> values = textList(node, "Values");
      if (values == null || values.isEmpty() || values.size() > MAX_FILTER_VALUES) {
        throw ServiceError.validation("Value at 'filters.member.values' failed to satisfy"
            + " constraint: Member must have length between 1 and " + MAX_FILTER_VALUES);
      }
      filters.add(new Filter(key, values));
    }
    return filters;
  }

  /**
   * One ListSecrets filter: a secret passes when it matches any plain value (or there is none)
   * and no value negated with {@code !}.
   */
  private final class Filter implements Predicate<Secret> {
    private final String key;
    private final List<String> values;

    Filter(String key, List<String> values) {
      this.key = key;
      this.values = values;
    }

    @Override
    public boolean test(Secret secret) {
      List<String> plain = values.stream().filter(v -> !v.startsWith("!")).toList();
      boolean wanted = plain.isEmpty() || plain.stream().anyMatch(v -> matches(secret, v));
      return wanted && values.stream().filter(v -> v.startsWith("!"))
          .noneMatch(v -> matches(secret, v.substring(1)));
    }

    private boolean matches(Secret secret, String value) {
      return switch (key) {
        case "name" -> secret.name.startsWith(value);
        case "description" -> secret.description != null
            && lower(secret.description).startsWith(lower(value));
        case "tag-key" -> secret.tags.keySet().stream().anyMatch(k -> k.startsWith(value));
        case "tag-value" -> secret.tags.values().stream().anyMatch(v -> v.startsWith(value));
        case "primary-region" -> region.startsWith(value);
        case "owning-service" -> false;
        default -> Arrays.stream(value.trim().split("\\s+"))
            .allMatch(word -> words(secret).anyMatch(w -> w.startsWith(lower(word))));
      };
    }

    /** The words of every attribute, lower-cased, for the {@code all} filter. */
    private Stream<String> words(Secret secret) {
      return Stream.of(Stream.of(secret.name, secret.description), secret.tags.keySet().stream(),
              secret.tags.values().stream())
          .flatMap(s -> s)
          .filter(Objects::nonNull)
          .flatMap(attribute -> Stream.concat(Stream.of(lower(attribute)),
              Arrays.stream(lower(attribute).split("[^\\p{Alnum}]+"))));
    }
  }

  // ---- request fields ---------------------------------------------------------------------

  private static String text(JsonNode request, String field) {
    JsonNode node = request.get(field);
    return node == null || node.isNull() ? null : node.asText();
  }

  private static String requiredText(JsonNode request, String field) {
    String text = text(request, field);
    if (text == null) {
      throw ServiceError.validation("Value null at '" + memberName(field) + "' failed to satisfy"
          + " constraint: Member must not be null");
    }
    return text;
  }

  private static List<String> textList(JsonNode request, String field) {
    JsonNode node = request.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    List<String> list = new ArrayList<>();
    node.forEach(item -> list.add(item.asText()));
    return list;
  }

  private static String token(JsonNode request) {
    String token = text(request, "ClientRequestToken");
    if (token != null && (token.length() < MIN_TOKEN_LENGTH || token.length() > MAX_TOKEN_LENGTH)) {
      throw ServiceError.validation("Value at 'clientRequestToken' failed to satisfy constraint:"
          + " Member must have length between " + MIN_TOKEN_LENGTH + " and " + MAX_TOKEN_LENGTH);
    }
    return token;
  }

  private static int maxResults(JsonNode request, int limit) {
    JsonNode node = request.get("MaxResults");
    if (node == null || node.isNull()) {
      return limit;
    }
    int value = node.asInt();
    if (value < 1 || value > limit) {
      throw ServiceError.validation("Value '" + value + "' at 'maxResults' failed to satisfy"
          + " constraint: Member must have value between 1 and " + limit);
    }
    return value;
  }

  private static SecretValue value(JsonNode request) {
    String string = text(request, "SecretString");
    String base64 = text(request, "SecretBinary");
    if (string != null && base64 != null) {
      throw ServiceError.invalidParameter("You can't specify both a binary secret value and a"
          + " string secret value in the same secret.");
    }
    byte[] binary = base64 == null ? null : Base64.getDecoder().decode(base64);
    int size = string != null ? string.getBytes(StandardCharsets.UTF_8).length
        : binary != null ? binary.length : 0;
    if (size > MAX_VALUE_BYTES) {
      throw ServiceError.validation("Value at '" + (string != null ? "secretString" : "secretBinary")
          + "' failed to satisfy constraint: Member must have length less than or equal to "
          + MAX_VALUE_BYTES);
    }
    return new SecretValue(string, binary);
  }

  private static Map<String, String> tags(JsonNode request) {
    Map<String, String> tags = new LinkedHashMap<>();
    for (JsonNode tag : request.path("Tags")) {
      String key = tag.path("Key").asText("");
      String value = tag.path("Value").asText("");
      if (key.isEmpty() || key.length() > MAX_TAG_KEY_LENGTH) {
        throw ServiceError.validation("Value '" + key + "' at 'tags.member.key' failed to satisfy"
            + " constraint: Member must have length between 1 and " + MAX_TAG_KEY_LENGTH);
      }
      if (value.length() > MAX_TAG_VALUE_LENGTH) {
        throw ServiceError.validation("Value at 'tags.member.value' failed to satisfy constraint:"
            + " Member must have length less than or equal to " + MAX_TAG_VALUE_LENGTH);
      }
      tags.put(key, value);
    }
    return tags;
  }

  private static void checkTagCount(int count) {
    if (count > MAX_TAGS) {
      throw ServiceError.client("LimitExceededException", "A secret can have at most " + MAX_TAGS
          + " tags; this request would give it " + count + ".");
    }
  }

  private static String memberName(String field) {
    return Character.toLowerCase(field.charAt(0)) + field.substring(1);
  }

  // ---- response fields --------------------------------------------------------------------

  private static ObjectNode identity(Secret secret) {
    return JSON.objectNode().put("ARN", secret.arn).put("Name", secret.name);
  }

  private static ArrayNode strings(Iterable<String> values) {
    ArrayNode array = JSON.arrayNode();
    values.forEach(array::add);
    return array;
  }

  /** AWS JSON 1.1 timestamps are epoch seconds, here with millisecond fractions. */
  private static BigDecimal epochSeconds(Instant instant) {
    return BigDecimal.valueOf(instant.toEpochMilli(), 3);
  }

  private static String lower(String text) {
    return text.toLowerCase(Locale.ROOT);
  }

  // ---- model ------------------------------------------------------------------------------

  private record SecretValue(String string, byte[] binary) {
    boolean present() {
      return string != null || binary != null;
    }
  }

  private static final class Secret {
    final String name;
    final String arn;
    final Instant created;
    final long ordinal;
    final Map<String, Version> versions = new LinkedHashMap<>();
    final Map<String, String> tags = new LinkedHashMap<>();
    String description;
    String kmsKeyId;
    Instant lastChanged;
    Instant lastAccessed;
    Instant deletedDate;
    Instant deletionDate;

    Secret(String name, String arn, Instant created, long ordinal) {
      this.name = name;
      this.arn = arn;
      this.created = created;
      this.ordinal = ordinal;
      this.lastChanged = created;
    }

    boolean pendingDeletion() {
      return deletedDate != null;
    }

    Version withStage(String stage) {
      return versions.values().stream()
          .filter(version -> version.stages.contains(stage))
          .findFirst()
          .orElse(null);
    }
  }

  private static final class Version {
    final String id;
    final String string;
    final byte[] binary;
    final Instant created;
    final Set<String> stages = new LinkedHashSet<>();
    Instant lastAccessed;

    Version(String id, SecretValue value, Instant created) {
      this.id = id;
      this.string = value.string();
      this.binary = value.binary();
      this.created = created;
    }

    boolean holds(SecretValue value) {
      return Objects.equals(string, value.string()) && Arrays.equals(binary, value.binary());
    }
  }
}
