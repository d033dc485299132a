package dev.secretkit.benchmarks;

import dev.secretkit.SecretId;
import dev.secretkit.SecretMetadata;
import dev.secretkit.SecretValue;
import dev.secretkit.SecretVersion;
import dev.secretkit.spi.ForwardingSecretStore;
import dev.secretkit.spi.SecretHead;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoredSecret;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;

/**
 * A store that holds nothing and answers every read with a secret made on the spot: version 1 of a single-key secret
 * ({@value #KEY}) with a 32-byte value, a 36-character revision as AWS gives (a UUID of the id) and an owner, the
 * value, revision and owner new objects on each read, as a store that decodes JSON gives them (Jackson canonicalizes
 * the key, a field name, and not the values). It counts its reads, so that a second pass over cached secrets can show
 * it read nothing. Writes go to the empty delegate.
 */
final class SyntheticStore extends ForwardingSecretStore {
  static final String KEY = "password";
  private static final Instant CREATED = Instant.parse("2025-01-01T00:00:00Z");

  private final LongAdder reads = new LongAdder();

  /** Forwards what it does not make up to {@code empty}. */
  SyntheticStore(SecretStore empty) {
    super(empty);
  }

  /** Returns how many reads were answered. */
  long reads() {
    return reads.sum();
  }

  @Override
  public Optional<StoredSecret> read(SecretId id) {
    reads.increment();
    return Optional.of(secret(id));
  }

  @Override
  public Optional<StoredSecret> read(SecretId id, long version) {
    return version == 1 ? read(id) : Optional.empty();
  }

  @Override
  public Optional<SecretHead> head(SecretId id) {
    StoredSecret secret = secret(id);
    secret.values().values().forEach(SecretValue::destroy);
    return Optional.of(secret.head());
  }

  @Override
  public Optional<String> probe(SecretId id) {
    return Optional.of(revision(id));
  }

  private static StoredSecret secret(SecretId id) {
    String owner = new String("bench-owner".toCharArray());
    SecretMetadata metadata = new SecretMetadata("secret", "v1", "key-value-properties", "r", owner, List.of(), null,
        null, List.of(), List.of(), CREATED, owner, CREATED, owner);
    byte[] value = Manifests.password(id.name()).getBytes(StandardCharsets.UTF_8);
    return StoredSecret.of(id, revision(id), new SecretVersion(1, CREATED, owner), metadata,
        Map.of(KEY, SecretValue.ofBytes(value)));
  }

  private static String revision(SecretId id) {
    return UUID.nameUUIDFromBytes(id.toString().getBytes(StandardCharsets.UTF_8)).toString();
  }
}
