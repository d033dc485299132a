package dev.secretkit.client;

import dev.secretkit.AccessDeniedException;
import dev.secretkit.ApplyResult;
import dev.secretkit.ConflictException;
import dev.secretkit.InvalidReferenceException;
import dev.secretkit.Plan;
import dev.secretkit.Secret;
import dev.secretkit.SecretDataException;
import dev.secretkit.SecretFilter;
import dev.secretkit.SecretId;
import dev.secretkit.SecretMetadata;
import dev.secretkit.SecretNotFoundException;
import dev.secretkit.SecretNotFoundException.Missing;
import dev.secretkit.SecretRef;
import dev.secretkit.SecretSummary;
import dev.secretkit.SecretValue;
import dev.secretkit.SecretVersion;
import dev.secretkit.access.Grant;
import dev.secretkit.access.Operation;
import dev.secretkit.access.Permission;
import dev.secretkit.access.Principal;
import dev.secretkit.access.Role;
import dev.secretkit.manifest.InvalidManifestException;
import dev.secretkit.manifest.ManifestDocument;
import dev.secretkit.manifest.ManifestReader;
import dev.secretkit.manifest.SecretManifest;
import dev.secretkit.manifest.Severity;
import dev.secretkit.manifest.Validation;
import dev.secretkit.manifest.Violation;
import dev.secretkit.spi.Page;
import dev.secretkit.spi.SecretHead;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoreLimits;
import dev.secretkit.spi.StoredSecret;
import dev.secretkit.spi.support.Suggestions;
import dev.secretkit.validation.Validator;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/** The {@link SecretClient} every builder returns: access checks, apply logic and optimistic writes over one store. */
final class DefaultSecretClient implements SecretClient {
  private static final Pattern DEPENDENT =
      Pattern.compile("[a-z][a-z0-9-]*:[a-z0-9][a-z0-9.-]*:[a-z0-9]([-_.a-z0-9]*[a-z0-9])?(:[a-z]([-a-z0-9]*[a-z0-9])?)?");
  private static final int LIST_PAGE_SIZE = 100;
  private static final int METADATA_ATTEMPTS = 20;
  private static final int SIMILAR_NAMES = 3;

  private final SecretStore store;
  private final boolean ownsStore;
  private final String defaultScope;
  private final Principal principal;
  private final Clock clock;
  private final Map<String, String> environment;
  private final boolean interpolation;
  private final AccessPolicy policy = new AccessPolicy();
  private final SecretCache cache;
  private final CoarseTicker cacheTicker;
  private final ReaderPool readers = new ReaderPool();
  private volatile boolean closed;
  private SecretCache watcherCache;
  private SecretWatcher watcher;
  private final CachePolicy cachePolicy;
  private final ResolveObserver observer;
  /** The cache's ticker, else the one the builder was given, else null. */
  private final Ticker time;

  /**
   * Creates a client over {@code store}, closing it on {@link #close()} only if {@code ownsStore};
   * with a {@code cachePolicy}, resolves through a cache on {@code ticker}, or on a {@link CoarseTicker}
   * of its own when {@code ticker} is null.
   */
  DefaultSecretClient(SecretStore store, boolean ownsStore, String defaultScope, Principal principal,
      Clock clock, Map<String, String> environment, boolean interpolation, CachePolicy cachePolicy, Ticker ticker,
      ResolveObserver observer) {
    this.store = Objects.requireNonNull(store, "store");
    this.ownsStore = ownsStore;
    this.defaultScope = SecretId.checkScope(defaultScope);
    this.principal = Objects.requireNonNull(principal, "principal");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.environment = Map.copyOf(environment);
    this.interpolation = interpolation;
    this.cachePolicy = cachePolicy;
    this.observer = GuardedObserver.of(Objects.requireNonNull(observer, "observer"));
    if (cachePolicy == null) {
      cache = null;
      cacheTicker = null;
      time = ticker;
    } else {
      cacheTicker = ticker == null ? CoarseTicker.acquire() : null;
      time = cacheTicker != null ? cacheTicker : ticker;
      cache = new SecretCache(store, cachePolicy, time, this.defaultScope, this::mayUse, this::read, this::missing,
          () -> ThreadLocalRandom.current().nextDouble(), this.observer, readers::execute);
    }
  }

  @Override
  public String store() {
    return store.description();
  }

  @Override
  public String defaultScope() {
    return defaultScope;
  }

  @Override
  public Principal principal() {
    return principal;
  }

  @Override
  public Optional<String> storeAbsence() {
    return store.absence();
  }

  @Override
  public ApplyResult apply(SecretManifest manifest) {
    Objects.requireNonNull(manifest, "manifest");
    SecretId id = idOf(manifest);
    try {
      return apply(manifest, id);
    } finally {
      forget(id);
    }
  }

  private ApplyResult apply(SecretManifest manifest, SecretId id) {
    Map<String, SecretValue> values = manifest.secret().values();
    Instant now = clock.instant();
    Optional<StoredSecret> found = store.read(id);
    try {
      refuseOverLimits(List.of(manifest), Map.of(id, found.map(StoredSecret::metadata)));
    } catch (InvalidManifestException e) {
      found.ifPresent(DefaultSecretClient::wipe);
      throw e;
    }
    if (found.isEmpty()) {
      try {
        return create(manifest, id, values, now);
      } catch (ConflictException e) {
        // Another writer created it since the read: apply on top of theirs, once.
        found = store.read(id);
        if (e.reason() != ConflictException.Reason.EXISTS || found.isEmpty()) {
          throw e;
        }
      }
    }
    StoredSecret current = found.get();
    try {
      return update(manifest, id, values, current, now);
    } finally {
      wipe(current);
    }
  }

