package dev.secretkit.emulator.vault;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a token the emulator issues may do and for how long: the {@code namespace} it belongs to, its
 * {@code policies}, its {@code ttl}, its explicit {@code maxTtl} and whether it is {@code renewable}. It
 * describes a token made by {@link VaultEmulator#createToken}, or the tokens an AppRole or Kubernetes
 * role issues at login.
 *
 * <p>As in Vault, every token but a root token also has the {@code default} policy, which lets it look
 * itself up, renew and revoke itself, unless {@link #withoutDefaultPolicy()} leaves it out, as
 * {@code no_default_policy} on {@code auth/token/create} and {@code token_no_default_policy} on an AppRole or
 * Kubernetes role do. A token's TTL counts from its creation or last renewal; it never
 * outlives {@code maxTtl} after its creation, or {@link #SYSTEM_MAX_TTL} when {@code maxTtl} is zero.
 * {@link #withBatchTokens()} makes them batch tokens, as {@code token_type=batch} on a role does: never
 * renewable, and never revocable before they expire.
 * Start from {@link #of(String...)} and adjust with the {@code with} methods, such as
 * {@code TokenSpec.of("app").withTtl(Duration.ofMinutes(5))}.
 *
 * @param namespace the namespace, {@code ""} for the root or a path such as {@code "team-a/"}
 * @param policies the names of the token's policies, besides {@code default}
 * @param ttl how long the token lives after its creation or a renewal
 * @param maxTtl how long it may live at most after its creation, or zero for {@link #SYSTEM_MAX_TTL}
 * @param renewable whether {@code auth/token/renew-self} may extend it
 * @param defaultPolicy whether the token also has the {@code default} policy
 * @param batch whether it is a batch token ({@code hvb.}) rather than a service token ({@code hvs.})
 */
public record TokenSpec(String namespace, List<String> policies, Duration ttl, Duration maxTtl, boolean renewable,
    boolean defaultPolicy, boolean batch) {
  /** Vault's default system max TTL, 768 hours (32 days), which is also a token's default TTL. */
  public static final Duration SYSTEM_MAX_TTL = Duration.ofHours(768);

  /**
   * Checks and normalizes the components: the namespace loses leading slashes and gains a trailing one
   * ({@code "root"} is the root namespace, {@code ""}).
   *
   * @throws IllegalArgumentException if a policy name is blank, {@code ttl} is not positive or
   *     {@code maxTtl} is negative
   */
  public TokenSpec {
    namespace = Namespaces.canonical(Objects.requireNonNull(namespace, "namespace"));
    policies = List.copyOf(policies);
    for (String policy : policies) {
      if (policy.isBlank()) {
        throw new IllegalArgumentException("a policy name must not be blank: " + policies);
      }
    }
    Objects.requireNonNull(ttl, "ttl");
    Objects.requireNonNull(maxTtl, "maxTtl");
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("a token's ttl must be positive: " + ttl);
    }
    if (maxTtl.isNegative()) {
      throw new IllegalArgumentException("a token's maxTtl must be zero (the system maximum) or positive: " + maxTtl);
    }
  }

  /**
   * Returns a spec for renewable service tokens in the root namespace with {@code policies}, a TTL of
   * {@link #SYSTEM_MAX_TTL}, no explicit max TTL and the {@code default} policy, as Vault gives a token created
   * without options.
   */
  public static TokenSpec of(String... policies) {
    return new TokenSpec("", List.of(policies), SYSTEM_MAX_TTL, Duration.ZERO, true, true, false);
  }

  /** Returns this spec with the tokens in {@code path}, such as {@code "team-a"} or {@code "team-a/child"}. */
  public TokenSpec inNamespace(String path) {
    return new TokenSpec(path, policies, ttl, maxTtl, renewable, defaultPolicy, batch);
  }

  /** Returns this spec with tokens that live {@code duration} after their creation or last renewal. */
  public TokenSpec withTtl(Duration duration) {
    return new TokenSpec(namespace, policies, duration, maxTtl, renewable, defaultPolicy, batch);
  }

  /** Returns this spec with tokens that never live longer than {@code duration} after their creation. */
  public TokenSpec withMaxTtl(Duration duration) {
    return new TokenSpec(namespace, policies, ttl, duration, renewable, defaultPolicy, batch);
  }

  /** Returns this spec with tokens that {@code auth/token/renew-self} refuses to renew. */
  public TokenSpec nonRenewable() {
    return new TokenSpec(namespace, policies, ttl, maxTtl, false, defaultPolicy, batch);
  }

  /**
   * Returns this spec with tokens that lack the {@code default} policy, so that they may not look themselves
   * up or renew themselves unless another of their policies allows it.
   */
  public TokenSpec withoutDefaultPolicy() {
    return new TokenSpec(namespace, policies, ttl, maxTtl, renewable, false, batch);
  }

  /**
   * Returns this spec with batch tokens: {@code auth/token/renew-self} refuses them with 400 {@code batch tokens
   * cannot be renewed} and {@code auth/token/revoke-self} with 400 {@code batch tokens cannot be revoked}, as
   * Vault's expiration manager does, and Vault keeps none of them in its storage.
   */
  public TokenSpec withBatchTokens() {
    return new TokenSpec(namespace, policies, ttl, maxTtl, false, defaultPolicy, true);
  }
}