  private ApplyResult update(SecretManifest manifest, SecretId id, Map<String, SecretValue> values,
      StoredSecret current, Instant now) {
    SecretMetadata old = current.metadata();
    check(principal, Operation.UPDATE, id, old.owner(), old.grants(), store.description());
    SecretMetadata desired = updatedMetadata(manifest, old, now);
    if (!desired.owner().equals(old.owner())) {
      check(principal, Operation.MANAGE_ACCESS, id, old.owner(), old.grants(), store.description());
    }
    switch (updateAction(old, desired, current.values(), values)) {
      case UPDATE -> {
        StoredSecret written = store.update(id, current.revision(), desired, values);
        return new ApplyResult(id, ApplyResult.Outcome.UPDATED, written.version().number());
      }
      case UPDATE_METADATA -> {
        SecretHead written = store.updateMetadata(id, current.revision(), desired);
        return new ApplyResult(id, ApplyResult.Outcome.UPDATED, written.latest().number());
      }
      default -> {
        return new ApplyResult(id, ApplyResult.Outcome.UNCHANGED, current.version().number());
      }
    }
  }

  /**
   * Checks every manifest against the store with one bulk read of the secrets they name, so that
   * the metadata an apply would write (with the grants and dependents already stored) is judged.
   */
  @Override
  public void check(List<SecretManifest> manifests) {
    List<SecretId> ids = new ArrayList<>();
    for (SecretManifest manifest : manifests) {
      try {
        ids.add(idOf(Objects.requireNonNull(manifest, "manifest")));
      } catch (InvalidManifestException e) {
        // Reported with the other findings below.
      }
    }
    Map<SecretId, StoredSecret> found = store.readAll(ids);
    Map<SecretId, Optional<SecretMetadata>> existing = new HashMap<>();
    for (SecretId id : ids) {
      StoredSecret secret = found.get(id);
      if (secret != null) {
        wipe(secret);
      }
      existing.put(id, Optional.ofNullable(secret).map(StoredSecret::metadata));
    }
    refuseOverLimits(manifests, existing);
  }

  /**
   * Throws {@link InvalidManifestException} for every manifest that is invalid or that the store
   * would refuse, given the metadata of each secret that exists ({@code existing}, by id).
   */
  private void refuseOverLimits(List<SecretManifest> manifests, Map<SecretId, Optional<SecretMetadata>> stored) {
    // A secret named twice in one batch is judged the second time on what the first writes.
    Map<SecretId, Optional<SecretMetadata>> existing = new HashMap<>(stored);
    List<Validation> failed = new ArrayList<>();
    for (SecretManifest manifest : manifests) {
      Objects.requireNonNull(manifest, "manifest");
      List<Violation> violations = new ArrayList<>();
      SecretId id = null;
      try {
        id = idOf(manifest);
      } catch (InvalidManifestException e) {
        e.validations().forEach(v -> violations.addAll(v.violations()));
      }
      if (id != null) {
        SecretMetadata metadata = metadataAfter(manifest, existing.getOrDefault(id, Optional.empty()));
        violations.addAll(limitViolations(manifest, metadata, manifest.secret().values()));
        existing.put(id, Optional.of(metadata));
      }
      if (!violations.isEmpty()) {
        failed.add(new Validation(id != null ? "secret " + id : "manifest " + manifest.name(), 0, violations,
            manifest));
      }
    }
    if (!failed.isEmpty()) {
      throw new InvalidManifestException(failed);
    }
  }

  @Override
  public Plan planApply(List<SecretManifest> manifests) {
    List<SecretId> ids = new ArrayList<>();
    for (SecretManifest manifest : manifests) {
      try {
        ids.add(idOf(Objects.requireNonNull(manifest, "manifest")));
      } catch (InvalidManifestException e) {
        // The step says so.
      }
    }
    Map<SecretId, SecretDataException> unreadable = new HashMap<>();
    Map<SecretId, StoredSecret> found = readAllReadable(ids, unreadable);
    try {
      Map<SecretId, Planned> state = new HashMap<>();
      found.forEach((id, secret) -> state.put(id, new Planned(secret.metadata(), secret.values(),
          secret.version().number())));
      List<Plan.Step> steps = new ArrayList<>();
      for (SecretManifest manifest : manifests) {
        steps.add(planStep(manifest, state, unreadable));
      }
      return Plan.of(steps);
    } finally {
      found.values().forEach(DefaultSecretClient::wipe);
    }
  }

  /**
   * Reads {@code ids} in bulk; when a record cannot be read, reads one by one and puts each
   * unreadable one in {@code unreadable}.
   */
  private Map<SecretId, StoredSecret> readAllReadable(List<SecretId> ids,
      Map<SecretId, SecretDataException> unreadable) {
    try {
      return store.readAll(ids);
    } catch (SecretDataException e) {
      Map<SecretId, StoredSecret> found = new HashMap<>();
      for (SecretId id : ids) {
        try {
          store.read(id).ifPresent(secret -> found.put(id, secret));
        } catch (SecretDataException bad) {
          unreadable.put(id, bad);
        }
      }
      return found;
    }
  }

  /** A secret as a plan sees it after the steps before: its metadata, values and latest version. */
  private record Planned(SecretMetadata metadata, Map<String, SecretValue> values, long version) {
  }

  private Plan.Step planStep(SecretManifest manifest, Map<SecretId, Planned> state,
      Map<SecretId, SecretDataException> unreadable) {
    SecretId id;
    try {
      id = idOf(manifest);
    } catch (InvalidManifestException e) {
      return Plan.Step.failed(null, Plan.Action.CREATE, e, List.of());
    }
    Map<String, SecretValue> values = manifest.secret().values();
    Instant now = clock.instant();
    Planned current = state.get(id);
    if (unreadable.containsKey(id)) {
      return Plan.Step.failed(id, Plan.Action.UPDATE, unreadable.get(id), List.of());
    }
    if (current == null) {
      String owner = ownerAfter(manifest, principal.id());
      List<String> warnings = ownerWarnings(manifest, owner, null);
      if (!policy.allows(principal, Operation.CREATE, null, List.of())) {
        return Plan.Step.failed(id, Plan.Action.CREATE, denied(Operation.CREATE, id, null), warnings);
      }
      if (!owner.equals(principal.id()) && !policy.allows(principal, Operation.MANAGE_ACCESS, owner, List.of())) {
        return Plan.Step.failed(id, Plan.Action.CREATE, denied(Operation.MANAGE_ACCESS, id, null), warnings);
      }
      SecretMetadata metadata = createdMetadata(manifest, now);
      Optional<InvalidManifestException> refused = refusal(id, manifest, metadata, values);
      if (refused.isPresent()) {
        return Plan.Step.failed(id, Plan.Action.CREATE, refused.get(), warnings);
      }
      state.put(id, new Planned(metadata, values, 1));
      return Plan.Step.of(id, Plan.Action.CREATE, 1, warnings);
    }
    SecretMetadata old = current.metadata();
    String owner = ownerAfter(manifest, old.owner());
    List<String> warnings = ownerWarnings(manifest, owner, old.owner());
    if (!policy.allows(principal, Operation.UPDATE, old.owner(), old.grants())) {
      return Plan.Step.failed(id, Plan.Action.UPDATE, denied(Operation.UPDATE, id, old.owner()), warnings);
    }
    if (!owner.equals(old.owner()) && !policy.allows(principal, Operation.MANAGE_ACCESS, old.owner(), old.grants())) {
      return Plan.Step.failed(id, Plan.Action.UPDATE, denied(Operation.MANAGE_ACCESS, id, old.owner()), warnings);
    }
    SecretMetadata desired = updatedMetadata(manifest, old, now);
    Optional<InvalidManifestException> refused = refusal(id, manifest, desired, values);
    if (refused.isPresent()) {
      return Plan.Step.failed(id, Plan.Action.UPDATE, refused.get(), warnings);
    }
    Plan.Action action = updateAction(old, desired, current.values(), values);
    long version = action == Plan.Action.UPDATE ? current.version() + 1 : current.version();
    state.put(id, new Planned(action == Plan.Action.UNCHANGED ? old : desired, values, version));
    return Plan.Step.of(id, action, version, warnings);
  }

  private Optional<InvalidManifestException> refusal(SecretId id, SecretManifest manifest, SecretMetadata metadata,
      Map<String, SecretValue> values) {
    List<Violation> violations = limitViolations(manifest, metadata, values);
    return violations.isEmpty() ? Optional.empty() : Optional.of(new InvalidManifestException(List.of(
        new Validation("secret " + id, 0, violations, manifest))));
  }

  private AccessDeniedException denied(Operation operation, SecretId id, String owner) {
    return new AccessDeniedException(principal, operation, id, owner, store.description());
  }

  @Override
  public Plan planDelete(List<SecretId> ids, boolean force) {
    List<Plan.Step> steps = new ArrayList<>();
    for (SecretId id : ids) {
      Objects.requireNonNull(id, "id");
      SecretHead current;
      try {
        Optional<SecretHead> found = store.head(id);
        if (found.isEmpty()) {
          steps.add(Plan.Step.failed(id, Plan.Action.DELETE, notFound(id), List.of()));
          continue;
        }
        current = found.get();
      } catch (SecretDataException e) {
        steps.add(!force ? Plan.Step.failed(id, Plan.Action.DELETE, e, List.of())
            : policy.allows(principal, Operation.DELETE, null, List.of())
            ? Plan.Step.of(id, Plan.Action.DELETE, 0, List.of())
            : Plan.Step.failed(id, Plan.Action.DELETE, denied(Operation.DELETE, id, null), List.of()));
        continue;
      }
      SecretMetadata metadata = current.metadata();
      if (!policy.allows(principal, Operation.DELETE, metadata.owner(), metadata.grants())) {
        steps.add(Plan.Step.failed(id, Plan.Action.DELETE, denied(Operation.DELETE, id, metadata.owner()), List.of()));
      } else if (!force && !metadata.dependents().isEmpty()) {
        steps.add(Plan.Step.failed(id, Plan.Action.DELETE, ConflictException.inUse(id, metadata.dependents()),
            List.of()));
      } else {
        steps.add(Plan.Step.of(id, Plan.Action.DELETE, current.latest().number(), List.of()));
      }
    }
    return Plan.of(steps);
  }

  @Override
  public List<ApplyResult> apply(Path file) {
    ManifestReader reader = ManifestReader.builder().environment(environment).interpolation(interpolation).build();
    Validator validator = Validator.standard();
    List<Validation> validations = new ArrayList<>();
    for (ManifestDocument document : reader.read(file)) {
      validations.add(validator.validate(document));
    }
    List<Validation> failed = validations.stream().filter(Validation::hasErrors).toList();
    if (!failed.isEmpty()) {
      throw new InvalidManifestException(failed);
    }
    List<SecretManifest> manifests = validations.stream().map(Validation::orThrow).toList();
    Plan plan = planApply(manifests);
    if (!plan.ready()) {
      List<Validation> refused = new ArrayList<>();
      plan.problems().stream().filter(InvalidManifestException.class::isInstance)
          .forEach(problem -> refused.addAll(((InvalidManifestException) problem).validations()));
      throw refused.isEmpty() ? plan.problems().get(0) : new InvalidManifestException(refused);
    }
    List<ApplyResult> results = new ArrayList<>();
    for (SecretManifest manifest : manifests) {
      results.add(apply(manifest));
    }
    return results;
  }

  @Override
  public Secret get(SecretId id) {
    StoredSecret stored = readLatest(id);
    checkUse(stored);
    return stored.toSecret();
  }

  @Override
  public Secret get(SecretId id, long version) {
    StoredSecret stored = readVersion(id, version);
    checkUse(stored);
    return stored.toSecret();
  }

  @Override
  public SecretSummary describe(SecretId id) {
    return store.head(Objects.requireNonNull(id, "id")).map(SecretHead::summary).orElseThrow(() -> notFound(id));
  }

  @Override
  public List<SecretSummary> list(String scope, SecretFilter filter, Consumer<SecretDataException> unreadable) {
    SecretId.checkScope(scope);
    Objects.requireNonNull(filter, "filter");
    Objects.requireNonNull(unreadable, "unreadable");
    List<SecretSummary> found = new ArrayList<>();
    String token = null;
    do {
      Page<SecretSummary> page = store.list(scope, token, LIST_PAGE_SIZE);
      page.items().stream().filter(filter::matches).forEach(found::add);
      page.unreadable().forEach(unreadable);
      token = page.nextPageToken();
    } while (token != null);
    return found;
  }

  @Override
  public List<SecretSummary> listAll(SecretFilter filter, Consumer<SecretDataException> unreadable) {
    Objects.requireNonNull(filter, "filter");
    List<SecretSummary> found = new ArrayList<>();
    for (String scope : new TreeSet<>(ids().stream().map(SecretId::scope).toList())) {
      found.addAll(list(scope, filter, unreadable));
    }
    return found;
  }

  @Override
  public List<SecretId> ids() {
    Set<SecretId> ids = new TreeSet<>();
    String token = null;
    do {
      Page<SecretId> page = store.listIds(token, LIST_PAGE_SIZE);
      ids.addAll(page.items());
      token = page.nextPageToken();
    } while (token != null);
    return List.copyOf(ids);
  }

  @Override
  public List<SecretId> similar(SecretId id) {
    Objects.requireNonNull(id, "id");
    List<SecretId> all = ids();
    if (all.contains(id)) {
      return List.of();
    }
    List<SecretId> found = new ArrayList<>(all.stream().filter(other -> other.name().equals(id.name())).toList());
    List<String> names = all.stream().filter(other -> other.scope().equals(id.scope())).map(SecretId::name).toList();
    Suggestions.close(id.name(), names, SIMILAR_NAMES).forEach(name -> found.add(SecretId.of(id.scope(), name)));
    return found;
  }

  @Override
  public List<SecretVersion> versions(SecretId id) {
    List<SecretVersion> versions = store.versions(Objects.requireNonNull(id, "id"));
    if (versions.isEmpty()) {
      throw notFound(id);
    }
    return versions;
  }

  @Override
  public void delete(SecretId id, boolean force) {
    Objects.requireNonNull(id, "id");
    try {
      deleteNow(id, force);
    } finally {
      forget(id);
    }
  }

  private void deleteNow(SecretId id, boolean force) {
    SecretHead current;
    try {
      current = store.head(id).orElseThrow(() -> notFound(id));
    } catch (SecretDataException e) {
      if (!force) {
        throw e;
      }
      // An unreadable record names no owner to check: only an administrator may remove it.
      check(principal, Operation.DELETE, id, null, List.of(), store.description());
      store.delete(id, null);
      return;
    }
    SecretMetadata metadata = current.metadata();
    check(principal, Operation.DELETE, id, metadata.owner(), metadata.grants(), store.description());
    if (!force && !metadata.dependents().isEmpty()) {
      throw ConflictException.inUse(id, metadata.dependents());
    }
    store.delete(id, current.revision());
  }

  @Override
  public SecretValue resolve(SecretRef ref) {
    if (cache != null) {
      SecretValue hit = cache.hit(Objects.requireNonNull(ref, "ref"));
      if (hit != null) {
        return hit;
      }
    }
    return lookup(ref).value();
  }

  @Override
  public SecretValue resolve(String ref) {
    if (cache == null) {
      return resolve(SecretRef.parse(ref));
    }
    SecretValue hit = cache.hit(Objects.requireNonNull(ref, "ref"));
    if (hit != null) {
      return hit;
    }
    SecretRef parsed = SecretRef.parse(ref);
    SecretValue value = lookup(parsed).value();
    cache.alias(ref, parsed);
    return value;
  }

  @Override
  public Resolution lookup(SecretRef ref) {
    Objects.requireNonNull(ref, "ref");
    // The reference is not repeated: a value passed by mistake can parse as a bare name.
    String key = ref.key().orElseThrow(() -> new InvalidReferenceException(
        "the reference names no key; write it as [scope:]name#key[@version]"));
    if (cache != null) {
      return resolutionFrom(cache, ref, key);
    }
    SecretId id = ref.id(defaultScope);
    StoredSecret stored = ref.version().isPresent() ? readVersion(id, ref.version().getAsLong()) : readLatest(id);
    try {
      checkUse(stored);
      SecretValue value = stored.values().get(key);
      if (value == null) {
        throw missingKey(ref, key, stored.version().number(), stored.values().keySet());
      }
      return new Resolution(SecretValue.ofBytes(value.bytes()), stored.version().number(), false, Optional.empty());
    } finally {
      wipe(stored);
    }
  }

  @Override
  public Map<SecretRef, SecretValue> resolveAll(Collection<SecretRef> refs) {
    checkOpen();
    List<SecretRef> wanted = List.copyOf(new LinkedHashSet<>(refs));
    for (SecretRef ref : wanted) {
      if (ref.key().isEmpty()) {
        throw new InvalidReferenceException("a reference to resolve names no key; write each as"
            + " [scope:]name#key[@version]");
      }
    }
    // Without a cache of its own, the call uses one that lives as long as it does.
    SecretCache using = cache != null ? cache : transientCache(wanted.size());
    Map<SecretRef, SecretValue> values = new LinkedHashMap<>();
    try {
      using.prefetch(wanted, readers::runAll);
      for (SecretRef ref : wanted) {
        String key = ref.key().orElseThrow();
        values.put(ref, resolution(using, using.getPrefetched(ref, key), ref, key).value());
      }
      return values;
    } catch (RuntimeException e) {
      values.values().forEach(SecretValue::destroy);
      throw e;
    } finally {
      if (using != cache) {
        using.close();
      }
    }
  }

  @Override
  public Map<SecretRef, SecretSnapshot> resolveSecrets(Collection<SecretRef> refs) {
    checkOpen();
    List<SecretRef> wanted = List.copyOf(new LinkedHashSet<>(refs));
    // One reference per secret version: pg and public:pg are one secret, served from one read.
    Map<SecretRef, SecretRef> canonical = new LinkedHashMap<>();
    for (SecretRef ref : wanted) {
      if (ref.key().isPresent()) {
        throw new InvalidReferenceException("a reference to a whole secret names a key; write each as"
            + " [scope:]name[@version]");
      }
      canonical.put(ref, ref.withDefaultScope(defaultScope));
    }
    List<SecretRef> distinct = List.copyOf(new LinkedHashSet<>(canonical.values()));
    // A call for more secrets than the cache holds would evict its own first reads before serving them.
    SecretCache using = cache != null && distinct.size() <= cachePolicy.maxEntries() ? cache
        : transientCache(distinct.size());
    Map<SecretRef, SecretCache.Served> served = new HashMap<>();
    Map<SecretRef, SecretSnapshot> snapshots = new LinkedHashMap<>();
    try {
      using.prefetchWhole(distinct, readers::runAll);
      for (SecretRef ref : distinct) {
        served.put(ref, using.whole(ref));
      }
      for (SecretRef ref : wanted) {
        snapshots.put(ref, snapshot(using, served.get(canonical.get(ref)), ref));
      }
      return snapshots;
    } catch (RuntimeException e) {
      snapshots.values().forEach(SecretSnapshot::destroy);
      throw e;
    } finally {
      if (using != cache) {
        using.close();
      }
    }
  }

  /** Returns a copy of every value in what {@code using} served for {@code ref}, after checking access. */
  private SecretSnapshot snapshot(SecretCache using, SecretCache.Served served, SecretRef ref) {
    CachedSecret secret = served.secret();
    SecretId id = ref.id(defaultScope);
    if (!secret.usable()) {
      throw denied(Operation.USE, id, secret.owner());
    }
    SortedMap<String, SecretValue> values = new TreeMap<>();
    secret.keys().forEach(key -> values.put(key, SecretValue.ofBytes(secret.value(key))));
    if (using.closed()) {
      // Closing zeroes the values after it is marked closed: copies taken meanwhile may hold zeros.
      values.values().forEach(SecretValue::destroy);
      throw new IllegalStateException("the client is closed");
    }
    return new SecretSnapshot(id, secret.version(), values, secret.fileNames(),
        Optional.ofNullable(served.staleBecause()));
  }

  /** Returns a cache for one bulk call of a client without a cache of its own, as large as the call needs. */
  private SecretCache transientCache(int entries) {
    return new SecretCache(store, CachePolicy.defaults().withMaxEntries(Math.max(1, entries)), Ticker.system(),
        defaultScope, this::mayUse, this::read, this::missing, () -> 0, ResolveObserver.NONE, readers::execute);
  }

  @Override
  public SecretWatch watch(SecretRef ref, SecretListener listener) {
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(listener, "listener");
    if (ref.version().isPresent()) {
      throw new IllegalArgumentException("watch the latest version: a pinned version never changes");
    }
    return watcher().add(ref.id(defaultScope), ref.key().orElse(null), listener);
  }

  private synchronized SecretWatcher watcher() {
    checkOpen();
    if (watcher == null) {
      CachePolicy policy = cachePolicy != null ? cachePolicy : CachePolicy.defaults();
      Ticker ticks = time != null ? time : Ticker.system();
      watcherCache = cache != null ? cache : new SecretCache(store, policy, ticks, defaultScope, this::mayUse,
          this::read, this::missing, () -> ThreadLocalRandom.current().nextDouble(), ResolveObserver.NONE,
          readers::execute);
      watcher = new SecretWatcher(watcherCache, ticks, policy.ttl().toNanos(),
          (id, secret) -> denied(Operation.USE, id, secret.owner()));
    }
    return watcher;
  }

  /** Returns a copy of the value {@code ref} names when the cache holds it fresh, without calling the store; else null. */
  SecretValue cachedValue(SecretRef ref) {
    return cache == null || closed ? null : cache.hit(Objects.requireNonNull(ref, "ref"));
  }

  /** Looks at every watch that is due, as the watch thread does every second; for tests that move their ticker. */
  void pollWatches() {
    watcher().poll();
  }

  @Override
  public Resolution refresh(SecretRef ref) {
    Objects.requireNonNull(ref, "ref");
    if (cache != null) {
      cache.expire(ref.id(defaultScope), ref.version().orElse(0));
    }
    return lookup(ref);
  }

  @Override
  public void invalidate(SecretRef ref) {
    forget(Objects.requireNonNull(ref, "ref").id(defaultScope));
  }

  private Resolution resolutionFrom(SecretCache using, SecretRef ref, String key) {
    return resolution(using, using.get(ref, key), ref, key);
  }

  /** Returns the value of {@code key} in what {@code using} served for {@code ref}, after checking access. */
  private Resolution resolution(SecretCache using, SecretCache.Served served, SecretRef ref, String key) {
    CachedSecret secret = served.secret();
    if (!secret.usable()) {
      throw denied(Operation.USE, ref.id(defaultScope), secret.owner());
    }
    byte[] value = secret.value(key);
    if (value == null) {
      throw missingKey(ref, key, secret.version(), secret.keys());
    }
    SecretValue copy = SecretValue.ofBytes(value);
    if (using.closed()) {
      // Closing zeroes the values after it is marked closed: a copy taken meanwhile may hold zeros.
      copy.destroy();
      throw new IllegalStateException("the client is closed");
    }
    return new Resolution(copy, secret.version(), served.staleBecause() != null,
        Optional.ofNullable(served.staleBecause()));
  }

  private boolean mayUse(SecretMetadata metadata) {
    return policy.allows(principal, Operation.USE, metadata.owner(), metadata.grants());
  }

  /** Returns the error for a latest version a bulk read did not find. */
  private SecretNotFoundException missing(SecretId id) {
    return notFound(id);
  }

  private StoredSecret read(SecretId id, long version) {
    return version == 0 ? readLatest(id) : readVersion(id, version);
  }

  /** Drops what the cache holds of {@code id}, after a write through this client or on request. */
  private void forget(SecretId id) {
    if (cache != null) {
      cache.invalidate(id);
    }
  }

  private SecretNotFoundException missingKey(SecretRef ref, String key, long version, Set<String> keys) {
    return new SecretNotFoundException(Missing.KEY, ref.withDefaultScope(defaultScope).toString(),
        store.description(), "version " + version + " holds " + String.join(", ", keys)
        + Suggestions.close(key, keys, 1).stream().map(meant -> "; did you mean " + meant + "?").findFirst()
        .orElse(""));
  }

  @Override
  public void registerDependent(SecretId id, String dependent) {
    checkDependent(dependent);
    changeMetadata(id, Operation.USE, metadata -> {
      List<String> dependents = new ArrayList<>(metadata.dependents());
      dependents.add(dependent);
      return metadata.withDependents(dependents);
    });
  }

  @Override
  public void unregisterDependent(SecretId id, String dependent) {
    checkDependent(dependent);
    changeMetadata(id, Operation.UPDATE, metadata -> metadata.withDependents(
        metadata.dependents().stream().filter(d -> !d.equals(dependent)).toList()));
  }

  @Override
  public void grant(SecretId id, String grantee, Permission permission) {
    Grant grant = new Grant(grantee, permission);
    changeMetadata(id, Operation.MANAGE_ACCESS, metadata -> {
      List<Grant> grants = new ArrayList<>(metadata.grants());
      grants.add(grant);
      return metadata.withGrants(grants);
    });
  }

  @Override
  public void revoke(SecretId id, String grantee, Permission permission) {
    Grant grant = new Grant(grantee, permission);
    changeMetadata(id, Operation.MANAGE_ACCESS, metadata -> metadata.withGrants(
        metadata.grants().stream().filter(g -> !g.equals(grant)).toList()));
  }

  @Override
  public void close() {
    SecretWatcher watching;
    SecretCache watchCache;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      watching = watcher;
      watchCache = watcherCache;
    }
    // Outside the lock: a listener running on the watch thread may call this client while the watcher closes.
    if (watching != null) {
      watching.close();
    }
    if (watchCache != null && watchCache != cache) {
      watchCache.close();
    }
    readers.close();
    if (cache != null) {
      cache.close();
    }
    if (cacheTicker != null) {
      cacheTicker.close();
    }
    if (ownsStore) {
      store.close();
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the client is closed");
    }
  }

  @Override
  public String toString() {
    return "SecretClient[store=" + store.description() + ", scope=" + defaultScope + ", principal=" + principal + "]";
  }

  private ApplyResult create(SecretManifest manifest, SecretId id, Map<String, SecretValue> values, Instant now) {
    check(principal, Operation.CREATE, id, null, List.of(), store.description());
    String owner = ownerAfter(manifest, principal.id());
    if (!owner.equals(principal.id())) {
      check(principal, Operation.MANAGE_ACCESS, id, owner, List.of(), store.description());
    }
    StoredSecret written = store.create(id, createdMetadata(manifest, now), values);
    return new ApplyResult(id, ApplyResult.Outcome.CREATED, written.version().number());
  }

  private SecretMetadata metadataOf(SecretManifest manifest, String owner, List<Grant> grants, List<String> dependents,
      Instant createdAt, String createdBy, Instant now) {
    return new SecretMetadata(manifest.type(), manifest.version(), manifest.secret().type(), manifest.secret().acl(),
        owner, manifest.tags(), manifest.description(), manifest.layer(), grants, dependents, createdAt, createdBy,
        now, principal.id(), fileNames(manifest));
  }

  private static Map<String, String> fileNames(SecretManifest manifest) {
    Map<String, String> names = new TreeMap<>();
    manifest.secret().files().forEach((key, file) -> {
      Path name = file.resolved().getFileName();
      names.put(key, name == null ? key : name.toString());
    });
    return names;
  }

  /**
   * Returns the owner an apply of {@code manifest} gives a secret owned by {@code current} (the
   * applier, for a new one): the manifest's {@code owner:} only when a tenant-admin applies it.
   */
  private String ownerAfter(SecretManifest manifest, String current) {
    return manifest.owner() != null && principal.has(Role.TENANT_ADMIN) && !principal.unrestricted()
        ? manifest.owner() : current;
  }

  /** Returns a warning when the manifest's {@code owner:} names someone the apply will not make the owner. */
  private List<String> ownerWarnings(SecretManifest manifest, String owner, String currentOwner) {
    if (manifest.owner() == null || manifest.owner().equals(owner)) {
      return List.of();
    }
    String who = currentOwner == null ? "a new secret is owned by whoever applies it (" + owner + ")"
        : "the secret is owned by " + owner;
    return List.of("owner: " + manifest.owner() + " is ignored: " + who + ", and only a tenant-admin's apply hands"
        + " a secret to another owner; remove the field, or apply as a tenant-admin");
  }

  /** Returns the grants after {@code old}'s owner hands the secret to {@code owner}: the owner's implicit grants move. */
  private static List<Grant> transferredGrants(SecretMetadata old, String owner) {
    return ownerGrants(owner, old.grants().stream().filter(g -> !g.principal().equals(old.owner())
        || g.permission() == Permission.CAN_USE).toList());
  }

  private static List<Grant> ownerGrants(String owner, List<Grant> grants) {
    List<Grant> all = new ArrayList<>(grants);
    all.add(new Grant(owner, Permission.CAN_EDIT));
    all.add(new Grant(owner, Permission.CAN_MANAGE_ACCESS));
    return all;
  }

  private SecretId idOf(SecretManifest manifest) {
    if (manifest.name() == null || manifest.type() == null || manifest.version() == null
        || manifest.secret() == null || manifest.secret().type() == null) {
      throw invalid(manifest, "$", "the manifest lacks name, version, type or the secret section's type;"
          + " read and validate it with ManifestReader and Validator first");
    }
    String scope = manifest.isInstanceSecret() ? SecretId.INSTANCE_SCOPE
        : manifest.workspace() != null ? manifest.workspace() : defaultScope;
    if (!manifest.isInstanceSecret() && SecretId.INSTANCE_SCOPE.equals(scope)) {
      throw invalid(manifest, "workspace", "scope 'instance' is reserved for instance secrets");
    }
    try {
      return SecretId.of(scope, manifest.name());
    } catch (InvalidReferenceException e) {
      throw invalid(manifest, "$", e.getMessage());
    }
  }

  /**
   * Returns the metadata an apply of {@code manifest} would write now: on a secret that exists
   * ({@code existing}), with its grants and dependents, else as a create by this client's principal.
   */
  private SecretMetadata metadataAfter(SecretManifest manifest, Optional<SecretMetadata> existing) {
    Instant now = clock.instant();
    return existing.map(old -> updatedMetadata(manifest, old, now)).orElseGet(() -> createdMetadata(manifest, now));
  }

  /**
   * Returns the metadata an apply of {@code manifest} creates a secret with: owned by the applier,
   * or by a tenant-admin's {@code owner:}.
   */
  private SecretMetadata createdMetadata(SecretManifest manifest, Instant now) {
    String owner = ownerAfter(manifest, principal.id());
    return metadataOf(manifest, owner, ownerGrants(owner, List.of()), List.of(), now, principal.id(), now);
  }

  /**
   * Returns the metadata an apply of {@code manifest} writes over {@code old}: its grants and
   * dependents kept, and the owner's grants moved when a tenant-admin's {@code owner:} transfers it.
   */
  private SecretMetadata updatedMetadata(SecretManifest manifest, SecretMetadata old, Instant now) {
    String owner = ownerAfter(manifest, old.owner());
    return metadataOf(manifest, owner, owner.equals(old.owner()) ? old.grants() : transferredGrants(old, owner),
        old.dependents(), old.createdAt(), old.createdBy(), now);
  }

  /**
   * Returns what writing {@code desired} and {@code values} over a secret with {@code old} metadata
   * and latest values {@code current} is: a new version when the values differ, metadata only, or
   * nothing. Comparing values tells the caller whether a guess was right, so only a principal who
   * may use the secret gets "unchanged"; an editor without use always writes a new version.
   */
  private Plan.Action updateAction(SecretMetadata old, SecretMetadata desired, Map<String, SecretValue> current,
      Map<String, SecretValue> values) {
    boolean mayCompare = policy.allows(principal, Operation.USE, old.owner(), old.grants());
    if (!mayCompare || !sameValues(current, values)) {
      return Plan.Action.UPDATE;
    }
    return !desired.sameManifestFields(old) || !desired.grants().equals(old.grants()) ? Plan.Action.UPDATE_METADATA
        : Plan.Action.UNCHANGED;
  }

  /** Returns every way the store would refuse {@code manifest}, written with {@code metadata}. */
  private List<Violation> limitViolations(SecretManifest manifest, SecretMetadata metadata,
      Map<String, SecretValue> values) {
    List<Violation> violations = new ArrayList<>();
    if (values.isEmpty()) {
      violations.add(new Violation(Severity.ERROR, "secret", 0, 0, "the secret holds no key",
          "add at least one key under data or files"));
    }
    violations.addAll(StoreLimits.findings(store.problems(metadata, values), store.description(),
        manifest));
    return violations;
  }

  private static InvalidManifestException invalid(SecretManifest manifest, String path, String message) {
    Violation violation = new Violation(Severity.ERROR, path, 0, 0, message, "fix the manifest");
    return new InvalidManifestException(List.of(new Validation(
        "manifest " + (manifest.name() == null ? "(unnamed)" : manifest.name()), 0, List.of(violation), manifest)));
  }

  private StoredSecret readLatest(SecretId id) {
    Objects.requireNonNull(id, "id");
    return store.read(id).orElseThrow(() -> notFound(id));
  }

  private StoredSecret readVersion(SecretId id, long version) {
    Objects.requireNonNull(id, "id");
    if (version < 1) {
      throw new IllegalArgumentException("versions start at 1");
    }
    Optional<StoredSecret> found = store.read(id, version);
    if (found.isPresent()) {
      return found.get();
    }
    List<SecretVersion> versions = store.versions(id);
    if (versions.isEmpty()) {
      throw notFound(id);
    }
    throw new SecretNotFoundException(Missing.VERSION, SecretRef.to(id).atVersion(version).toString(),
        store.description(), "the store keeps versions " + versions.get(0).number() + " to "
        + versions.get(versions.size() - 1).number());
  }

  /** Returns the error for a secret that is not there; when the store itself does not exist, it says so. */
  private SecretNotFoundException notFound(SecretId id) {
    Optional<String> absence = store.absence();
    return absence.isPresent()
        ? new SecretNotFoundException(Missing.STORE, id.toString(), store.description(), absence.get())
        : new SecretNotFoundException(Missing.SECRET, id.toString(), store.description(), "");
  }

  private void checkUse(StoredSecret stored) {
    SecretMetadata metadata = stored.metadata();
    if (!policy.allows(principal, Operation.USE, metadata.owner(), metadata.grants())) {
      wipe(stored);
      check(principal, Operation.USE, stored.id(), metadata.owner(), metadata.grants(), store.description());
    }
  }

  /**
   * Changes metadata with an optimistic write, retrying when another writer got there first:
   * metadata changes commute, so a retry on the fresh state loses nothing.
   */
  private void changeMetadata(SecretId id, Operation operation, UnaryOperator<SecretMetadata> change) {
    try {
      changeMetadataNow(id, operation, change);
    } finally {
      forget(id);
    }
  }

  private void changeMetadataNow(SecretId id, Operation operation, UnaryOperator<SecretMetadata> change) {
    for (int attempt = 1; ; attempt++) {
      SecretHead current = store.head(id).orElseThrow(() -> notFound(id));
      SecretMetadata metadata = current.metadata();
      check(principal, operation, id, metadata.owner(), metadata.grants(), store.description());
      SecretMetadata changed = change.apply(metadata);
      if (changed.equals(metadata)) {
        return;
      }
      SecretMetadata touched = changed.touchedBy(principal.id(), clock.instant());
      List<StoreLimits.Problem> problems = store.problems(touched, Map.of());
      if (problems.stream().anyMatch(StoreLimits.Problem::metadata)) {
        throw StoreLimits.refusal(id, store.description(),
            problems.stream().filter(StoreLimits.Problem::metadata).toList());
      }
      try {
        store.updateMetadata(id, current.revision(), touched);
        return;
      } catch (ConflictException e) {
        if (e.reason() != ConflictException.Reason.CHANGED || attempt == METADATA_ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  private static void checkDependent(String dependent) {
    Objects.requireNonNull(dependent, "dependent");
    if (!DEPENDENT.matcher(dependent).matches()) {
      throw new IllegalArgumentException("invalid dependent: expected kind:version:name or"
          + " kind:version:name:workspace in lower case, such as depot:v2alpha:sales");
    }
  }

  private static boolean sameValues(Map<String, SecretValue> stored, Map<String, SecretValue> wanted) {
    if (!stored.keySet().equals(wanted.keySet())) {
      return false;
    }
    boolean same = true;
    for (Map.Entry<String, SecretValue> entry : wanted.entrySet()) {
      same &= entry.getValue().equals(stored.get(entry.getKey()));
    }
    return same;
  }

  private static void wipe(StoredSecret stored) {
    stored.values().values().forEach(SecretValue::destroy);
  }

  private void check(Principal principal, Operation operation, SecretId id, String owner, Collection<Grant> grants,
      String store) {
    if (!policy.allows(principal, operation, owner, grants)) {
      throw new AccessDeniedException(principal, operation, id, owner, store);
    }
  }
}
